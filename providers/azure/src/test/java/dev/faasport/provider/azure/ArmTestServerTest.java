package dev.faasport.provider.azure;

import dev.faasport.provider.azure.testing.ArmTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The ARM test server enforces the documented rules the provider relies on, independently of the provider. */
class ArmTestServerTest {
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg";
    ArmTestServer arm;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        arm = new ArmTestServer();
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(arm.endpoint() + path + (path.contains("?") ? "&" : "?") + "api-version=2025-03-01"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            b.header("Authorization", "Bearer test");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String plan(String name, String sku) throws Exception {
        HttpResponse<String> r = call("PUT", RG + "/providers/Microsoft.Web/serverfarms/" + name,
                "{\"location\":\"westeurope\",\"kind\":\"functionapp\",\"sku\":{\"name\":\"" + sku + "\"},\"properties\":{\"reserved\":true}}", true);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Azure-AsyncOperation")).isPresent();
        return RG + "/providers/Microsoft.Web/serverfarms/" + name;
    }

    String site(String farm) {
        return "{\"location\":\"westeurope\",\"kind\":\"functionapp,linux\",\"properties\":{\"serverFarmId\":\"" + farm + "\"}}";
    }

    @Test
    void enforcesAuthApiVersionNamesAndPlanLimits() throws Exception {
        assertThat(call("GET", "/subscriptions/x", null, false).statusCode()).isEqualTo(401);
        HttpResponse<String> noVersion = http.send(HttpRequest.newBuilder(URI.create(arm.endpoint() + "/subscriptions/x"))
                .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("MissingApiVersionParameter");

        assertThat(call("PUT", "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg", "{\"location\":\"westeurope\"}", true)
                .statusCode()).isEqualTo(201);
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/serverfarms/p0", "{\"location\":\"westeurope\",\"sku\":{\"name\":\"S1\"}}", true)
                .body()).contains("InvalidSku");
        assertThat(call("PUT", RG + "/providers/Microsoft.Storage/storageAccounts/Bad_Name", "{\"location\":\"westeurope\"}", true)
                .body()).contains("AccountNameInvalid");

        String flex = plan("flexplan", "FC1");
        Thread.sleep(400); // operations finish on their own
        HttpResponse<String> bad = call("PUT", RG + "/providers/Microsoft.Web/sites/-bad-", site(flex), true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidSiteName");
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/a", site(flex), true).statusCode()).isEqualTo(400);
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/first", site(flex), true).statusCode()).isEqualTo(202);
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/first", site(flex), true).body())
                .as("an operation in progress").contains("another operation in progress");
        Thread.sleep(400);
        HttpResponse<String> second = call("PUT", RG + "/providers/Microsoft.Web/sites/second", site(flex), true);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("only one function app");
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/third", site(RG + "/providers/Microsoft.Web/serverfarms/none"), true)
                .body()).contains("ServerFarmNotFound");
        assertThat(call("DELETE", RG + "/providers/Microsoft.Web/serverfarms/flexplan", null, true).statusCode()).isEqualTo(409);
    }

    @Test
    void flexScaleSettingsAreValidatedOnCreateAndUpdate() throws Exception {
        call("PUT", "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg", "{\"location\":\"westeurope\"}", true);
        String flex = plan("fp", "FC1");
        String y1 = plan("yp", "Y1");
        Thread.sleep(400);
        String cfg = "\"functionAppConfig\":{\"scaleAndConcurrency\":{\"instanceMemoryMB\":%d,\"alwaysReady\":[{\"name\":\"%s\",\"instanceCount\":%d}]}}";
        String body = "{\"location\":\"westeurope\",\"kind\":\"functionapp,linux\",\"properties\":{\"serverFarmId\":\"%s\"," + cfg + "}}";
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/f1", String.format(body, flex, 1000, "function:a", 1), true).body())
                .contains("instanceMemoryMB");
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/f1", String.format(body, y1, 2048, "function:a", 1), true).body())
                .contains("Flex Consumption");
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/f1", String.format(body, flex, 2048, "function:a", 1), true)
                .statusCode()).isEqualTo(202);
        Thread.sleep(400);
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/f1", String.format(body, flex, 2048, "function:a", -1), true).body())
                .contains("alwaysReady");
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/f1", String.format(body, flex, 4096, "function:a", 3), true)
                .statusCode()).isEqualTo(202);
        assertThat(arm.functionAppConfig("f1").toString()).contains("instanceMemoryMB=4096").contains("instanceCount=3");
        assertThat(arm.siteSku("f1")).isEqualTo("FC1");
    }

    @Test
    void requestBodiesAreValidatedAgainstTheRestSpecsModels() throws Exception {
        call("PUT", "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg", "{\"location\":\"westeurope\"}", true);
        String farm = plan("vp", "Y1");
        Thread.sleep(400);
        // no location: the spec marks it required on every tracked resource
        HttpResponse<String> noLocation = call("PUT", RG + "/providers/Microsoft.Web/sites/v1",
                "{\"kind\":\"functionapp,linux\",\"properties\":{\"serverFarmId\":\"" + farm + "\"}}", true);
        assertThat(noLocation.statusCode()).isEqualTo(400);
        assertThat(noLocation.body()).contains("InvalidRequestContent").contains("location");
        HttpResponse<String> planNoLocation = call("PUT", RG + "/providers/Microsoft.Web/serverfarms/p2",
                "{\"kind\":\"functionapp\",\"sku\":{\"name\":\"Y1\"}}", true);
        assertThat(planNoLocation.statusCode()).isEqualTo(400);
        HttpResponse<String> storageNoSku = call("PUT", RG + "/providers/Microsoft.Storage/storageAccounts/acct1",
                "{\"location\":\"westeurope\",\"kind\":\"StorageV2\"}", true);
        assertThat(storageNoSku.statusCode()).isEqualTo(400);
        assertThat(storageNoSku.body()).contains("sku");
        // a body that is not JSON of the model's shape
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/v1", "{\"location\":[1]}", true).statusCode()).isEqualTo(400);
        // the host of an app whose settings name another worker does not start
        assertThat(call("PUT", RG + "/providers/Microsoft.Web/sites/v1", site(farm), true).statusCode()).isEqualTo(202);
        Thread.sleep(400);
        call("PUT", RG + "/providers/Microsoft.Web/sites/v1/config/appsettings",
                "{\"properties\":{\"FUNCTIONS_WORKER_RUNTIME\":\"node\",\"FUNCTIONS_EXTENSION_VERSION\":\"~4\","
                        + "\"AzureWebJobsStorage\":\"AccountName=a;AccountKey=k\"}}", true);
        HttpResponse<String> functions = call("GET", RG + "/providers/Microsoft.Web/sites/v1/functions", null, true);
        assertThat(functions.statusCode()).isEqualTo(400);
        assertThat(functions.body()).contains("host runtime").contains("FUNCTIONS_WORKER_RUNTIME");
    }

    @Test
    void throttlesWithRetryAfterAndCountsIt() throws Exception {
        arm.retryAfterSeconds(3).failNext("GET", ".*/subscriptions/s1", 1, 429, "TooManyRequests");
        HttpResponse<String> r = call("GET", "/subscriptions/s1", null, true);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("3");
        assertThat(call("GET", "/subscriptions/s1", null, true).statusCode()).isEqualTo(200);
        assertThat(arm.throttled.get()).isEqualTo(1);
    }
}
