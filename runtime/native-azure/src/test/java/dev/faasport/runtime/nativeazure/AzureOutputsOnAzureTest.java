package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.azure.Storage;
import dev.faasport.api.Context;
import dev.faasport.api.QueueMessage;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On Azure the outputs go into the storage account of the binding's connection setting (AzureWebJobsStorage), as
 * the host's output bindings write them: Azurite stands in for the account and checks every request's signature.
 */
class AzureOutputsOnAzureTest {

    private static Azurite azurite;
    private static AzureStorage storage;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        azurite = new Azurite();
        storage = AzureStorage.of(azurite.connectionString());
        storage.send("PUT", URI.create("http://127.0.0.1:" + azurite.queuePort + "/" + Azurite.ACCOUNT + "/shipments"),
                new TreeMap<>(), new byte[0], "", 201);
        storage.send("PUT", URI.create("http://127.0.0.1:" + azurite.blobPort + "/" + Azurite.ACCOUNT + "/thumbnails?restype=container"),
                new TreeMap<>(), new byte[0], "", 201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (azurite != null) azurite.close();
    }

    @BeforeEach
    void clear() {
        Storage.RECEIVED.clear();
    }

    private Context context(String function, Map<String, String> environment) {
        return AzureNativeAdapterTest.context(function, "inv-9", environment, log);
    }

    @Test
    void aQueueOutputIsABase64MessageInTheAccountsQueue() throws Exception {
        new Invoker(AzureNativeAdapterTest.REGISTRY.get("queue-processor")).event(new NeutralEvent.Queue("orders",
                List.of(new QueueMessage("m-1", "7 pies".getBytes(StandardCharsets.UTF_8), Map.of(), 1, Instant.now()))),
                context("queue-processor", Map.of("AzureWebJobsStorage", azurite.connectionString())));
        String xml = storage.peekMessages("shipments");
        String text = xml.substring(xml.indexOf("<MessageText>") + 13, xml.indexOf("</MessageText>"));
        assertThat(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8)).isEqualTo("shipped 7 pies");
    }

    @Test
    void aBlobOutputIsABlockBlobInTheAccount() throws Exception {
        byte[] png = {9, 8, 7};
        dev.faasport.runtime.EventPayload.with(png, Map.of(), () -> new Invoker(AzureNativeAdapterTest.REGISTRY.get("blob-trigger-java"))
                .event(new NeutralEvent.Storage(new dev.faasport.api.StorageEvent(dev.faasport.api.StorageEvent.Kind.CREATED,
                        "uploads", "in/dog.png", 3, "e", Instant.now())), context("blob-trigger-java",
                        Map.of("AzureWebJobsStorage", azurite.connectionString()))));
        assertThat(new String(storage.getBlob("thumbnails", "dog.txt"), StandardCharsets.UTF_8)).isEqualTo("thumbnail of dog (3 bytes)");
        assertThat(log).contains("wrote blob 'thumbnails/dog.txt'");
    }

    @Test
    void aWrongKeyIsRefusedByTheAccountAndFailsTheInvocation() {
        String wrong = azurite.connectionString().replace(Azurite.KEY, Base64.getEncoder().encodeToString(new byte[64]));
        assertThatThrownBy(() -> new Invoker(AzureNativeAdapterTest.REGISTRY.get("queue-processor")).event(new NeutralEvent.Queue(
                "orders", List.of(new QueueMessage("m-2", "1 pie".getBytes(StandardCharsets.UTF_8), Map.of(), 1, Instant.now()))),
                context("queue-processor", Map.of("AzureWebJobsStorage", wrong))))
                .hasMessageContaining("answered HTTP 403");
    }

    @Test
    void aMissingQueueIsNamedWithTheFix() {
        assertThatThrownBy(() -> storage.putMessage("no-such-queue", new byte[] {1}))
                .hasMessageContaining("/no-such-queue/messages answered HTTP 404")
                .hasMessageEndingWith("perhaps you should create the queue or container in the storage account");
    }

    @Test
    void aConnectionWithoutAnAccountKeyIsRefusedBeforeTheFunctionRuns() {
        assertThatThrownBy(() -> new Invoker(AzureNativeAdapterTest.REGISTRY.get("queue-processor")).event(new NeutralEvent.Queue(
                "orders", List.of(new QueueMessage("m-3", "2 pies".getBytes(StandardCharsets.UTF_8), Map.of(), 1, Instant.now()))),
                context("queue-processor", Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true"))))
                .hasMessageContaining("has no AccountName and AccountKey, perhaps you should give the output binding's "
                        + "connection setting an account-key connection string");
        assertThat(Storage.RECEIVED).isEmpty();
    }
}
