package dev.faasport.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Runtime API as a custom runtime sees it: a plain HTTP client playing the runtime. */
class LambdaRuntimeApiTest {

    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:f:live";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    LambdaRuntimeApi api;

    @AfterEach
    void close() {
        api.close();
    }

    private HttpResponse<String> next() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime/invocation/next"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime" + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nextHandsOutTheEventWithTheDocumentedHeadersAndTheResponseEndsTheInvocation() throws Exception {
        api = new LambdaRuntimeApi(ARN);
        CompletableFuture<LambdaRuntimeApi.Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return api.invoke(new LambdaRuntimeApi.Event("{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(30), "{\"client\":{}}", "{\"cognitoIdentityId\":\"x\"}"), Duration.ofSeconds(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long before = System.currentTimeMillis();
        HttpResponse<String> event = next();
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("{\"a\":1}");
        String id = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertThat(Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
                .isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
        assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()).startsWith("Root=1-");
        assertThat(event.headers().firstValue("Lambda-Runtime-Client-Context")).hasValue("{\"client\":{}}");
        assertThat(event.headers().firstValue("Lambda-Runtime-Cognito-Identity")).hasValue("{\"cognitoIdentityId\":\"x\"}");

        assertThat(post("/invocation/" + id + "/response", "{\"ok\":true}", null).statusCode()).isEqualTo(202);
        LambdaRuntimeApi.Result r = result.get();
        assertThat(r.text()).isEqualTo("{\"ok\":true}");
        assertThat(r.errorType()).isNull();
        // a request id answers once; an unknown one is refused
        assertThat(post("/invocation/" + id + "/response", "{}", null).statusCode()).isEqualTo(400);
        assertThat(api.nextCalls()).isEqualTo(1);
    }

    @Test
    void anInvocationErrorCarriesTheErrorTypeHeaderAndTheInitErrorEndsEveryInvocation() throws Exception {
        api = new LambdaRuntimeApi(ARN);
        CompletableFuture<LambdaRuntimeApi.Result> first = CompletableFuture.supplyAsync(() -> invoke("{}"));
        String id = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertThat(post("/invocation/" + id + "/error", "{\"errorMessage\":\"boom\",\"errorType\":\"x.Boom\"}",
                "Function.x.Boom").statusCode()).isEqualTo(202);
        assertThat(first.get().errorType()).isEqualTo("Function.x.Boom");
        assertThat(first.get().initError()).isFalse();

        assertThat(post("/init/error", "{\"errorMessage\":\"no class\",\"errorType\":\"Runtime.ClassNotFound\"}",
                "Runtime.ClassNotFound").statusCode()).isEqualTo(202);
        LambdaRuntimeApi.Result after = invoke("{}");
        assertThat(after.initError()).isTrue();
        assertThat(after.errorType()).isEqualTo("Runtime.ClassNotFound");
        assertThat(after.text()).contains("no class");
    }

    @Test
    void aResponseAboveSixMegabytesIsRefusedAndARuntimeThatNeverAnswersTimesOut() throws Exception {
        api = new LambdaRuntimeApi(ARN);
        CompletableFuture<LambdaRuntimeApi.Result> big = CompletableFuture.supplyAsync(() -> invoke("{}"));
        String id = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertThat(post("/invocation/" + id + "/response", "x".repeat(LambdaRuntimeApi.RESPONSE_LIMIT + 1), null)
                .statusCode()).isEqualTo(413);
        assertThat(big.get().errorType()).isEqualTo("Function.ResponseSizeTooLarge");

        assertThatThrownBy(() -> api.invoke(new LambdaRuntimeApi.Event(new byte[0], Duration.ofMillis(50)),
                Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
    }

    private LambdaRuntimeApi.Result invoke(String event) {
        try {
            return api.invoke(new LambdaRuntimeApi.Event(event.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)),
                    Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
