package dev.faasport.local;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium, as its owner uses it: log in through the link, try a function, read its
 * counters and logs, upload an object that triggers a function, drain a dead-letter queue; and a page of another
 * origin that tries to read and change the runtime through the same browser (which holds the session cookie).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path tmp;
    static DashboardFixture fx;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        driver = HeadlessChromium.start();
        fx = new DashboardFixture(tmp);
        URI link = fx.control.dashboardLogin();
        driver.get(link.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (driver != null) {
                HeadlessChromium.screenshot(driver, "dashboard-last");
                driver.quit();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    static String text(String css) {
        return unlessRedrawn(() -> driver.findElement(By.cssSelector(css)).getText());
    }

    /** The page redraws its tables on every refresh: an element found may be replaced before it is read; read again. */
    static String unlessRedrawn(Supplier<String> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** @return the text of a function's cell, "" while the row is not drawn yet */
    static String cell(String table, String row, String column) {
        By css = By.cssSelector("#" + table + " tr[data-" + (table.equals("queues") ? "queue" : "function")
                + "='" + row + "'] td[data-col='" + column + "']");
        return unlessRedrawn(() -> {
            var cells = driver.findElements(css);
            return cells.isEmpty() ? "" : cells.get(0).getText();
        });
    }

    /** Clicks what the selector finds, finding it again when the page redrew it in between. */
    static void click(By what) {
        unlessRedrawn(() -> {
            driver.findElement(what).click();
            return "";
        });
    }

    static void choose(String selectId, String option) {
        unlessRedrawn(() -> {
            driver.findElements(By.cssSelector("#" + selectId + " option")).stream()
                    .filter(o -> o.getText().equals(option)).findFirst().orElseThrow().click();
            return "";
        });
    }

    static void await(String what, Supplier<Boolean> done) throws Exception {
        try {
            TriggerFixtures.await(what, WAIT, () -> {
                try {
                    return done.get();
                } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            HeadlessChromium.screenshot(driver, "dashboard-failed");
            throw e;
        }
    }

    @Test
    @Order(1)
    void theLoginLinkLeavesTheAddressBarWithoutItsCodeAndShowsTheSet() throws Exception {
        assertThat(driver.getCurrentUrl()).isEqualTo(fx.runtime.baseUri() + Dashboard.PATH + "/").doesNotContain("code");
        await("the functions", () -> cell("functions", "hello", "trigger").equals("http")
                && cell("functions", "on-upload", "trigger").equals("storage")
                && cell("functions", "orders-fn", "trigger").equals("queue"));
        assertThat(cell("functions", "hello", "url")).isEqualTo(fx.runtime.functionUri("hello").toString());
        assertThat(cell("functions", "hello", "memory")).isEqualTo("128 MB");
        assertThat(cell("functions", "hello", "invocations")).isEqualTo("0");
        HeadlessChromium.screenshot(driver, "dashboard-login");
    }

    @Test
    @Order(2)
    void tryingAFunctionShowsItsAnswerItsLogLinesAndMovesItsCounters() throws Exception {
        choose("try-function", "hello");
        WebElement path = driver.findElement(By.cssSelector("#try input[name=path]"));
        path.clear();
        path.sendKeys("/print");
        driver.findElement(By.cssSelector("#try input[name=query]")).sendKeys("text=from-the-browser");
        driver.findElement(By.id("try-send")).click();
        await("the answer", () -> text("#try-status").equals("200"));
        assertThat(text("#try-body")).isEqualTo("printed");
        assertThat(text("#try-logs")).contains("printed by hello from-the-browser").contains("logged via context");
        await("the counters", () -> cell("functions", "hello", "invocations").equals("1")
                && cell("functions", "hello", "coldStarts").equals("1"));
        assertThat(cell("functions", "hello", "duration")).matches("[0-9.]+ / [0-9.]+ / [0-9.]+");
        await("the cost estimate", () -> !driver.findElements(By.cssSelector("#cost tr[data-plan='aws-x86']")).isEmpty());
        assertThat(text("#cost tr[data-plan='aws-x86']")).startsWith("AWS Lambda x86_64");

        choose("log-function", "hello");
        await("the log tail", () -> text("#logs").contains("from-the-browser"));
        String contextLine = text("#try-logs").lines().filter(l -> l.contains("logged via context")).findFirst().orElseThrow();
        String invocationId = contextLine.substring(0, contextLine.indexOf(' '));
        driver.findElement(By.id("try-send")).click(); // a second invocation, filtered out below
        await("the second call", () -> cell("functions", "hello", "invocations").equals("2"));
        driver.findElement(By.id("log-invocation")).sendKeys(invocationId);
        await("the filtered log", () -> text("#logs").lines().count() == 1 && text("#logs").contains(invocationId));
        HeadlessChromium.screenshot(driver, "dashboard-try-it");
    }

    @Test
    @Order(3)
    void anUploadFromThePageRunsTheBucketsFunction() throws Exception {
        Path file = Files.write(tmp.resolve("cat.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        driver.findElement(By.id("upload-bucket")).sendKeys("photos");
        driver.findElement(By.id("upload-key")).sendKeys("in/cat.png");
        driver.findElement(By.id("upload-file")).sendKeys(file.toString());
        driver.findElement(By.id("upload-send")).click();
        await("the upload", () -> text("#upload-result").equals("uploaded in/cat.png (4 bytes), triggered 1 function(s)"));
        await("the triggered run", () -> cell("functions", "on-upload", "invocations").equals("1"));
        await("the function's output", () -> !driver.findElements(By.cssSelector("li[data-key='marks/CREATED/photos/in/cat.png']")).isEmpty());
        assertThat(fx.runtime.buckets.get("photos", "in/cat.png")).exists();
    }

    @Test
    @Order(4)
    void theRedriveButtonDrainsADeadLetterQueue() throws Exception {
        fx.runtime.events.send("orders", "fail-2".getBytes(StandardCharsets.UTF_8), Map.of());
        await("the dead letter on the page", () -> cell("queues", "orders", "deadLetters").equals("1"));
        HeadlessChromium.screenshot(driver, "dashboard-dead-letter");
        fx.deploy(DashboardFixture.ORDERS, Map.of("FAIL_PREFIX", "never")); // the bug is fixed: send them back
        click(By.cssSelector("#queues tr[data-queue='orders'] button.redrive"));
        await("the redrive", () -> text("#queue-result").equals("1 message(s) sent back to orders"));
        await("the drained queue", () -> cell("queues", "orders", "deadLetters").equals("0")
                && !driver.findElements(By.cssSelector("li[data-key='marks/q/orders/fail-2']")).isEmpty());
        assertThat(fx.depth("orders-dlq")).isZero();
        HeadlessChromium.screenshot(driver, "dashboard");
    }

    @Test
    @Order(5)
    void aScheduleShowsItsNextRunAndFiresNowFromThePage() throws Exception {
        await("the next run", () -> cell("functions", "nightly", "events").contains("next run"));
        click(By.cssSelector("#functions tr[data-function='nightly'] td[data-col='events'] button"));
        await("the fired run", () -> cell("functions", "nightly", "invocations").equals("1")
                && !driver.findElements(By.cssSelector("li[data-key^='marks/tick/manual/']")).isEmpty());
    }

    @Test
    @Order(6)
    void aPageOfAnotherOriginCanNeitherReadNorChangeAnything() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            byte[] page = "<!DOCTYPE html><title>another site</title><p>another site</p>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        other.start();
        try {
            long invocations = invocations("hello");
            driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            String rt = fx.runtime.baseUri().toString();
            // each attempt reports what the page could see: a readable answer would be a leak
            Object seen = driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1], rt = arguments[0], out = [];
                    const attempt = (name, url, init) => fetch(url, Object.assign({credentials: 'include'}, init))
                      .then(r => r.text().then(t => out.push(name + ': read ' + r.status + ' ' + t.slice(0, 80))))
                      .catch(e => out.push(name + ': refused ' + e.name));
                    (async () => {
                      await attempt('state', rt + '/_faas/dashboard/api/state', {});
                      await attempt('page', rt + '/_faas/dashboard/', {});
                      await attempt('invoke', rt + '/_faas/dashboard/api/invoke', {method: 'POST',
                        headers: {'Content-Type': 'text/plain'}, body: '{"function":"hello","path":"/"}'});
                      await attempt('delete', rt + '/_buckets/photos/in/cat.png', {method: 'DELETE'});
                      await attempt('simple-post', rt + '/_faas/dashboard/api/invoke', {method: 'POST', mode: 'no-cors',
                        body: '{"function":"hello","path":"/"}'});
                      done(out.join('\\n'));
                    })();
                    """, rt);
            assertThat(String.valueOf(seen)).contains("state: refused TypeError", "page: refused TypeError",
                    "invoke: refused TypeError", "delete: refused TypeError").doesNotContain("read 2");
            // what the server did matters as much as what the page saw: nothing changed
            assertThat(fx.runtime.buckets.get("photos", "in/cat.png")).exists();
            assertThat(invocations("hello")).isEqualTo(invocations);
        } finally {
            other.stop(0);
        }
    }

    @SuppressWarnings("unchecked")
    static long invocations(String function) {
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) fx.runtime.metrics().get("functions"))
                .get(function)).get("invocations")).longValue();
    }
}
