package dev.faasport.local;

import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's login, session and CSRF rules and its API, over plain HTTP (the browser flows: DashboardBrowserTest). */
class DashboardTest {

    @TempDir
    static Path tmp;
    static DashboardFixture fx;
    static URI base;
    /** Follows no redirect, to see the login's answer itself. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture(tmp);
        base = fx.runtime.baseUri();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the session cookie ("name=value") after logging in with a fresh link */
    static String login() throws Exception {
        URI link = fx.control.dashboardLogin();
        HttpResponse<String> r = send("GET", link.getRawPath() + "?" + link.getRawQuery(), null);
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    static String csrf(String cookie) throws Exception {
        Matcher m = Pattern.compile("name=\"faasport-csrf\" content=\"([^\"]+)\"")
                .matcher(send("GET", Dashboard.PATH + "/", null, "Cookie", cookie).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aLoginLinkWorksOnceAndBecomesAStrictHttpOnlyCookieAndARedirectWithoutTheCode() throws Exception {
        URI link = fx.control.dashboardLogin();
        assertThat(link.toString()).startsWith(base + Dashboard.PATH + "/login?code=");
        String pathAndQuery = link.getRawPath() + "?" + link.getRawQuery();
        HttpResponse<String> first = send("GET", pathAndQuery, null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue(Dashboard.PATH + "/");
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=" + Dashboard.PATH);
        assertThat(first.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        HttpResponse<String> again = send("GET", pathAndQuery, null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("used already or has expired").contains("perhaps you should run mvn faas:dashboard");
        assertThat(send("GET", Dashboard.PATH + "/login?code=guessed", null).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyTheOwnerGetsALoginCode() throws Exception {
        assertThat(send("POST", Dashboard.PATH + "/login-codes", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", Dashboard.PATH + "/login-codes", null, "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
    }

    @Test
    void withoutASessionThePageAndItsDataAreRefused() throws Exception {
        for (String path : List.of("/", "/api/state", "/api/logs?function=hello")) {
            HttpResponse<String> r = send("GET", Dashboard.PATH + path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).contains("perhaps you should run mvn faas:dashboard");
        }
        assertThat(send("GET", Dashboard.PATH + "/", null, "Cookie", "faasport_session=made-up").statusCode()).isEqualTo(401);
    }

    @Test
    void aStateChangeNeedsTheCsrfTokenOfTheSessionBesideTheCookie() throws Exception {
        String cookie = login();
        String body = "{\"function\":\"hello\",\"method\":\"GET\",\"path\":\"/\"}";
        HttpResponse<String> noToken = send("POST", Dashboard.PATH + "/api/invoke", body, "Cookie", cookie);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-Faasport-Csrf").contains("perhaps you should");
        String otherSessionsToken = csrf(login());
        assertThat(send("POST", Dashboard.PATH + "/api/invoke", body, "Cookie", cookie, "X-Faasport-Csrf",
                otherSessionsToken).statusCode()).isEqualTo(403);

        HttpResponse<String> ok = send("POST", Dashboard.PATH + "/api/invoke", body, "Cookie", cookie,
                "X-Faasport-Csrf", csrf(cookie));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(ok.body())).containsEntry("status", 200L);
    }

    @Test
    void anotherOriginOrHostIsRefusedEvenWithTheCookieAndToken() throws Exception {
        String cookie = login();
        String token = csrf(cookie);
        HttpResponse<String> foreignRead = send("GET", Dashboard.PATH + "/api/state", null, "Cookie", cookie,
                "Origin", "http://127.0.0.1:1");
        assertThat(foreignRead.statusCode()).isEqualTo(403);
        assertThat(foreignRead.body()).contains("Origin 'http://127.0.0.1:1' is not local");
        assertThat(send("POST", Dashboard.PATH + "/api/redrive?queue=orders", null, "Cookie", cookie,
                "X-Faasport-Csrf", token, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(TriggerFixtures.rawStatus("GET " + Dashboard.PATH + "/api/state HTTP/1.1\r\nHost: rebound.example:"
                + fx.runtime.port() + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n", fx.runtime.port())).isEqualTo(403);
    }

    @Test
    void theTryItAnswerCarriesTheLinesThatInvocationLogged() throws Exception {
        String cookie = login();
        HttpResponse<String> r = send("POST", Dashboard.PATH + "/api/invoke",
                "{\"function\":\"hello\",\"method\":\"GET\",\"path\":\"/print\",\"query\":\"text=tried-it\"}",
                "Cookie", cookie, "X-Faasport-Csrf", csrf(cookie));
        Map<String, Object> answer = Json.parseObject(r.body());
        assertThat(answer).containsEntry("status", 200L).containsEntry("body", "printed");
        assertThat(answer.get("logs").toString()).contains("printed by hello tried-it").contains("logged via context");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLogFilterTakesTheWholeInvocationId() throws Exception {
        String cookie = login();
        String token = csrf(cookie);
        List<String> ids = new java.util.ArrayList<>();
        // calls until one id is the start of another (hello-1-2 and hello-1-20): the other tests call hello too
        while (ids.size() < 300 && ids.stream().noneMatch(i -> ids.contains(i + "0"))) {
            Map<String, Object> answer = Json.parseObject(send("POST", Dashboard.PATH + "/api/invoke",
                    "{\"function\":\"hello\",\"path\":\"/print\"}", "Cookie", cookie, "X-Faasport-Csrf", token).body());
            String line = ((List<String>) answer.get("logs")).stream().filter(l -> l.contains("logged via context"))
                    .findFirst().orElseThrow();
            ids.add(line.substring(0, line.indexOf(' ')));
        }
        String id = ids.stream().filter(i -> ids.contains(i + "0")).findFirst().orElseThrow();
        Map<String, Object> logs = Json.parseObject(send("GET", Dashboard.PATH + "/api/logs?function=hello&invocation=" + id,
                null, "Cookie", cookie).body());
        assertThat((List<String>) logs.get("lines")).hasSize(1).allMatch(l -> l.startsWith(id + " "));
    }

    @Test
    void aTryItRequestThatIsNotJsonIsA400ThatSaysWhatToSend() throws Exception {
        String cookie = login();
        HttpResponse<String> r = send("POST", Dashboard.PATH + "/api/invoke", "function=hello", "Cookie", cookie,
                "X-Faasport-Csrf", csrf(cookie));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not a JSON object").contains("perhaps you should");
    }

    @Test
    void faasDashboardGetsItsOneTimeLinkThroughTheProvider() throws Exception {
        LocalProvider provider = new LocalProvider();
        URI link = provider.dashboardLogin(new dev.faasport.spi.ProviderConfig("test-set",
                Map.of("local.home", tmp.resolve("home").toString()), tmp, null));
        assertThat(send("GET", link.getRawPath() + "?" + link.getRawQuery(), null).statusCode()).isEqualTo(303);

        Path empty = java.nio.file.Files.createDirectories(tmp.resolve("no-runtime"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.dashboardLogin(new dev.faasport.spi.ProviderConfig(
                        "test-set", Map.of("local.home", empty.toString()), tmp, null)))
                .hasMessageContaining("No local runtime runs for " + empty)
                .satisfies(e -> assertThat(((dev.faasport.spi.ProviderException) e).suggestion()).contains("mvn faas:deploy"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCostPerVendorIsEstimatedFromTheMeasuredRunsAsFaasCostDoes() throws Exception {
        String cookie = login();
        send("POST", Dashboard.PATH + "/api/invoke", "{\"function\":\"hello\",\"path\":\"/\"}", "Cookie", cookie,
                "X-Faasport-Csrf", csrf(cookie));
        HttpResponse<String> r = send("GET", Dashboard.PATH + "/api/cost?invocationsPerMonth=5000000", null, "Cookie", cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> cost = Json.parseObject(r.body());
        assertThat(cost).containsEntry("invocationsPerMonth", 5_000_000L).containsKey("asOf");
        List<Map<String, Object>> estimates = (List<Map<String, Object>>) cost.get("estimates");
        assertThat(estimates).extracting(e -> e.get("vendor")).contains("AWS Lambda", "Azure Functions", "Google Cloud Functions");
        // only measured functions count (as faas:cost): hello ran, the others may not have
        assertThat(estimates.get(0).get("functions").toString()).contains("function=hello", "invocations=5000000");
        assertThat(send("GET", Dashboard.PATH + "/api/cost?invocationsPerMonth=-1", null, "Cookie", cookie).body())
                .contains("invocationsPerMonth").contains("perhaps you should");
    }

    @Test
    void theBackgroundRuntimeHasTheCostCalculatorOnItsClasspath() throws Exception {
        String costJar = Path.of(dev.faasport.cost.CostCalculator.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        assertThat(Daemon.classpath().split(java.io.File.pathSeparator)).contains(costJar);
    }

    @Test
    void deadLettersAreSentBackToTheirQueue() throws Exception {
        fx.runtime.events.send("orders", "fail-1".getBytes(StandardCharsets.UTF_8), Map.of());
        TriggerFixtures.await("the dead letter", Duration.ofSeconds(40), () -> fx.depth("orders-dlq") == 1);
        fx.deploy(DashboardFixture.ORDERS, Map.of("FAIL_PREFIX", "never")); // the bug is fixed: send them back
        String cookie = login();
        HttpResponse<String> r = send("POST", Dashboard.PATH + "/api/redrive?queue=orders", null,
                "Cookie", cookie, "X-Faasport-Csrf", csrf(cookie));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(r.body())).containsEntry("moved", 1L);
        assertThat(fx.depth("orders-dlq")).isZero();
        TriggerFixtures.await("the redriven message", Duration.ofSeconds(40),
                () -> TriggerFixtures.keysQuietly(base, "marks", "q/orders/").contains("q/orders/fail-1"));
    }
}
