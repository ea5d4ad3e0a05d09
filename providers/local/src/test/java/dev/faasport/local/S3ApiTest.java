package dev.faasport.local;

import dev.faasport.local.TriggerFixtures.Fn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS SDK for Java v2's own S3Client against the local runtime's S3 endpoint. */
class S3ApiTest {

    static final Fn ON_PHOTO = new Fn("on-photo", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "photos", "events", List.of("CREATED", "DELETED"), "prefix", "in/"));

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60, new RuntimeOptions(1 << 20, 256 << 10, 50, 2));
        DaemonClient control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        control.deploy(ON_PHOTO.name(), TriggerFixtures.unit(ON_PHOTO, 2, Map.of()),
                TriggerFixtures.build(tmp.resolve("zips"), List.of(ON_PHOTO)));
        s3 = client(runtime.storage.awsAccessKeyId);
    }

    /** Configured only as a worker is: the endpoint, region and keys of its environment (no path-style switch). */
    static S3Client client(String accessKeyId) {
        Map<String, String> env = runtime.storage.workerEnvironment(runtime.port(), Map.of());
        return S3Client.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3")))
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId,
                        env.get("AWS_SECRET_ACCESS_KEY")))).build();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void putGetHeadListDeleteWithTheSdkAndAWriteFiresTheBucketsStorageFunction() throws Exception {
        s3.putObject(b -> b.bucket("photos").key("in/cat.png"), RequestBody.fromString("meow"));
        assertThat(tmp.resolve("home/buckets/photos/in/cat.png")).hasContent("meow");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("in/cat.png")).asUtf8String()).isEqualTo("meow");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("in/cat.png").range("bytes=1-2")).asUtf8String())
                .isEqualTo("eo");
        var head = s3.headObject(b -> b.bucket("photos").key("in/cat.png"));
        assertThat(head.contentLength()).isEqualTo(4);
        assertThat(head.eTag()).isEqualTo("\"" + md5("meow") + "\"");

        // the write went through the same path as faas:upload: the bucket's storage function ran
        await("the CREATED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "CREATED/").contains("CREATED/photos/in/cat.png"));

        s3.putObject(b -> b.bucket("photos").key("in/dog.png"), RequestBody.fromBytes(new byte[300_000]));
        s3.putObject(b -> b.bucket("photos").key("in/deep/fish.png"), RequestBody.fromString("blub"));
        s3.putObject(b -> b.bucket("photos").key("top one.txt"), RequestBody.fromString("t"));
        ListObjectsV2Response all = s3.listObjectsV2(b -> b.bucket("photos"));
        assertThat(all.contents()).extracting(S3Object::key)
                .containsExactly("in/cat.png", "in/deep/fish.png", "in/dog.png", "top one.txt");
        assertThat(all.contents().get(2).size()).isEqualTo(300_000L);
        ListObjectsV2Response folders = s3.listObjectsV2(b -> b.bucket("photos").prefix("in/").delimiter("/"));
        assertThat(folders.contents()).extracting(S3Object::key).containsExactly("in/cat.png", "in/dog.png");
        assertThat(folders.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("in/deep/");
        // pages of two, followed by the SDK's own paginator
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket("photos").maxKeys(2)).contents().stream().map(S3Object::key))
                .containsExactly("in/cat.png", "in/deep/fish.png", "in/dog.png", "top one.txt");
        assertThat(s3.listObjectsV2(b -> b.bucket("photos").maxKeys(2)).isTruncated()).isTrue();

        s3.deleteObject(b -> b.bucket("photos").key("in/cat.png"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("in/cat.png")))
                .isInstanceOf(NoSuchKeyException.class).hasMessageContaining("The specified key does not exist");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("photos").key("in/cat.png")))
                .isInstanceOf(NoSuchKeyException.class);
        s3.deleteObject(b -> b.bucket("photos").key("never-there")); // 204, as S3
        await("the DELETED marker", Duration.ofSeconds(40),
                () -> keysQuietly(runtime.baseUri(), "marks", "DELETED/").contains("DELETED/photos/in/cat.png"));
    }

    @Test
    void bucketsAnswerAsS3Does() {
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("no-such-bucket").key("k")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("no-such-bucket"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket"))).isInstanceOf(NoSuchBucketException.class);
        s3.createBucket(b -> b.bucket("made-by-sdk"));
        s3.headBucket(b -> b.bucket("made-by-sdk"));
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("made-by-sdk"));
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("made-by-sdk"))).isInstanceOf(BucketAlreadyOwnedByYouException.class);
        assertThat(s3.listObjectsV2(b -> b.bucket("made-by-sdk")).contents()).isEmpty();
        s3.deleteBucket(b -> b.bucket("made-by-sdk"));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("made-by-sdk"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void aClientWithoutTheRuntimesKeysIsRefused() {
        try (S3Client stray = client("AKIAIOSFODNN7EXAMPLE")) {
            assertThatThrownBy(() -> stray.listBuckets()).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
            });
        }
    }

    @Test
    void aClientWithTheRightKeyIdButAnotherSecretIsRefused() {
        Map<String, String> env = runtime.storage.workerEnvironment(runtime.port(), Map.of());
        try (S3Client forged = S3Client.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3")))
                .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(runtime.storage.awsAccessKeyId, "x".repeat(40)))).build()) {
            assertThatThrownBy(() -> forged.putObject(b -> b.bucket("photos").key("forged.txt"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        assertThat(tmp.resolve("home/buckets/photos/forged.txt")).doesNotExist();
    }

    @Test
    void presignedUrlsWork() throws Exception {
        Map<String, String> env = runtime.storage.workerEnvironment(runtime.port(), Map.of());
        s3.putObject(b -> b.bucket("shared").key("shared.txt"), RequestBody.fromString("shared"));
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = software.amazon.awssdk.services.s3.presigner.S3Presigner
                .builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3"))).region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(runtime.storage.awsAccessKeyId,
                        runtime.storage.awsSecretAccessKey))).build()) {
            URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("shared").key("shared.txt"))).url().toURI();
            assertThat(TriggerFixtures.send("GET", url, null).body()).isEqualTo("shared");
            URI tampered = URI.create(url.toString().replace("shared.txt", "other.txt"));
            assertThat(TriggerFixtures.send("GET", tampered, null).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void badKeysAndOversizedObjectsAreS3Errors() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("a/../../escape"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("big.bin"), RequestBody.fromBytes(new byte[(1 << 20) + 1])))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooLarge");
                });
        assertThat(tmp.resolve("home/buckets/photos/big.bin")).doesNotExist();
        // a checksum that does not match the bytes: S3's BadDigest, and nothing stored
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("corrupt.txt").checksumCRC32("AAAAAA=="),
                RequestBody.fromString("not zero"))).isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThat(tmp.resolve("home/buckets/photos/corrupt.txt")).doesNotExist();
    }

    static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
