package dev.faasport.local;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.faasport.local.TriggerFixtures.Fn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Google's own google-cloud-storage client (JSON API over HTTP) against the local runtime. */
class GcsApiTest {

    static final Fn ON_SHOT = new Fn("on-shot", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "shots", "events", List.of("CREATED", "DELETED"), "prefix", "in/"));
    static final Fn ON_REEL = new Fn("on-reel", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage", "bucket", "reels"));

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static Storage storage;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60, new RuntimeOptions(1 << 20, 256 << 10, 50, 2));
        DaemonClient control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        Path zip = TriggerFixtures.build(tmp.resolve("zips"), List.of(ON_SHOT, ON_REEL));
        control.deploy(ON_SHOT.name(), TriggerFixtures.unit(ON_SHOT, 2, Map.of()), zip);
        control.deploy(ON_REEL.name(), TriggerFixtures.unit(ON_REEL, 2, Map.of()), zip);
        storage = client();
    }

    /** As a worker that passes STORAGE_EMULATOR_HOST builds it (the default client goes through GoogleTunnelTest's tunnel). */
    static Storage client() {
        Map<String, String> env = runtime.storage.workerEnvironment(runtime.port(), Map.of());
        return StorageOptions.newBuilder().setHost(env.get("STORAGE_EMULATOR_HOST"))
                .setProjectId(env.get("GOOGLE_CLOUD_PROJECT")).setCredentials(NoCredentials.getInstance()).build().getService();
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void createReadMetadataListDeleteWithTheClientAndAWriteFiresTheBucketsStorageFunction() throws Exception {
        storage.create(BlobInfo.newBuilder("shots", "in/sun.jpg").build(), "bright".getBytes(StandardCharsets.UTF_8));
        assertThat(tmp.resolve("home/buckets/shots/in/sun.jpg")).hasContent("bright");
        assertThat(new String(storage.readAllBytes(BlobId.of("shots", "in/sun.jpg")), StandardCharsets.UTF_8)).isEqualTo("bright");
        Blob blob = storage.get(BlobId.of("shots", "in/sun.jpg"));
        assertThat(blob.getSize()).isEqualTo(6);
        assertThat(blob.getMd5()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("MD5").digest("bright".getBytes(StandardCharsets.UTF_8))));
        assertThat(new String(blob.getContent(), StandardCharsets.UTF_8)).isEqualTo("bright");
        assertThat(storage.get(BlobId.of("shots", "in/none.jpg"))).isNull();

        await("the CREATED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "CREATED/").contains("CREATED/shots/in/sun.jpg"));

        storage.create(BlobInfo.newBuilder("shots", "in/deep/moon.jpg").build(), new byte[200_000]);
        storage.create(BlobInfo.newBuilder("shots", "top one.txt").build(), "t".getBytes(StandardCharsets.UTF_8));
        assertThat(names(storage.list("shots").iterateAll()))
                .containsExactly("in/deep/moon.jpg", "in/sun.jpg", "top one.txt");
        assertThat(names(storage.list("shots", Storage.BlobListOption.prefix("in/"), Storage.BlobListOption.currentDirectory())
                .iterateAll())).containsExactlyInAnyOrder("in/deep/", "in/sun.jpg");
        // pages of two, followed by the client's own pager
        assertThat(names(storage.list("shots", Storage.BlobListOption.pageSize(2)).iterateAll()))
                .containsExactly("in/deep/moon.jpg", "in/sun.jpg", "top one.txt");
        assertThat(storage.readAllBytes(BlobId.of("shots", "in/deep/moon.jpg"))).hasSize(200_000);

        assertThat(storage.delete(BlobId.of("shots", "in/sun.jpg"))).isTrue();
        assertThat(storage.delete(BlobId.of("shots", "in/sun.jpg"))).isFalse();
        assertThatThrownBy(() -> storage.readAllBytes(BlobId.of("shots", "in/sun.jpg")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        await("the DELETED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "DELETED/").contains("DELETED/shots/in/sun.jpg"));
    }

    @Test
    void bucketsAnswerAsCloudStorageDoes() {
        assertThat(storage.get("no-such-bucket")).isNull();
        assertThatThrownBy(() -> storage.readAllBytes(BlobId.of("no-such-bucket", "k")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        storage.create(BucketInfo.of("made-by-client"));
        assertThat(storage.get("made-by-client").getName()).isEqualTo("made-by-client");
        assertThatThrownBy(() -> storage.create(BucketInfo.of("made-by-client")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(storage.delete("made-by-client")).isTrue();
        assertThat(storage.get("made-by-client")).isNull();
    }

    @Test
    void badNamesAndOversizedObjectsAreRefusedInGooglesErrorFormat() {
        assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("shots", "a/../../escape").build(), new byte[1]))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("contains a '..' segment").contains("perhaps you should");
                });
        assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("shots", "big.bin").build(), new byte[(1 << 20) + 1]))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(413));
        assertThat(tmp.resolve("home/buckets/shots/big.bin")).doesNotExist();
    }

    @Test
    void writerAndCreateFromUploadInResumableChunks() throws Exception {
        byte[] big = new byte[600_000];
        new java.util.Random(7).nextBytes(big);
        try (com.google.cloud.WriteChannel w = storage.writer(BlobInfo.newBuilder("reels", "in/streamed.bin").build())) {
            w.setChunkSize(256 * 1024); // three requests: two chunks and the last
            w.write(java.nio.ByteBuffer.wrap(big));
        }
        assertThat(Files.readAllBytes(tmp.resolve("home/buckets/reels/in/streamed.bin"))).isEqualTo(big);
        Path local = tmp.resolve("local.txt");
        Files.writeString(local, "from a file");
        storage.createFrom(BlobInfo.newBuilder("reels", "in/from-file.txt").build(), local);
        assertThat(tmp.resolve("home/buckets/reels/in/from-file.txt")).hasContent("from a file");
        Path copy = tmp.resolve("copy.bin");
        storage.get(BlobId.of("reels", "in/streamed.bin")).downloadTo(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(big);
        await("the CREATED marker of the resumable upload", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "CREATED/").contains("CREATED/reels/in/streamed.bin"));
    }

    static List<String> names(Iterable<Blob> blobs) {
        return StreamSupport.stream(blobs.spliterator(), false).map(BlobInfo::getName).toList();
    }
}
