package dev.faasport.runtime.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureHandlersTest {

    private final AzureHandlers handlers = new AzureHandlers();

    @BeforeEach
    void clear() {
        AzureFixtures.RECEIVED.clear();
    }

    private static AzureDoubles.Request request(HttpMethod method, String uri, String body) {
        return new AzureDoubles.Request(method, URI.create(uri), Map.of("Content-Type", "application/json", "X-Trace", "t1"),
                body == null ? Optional.empty() : Optional.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void httpRequestReachesTheFunctionSelectedByTheAzureFunctionName() {
        AzureDoubles.Execution ctx = new AzureDoubles.Execution("hello");
        HttpResponseMessage r = handlers.http(request(HttpMethod.GET,
                "https://app.azurewebsites.net/api/hello/sub%20dir?who=Ada&who=Bob&x=a%2Bb", null), ctx);
        HttpRequest req = (HttpRequest) AzureFixtures.RECEIVED.get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/sub dir");
        assertThat(req.query()).isEqualTo(Map.of("who", List.of("Ada", "Bob"), "x", List.of("a+b")));
        assertThat(req.header("x-trace")).contains("t1");
        assertThat(req.body()).isEmpty();
        assertThat(AzureFixtures.RECEIVED.get(1)).isEqualTo("hello|6f0a-invocation|hallo|true");
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeader("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String((byte[]) r.getBody(), StandardCharsets.UTF_8)).isEqualTo("hallo Ada");
        assertThat(ctx.lines).contains("INFO [6f0a-invocation] hello /sub dir");
    }

    @Test
    void binaryBodiesPassThroughBothWays() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0};
        HttpResponseMessage r = handlers.http(new AzureDoubles.Request(HttpMethod.POST, URI.create("http://localhost:7071/api/hello"),
                Map.of(), Optional.of(png)), new AzureDoubles.Execution("hello"));
        assertThat(((HttpRequest) AzureFixtures.RECEIVED.get(0)).path()).isEqualTo("/");
        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat((byte[]) r.getBody()).containsExactly(png);
    }

    @Test
    void userExceptionAnswers500WithAJsonBody() {
        AzureDoubles.Execution ctx = new AzureDoubles.Execution("hello");
        HttpResponseMessage r = handlers.http(request(HttpMethod.GET, "http://localhost/api/hello/fail", null), ctx);
        assertThat(r.getStatusCode()).isEqualTo(500);
        assertThat(r.getHeader("content-type")).isEqualTo("application/json");
        assertThat(Json.parse(new String((byte[]) r.getBody(), StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("error", "UnsupportedOperationException: not yet", "function", "hello"));
        assertThat(ctx.lines).anySatisfy(l -> assertThat(l).startsWith("SEVERE [6f0a-invocation] function 'hello' failed"));
    }

    @Test
    void typedFunctionOverHttpAnswersJsonOr400() {
        HttpResponseMessage ok = handlers.http(request(HttpMethod.POST, "http://localhost/api/price",
                "{\"item\":\"tea\",\"quantity\":3}"), new AzureDoubles.Execution("price"));
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getHeader("content-type")).isEqualTo("application/json");
        assertThat(Json.parse(new String((byte[]) ok.getBody(), StandardCharsets.UTF_8))).isEqualTo(Map.of("item", "tea", "cents", 375L));
        HttpResponseMessage bad = handlers.http(request(HttpMethod.POST, "http://localhost/api/price", "{\"quantity\":true}"),
                new AzureDoubles.Execution("price"));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(new String((byte[]) bad.getBody(), StandardCharsets.UTF_8)).contains("$.quantity: expected a number");
    }

    @Test
    void blobTriggerBecomesACreatedStorageEvent() throws Exception {
        byte[] content = new byte[1234];
        Instant before = Instant.now();
        handlers.blob(content, "in/photo 1.png", "uploads/in/photo 1.png", null, null, null, new AzureDoubles.Execution("thumbs"));
        StorageEvent e = (StorageEvent) AzureFixtures.RECEIVED.get(0);
        assertThat(e.kind()).isEqualTo(StorageEvent.Kind.CREATED);
        assertThat(e.bucket()).isEqualTo("uploads");
        assertThat(e.key()).isEqualTo("in/photo 1.png");
        assertThat(e.size()).isEqualTo(1234);
        assertThat(e.time()).isBetween(before, Instant.now());
        assertThatThrownBy(() -> handlers.blob(new byte[1], "x.bad", "uploads/x.bad", null, null, null, new AzureDoubles.Execution("thumbs")))
                .isInstanceOf(IOException.class).hasMessage("unreadable x.bad");
    }

    @Test
    void theBlobsETagAndLastModifiedFromItsPropertiesMetadataReachTheEvent() throws Exception {
        // the Properties trigger metadata (blob trigger reference "Blob metadata", read 2026-12) as the worker passes it: JSON
        handlers.blob(new byte[3], "in/a.png", "uploads/in/a.png",
                "{\"ETag\":\"\\\"0x8DC1A2B3C4D5E6F\\\"\",\"LastModified\":\"2026-12-01T08:30:00+00:00\",\"ContentLength\":3}", null, null,
                new AzureDoubles.Execution("thumbs"));
        StorageEvent e = (StorageEvent) AzureFixtures.RECEIVED.get(0);
        assertThat(e.etag()).isEqualTo("0x8DC1A2B3C4D5E6F");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-01T08:30:00Z"));
        assertThat(e.size()).isEqualTo(3);
    }

    @Test
    void queueMessageArrivesAsABatchOfOne() throws Exception {
        handlers.queue("{\"order\":7}", "a1b2", "2", "\"2026-11-27T09:59:00+00:00\"", null, null, null, new AzureDoubles.Execution("orders"));
        assertThat(AzureFixtures.RECEIVED.get(0)).isEqualTo("orders");
        @SuppressWarnings("unchecked")
        List<QueueMessage> batch = (List<QueueMessage>) AzureFixtures.RECEIVED.get(1);
        assertThat(batch).hasSize(1);
        assertThat(batch.get(0).id()).isEqualTo("a1b2");
        assertThat(batch.get(0).bodyAsString()).isEqualTo("{\"order\":7}");
        assertThat(batch.get(0).deliveryCount()).isEqualTo(2);
        assertThat(batch.get(0).sentAt()).isEqualTo(Instant.parse("2026-11-27T09:59:00Z"));
        assertThatThrownBy(() -> handlers.queue("poison", "p1", "5", null, null, null, null, new AzureDoubles.Execution("orders")))
                .hasMessage("poison p1");
    }

    @Test
    void timerTickCarriesTheScheduledTimeAndTheNeutralExpression() throws Exception {
        String timerInfo = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2026-11-26T03:00:00+00:00\","
                + "\"Next\":\"2026-11-27T03:00:00.0000000+00:00\",\"LastUpdated\":\"2026-11-26T03:00:00.0123+00:00\"},\"IsPastDue\":false}";
        handlers.timer(timerInfo, new AzureDoubles.Execution("nightly"));
        assertThat(AzureFixtures.RECEIVED).containsExactly(new ScheduleEvent("cron(0 3 * * ? *)", Instant.parse("2026-11-27T03:00:00Z"), false));
        AzureFixtures.RECEIVED.clear();
        handlers.timer("{\"IsPastDue\":true}", new AzureDoubles.Execution("nightly"));
        assertThat(((ScheduleEvent) AzureFixtures.RECEIVED.get(0)).scheduledTime()).isBetween(Instant.now().minusSeconds(5), Instant.now());
    }

    @Test
    void unknownFunctionNameIsExplained() {
        assertThatThrownBy(() -> handlers.timer("{}", new AzureDoubles.Execution("ghost")))
                .hasMessageContaining("no function 'ghost' in this package");
    }
}
