package dev.faasport.local;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.faasport.local.TriggerFixtures.Fn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Azure's own BlobServiceClient, built from the worker's AzureWebJobsStorage, against the local runtime. */
class BlobApiTest {

    static final Fn ON_DOC = new Fn("on-doc", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "docs", "events", List.of("CREATED", "DELETED"), "prefix", "in/"));

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static BlobServiceClient service;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60, new RuntimeOptions(1 << 20, 256 << 10, 50, 2));
        DaemonClient control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        control.deploy(ON_DOC.name(), TriggerFixtures.unit(ON_DOC, 2, Map.of()),
                TriggerFixtures.build(tmp.resolve("zips"), List.of(ON_DOC)));
        String connection = runtime.storage.workerEnvironment(runtime.port(), Map.of()).get("AzureWebJobsStorage");
        service = new BlobServiceClientBuilder().connectionString(connection).buildClient();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void putGetPropertiesListDeleteWithTheSdkAndAWriteFiresTheBucketsStorageFunction() throws Exception {
        BlobContainerClient docs = service.getBlobContainerClient("docs");
        docs.getBlobClient("in/report.txt").upload(BinaryData.fromString("quarterly"));
        assertThat(tmp.resolve("home/buckets/docs/in/report.txt")).hasContent("quarterly");
        assertThat(docs.getBlobClient("in/report.txt").downloadContent().toString()).isEqualTo("quarterly");
        var props = docs.getBlobClient("in/report.txt").getProperties();
        assertThat(props.getBlobSize()).isEqualTo(9);
        assertThat(docs.getBlobClient("in/report.txt").exists()).isTrue();
        assertThat(docs.getBlobClient("in/nothing.txt").exists()).isFalse();
        java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream();
        docs.getBlobClient("in/report.txt").downloadStreamWithResponse(part, new BlobRange(1, 3L), null, null, false, null, null);
        assertThat(part.toString()).isEqualTo("uar");

        await("the CREATED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "CREATED/").contains("CREATED/docs/in/report.txt"));

        docs.getBlobClient("in/a b.txt").upload(BinaryData.fromString("spaced"), true);
        docs.getBlobClient("in/deep/x.txt").upload(BinaryData.fromString("x"));
        docs.getBlobClient("top.txt").upload(BinaryData.fromString("t"));
        docs.getBlobClient("top.txt").upload(BinaryData.fromString("t2"), true);
        assertThat(docs.listBlobs().stream().map(BlobItem::getName))
                .containsExactly("in/a b.txt", "in/deep/x.txt", "in/report.txt", "top.txt");
        assertThat(docs.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix("in/"), null).stream()
                .map(b -> b.getName() + (Boolean.TRUE.equals(b.isPrefix()) ? " (prefix)" : "")))
                .containsExactlyInAnyOrder("in/a b.txt", "in/deep/ (prefix)", "in/report.txt"); // the SDK keeps blobs and prefixes apart
        // pages of two, followed by the SDK's own pager
        assertThat(docs.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(2), null).stream().map(BlobItem::getName))
                .containsExactly("in/a b.txt", "in/deep/x.txt", "in/report.txt", "top.txt");
        assertThat(docs.getBlobClient("in/a b.txt").downloadContent().toString()).isEqualTo("spaced");

        docs.getBlobClient("in/report.txt").delete();
        assertThatThrownBy(() -> docs.getBlobClient("in/report.txt").downloadContent())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_NOT_FOUND));
        assertThatThrownBy(() -> docs.getBlobClient("in/report.txt").delete())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        await("the DELETED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "DELETED/").contains("DELETED/docs/in/report.txt"));
    }

    @Test
    void containersAnswerAsAzureDoes() {
        BlobContainerClient missing = service.getBlobContainerClient("no-such-container");
        assertThat(missing.exists()).isFalse();
        assertThatThrownBy(() -> missing.getBlobClient("k").downloadContent()).isInstanceOfSatisfying(BlobStorageException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_NOT_FOUND));
        assertThatThrownBy(() -> missing.listBlobs().stream().toList()).isInstanceOfSatisfying(BlobStorageException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_NOT_FOUND));
        BlobContainerClient made = service.createBlobContainer("made-by-sdk");
        assertThat(made.exists()).isTrue();
        assertThatThrownBy(() -> service.createBlobContainer("made-by-sdk")).isInstanceOfSatisfying(BlobStorageException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_ALREADY_EXISTS));
        assertThat(service.listBlobContainers().stream().map(c -> c.getName())).contains("made-by-sdk");
        made.getBlobClient("gone.txt").upload(BinaryData.fromString("g"));
        made.delete();
        assertThat(made.exists()).isFalse();
    }

    @Test
    void aClientWithAnotherAccountKeyIsRefused() {
        String wrongKey = Base64.getEncoder().encodeToString(new byte[64]);
        String connection = runtime.storage.azureConnectionString(runtime.port())
                .replace(runtime.storage.azureAccountKey, wrongKey);
        BlobServiceClient stray = new BlobServiceClientBuilder().connectionString(connection).buildClient();
        assertThatThrownBy(() -> stray.getBlobContainerClient("docs").getBlobClient("k").downloadContent())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.AUTHENTICATION_FAILED);
                });
    }
}
