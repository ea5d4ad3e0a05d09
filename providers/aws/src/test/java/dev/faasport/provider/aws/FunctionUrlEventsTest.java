package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionUrlEventsTest {

    @SuppressWarnings("unchecked")
    @Test
    void anInvocationBecomesAPayloadFormat20Event() {
        byte[] event = FunctionUrlEvents.request(new Invocation("post", "items/7?q=a%20b&q=c&flag",
                Map.of("Content-Type", "application/json", "Cookie", "a=1; b=2", "X-Trace", "t"),
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8)), "eu-west-1", "items");
        Map<String, Object> e = Json.parseObject(new String(event, StandardCharsets.UTF_8));

        assertThat(e).containsEntry("version", "2.0").containsEntry("routeKey", "$default")
                .containsEntry("rawPath", "/items/7").containsEntry("rawQueryString", "q=a%20b&q=c&flag")
                .containsEntry("body", "{\"x\":1}").containsEntry("isBase64Encoded", false)
                .containsEntry("cookies", List.of("a=1", "b=2"));
        assertThat((Map<String, Object>) e.get("headers")).containsEntry("content-type", "application/json")
                .containsEntry("x-trace", "t").doesNotContainKey("cookie");
        assertThat((Map<String, Object>) e.get("queryStringParameters")).containsEntry("q", "a b,c").containsEntry("flag", "");
        Map<String, Object> ctx = (Map<String, Object>) e.get("requestContext");
        assertThat((Map<String, Object>) ctx.get("http")).containsEntry("method", "POST").containsEntry("path", "/items/7");
        assertThat((String) ctx.get("domainName")).endsWith(".lambda-url.eu-west-1.on.aws");
    }

    @Test
    void binaryBodiesAreBase64Encoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        Map<String, Object> e = Json.parseObject(new String(FunctionUrlEvents.request(
                new Invocation("PUT", "/", Map.of("content-type", "image/png"), png), "us-east-1", "f"),
                StandardCharsets.UTF_8));
        assertThat(e).containsEntry("isBase64Encoded", true)
                .containsEntry("body", java.util.Base64.getEncoder().encodeToString(png));
    }

    @Test
    void aV2ResponseIsReadWithHeadersCookiesAndBase64Body() {
        InvocationResult r = FunctionUrlEvents.response(("{\"statusCode\":404,\"headers\":{\"Content-Type\":\"text/plain\"},"
                + "\"cookies\":[\"s=1\"],\"body\":\"bm9wZQ==\",\"isBase64Encoded\":true}").getBytes(StandardCharsets.UTF_8), List.of("l"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsEntry("content-type", "text/plain").containsEntry("set-cookie", "s=1");
        assertThat(r.bodyAsString()).isEqualTo("nope");
        assertThat(r.logTail()).containsExactly("l");
    }

    @Test
    void aPayloadWithoutStatusCodeIsA200JsonBodyAsThroughAFunctionUrl() {
        InvocationResult r = FunctionUrlEvents.response("{\"greeting\":\"hi\"}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(r.bodyAsString()).isEqualTo("{\"greeting\":\"hi\"}");
    }
}
