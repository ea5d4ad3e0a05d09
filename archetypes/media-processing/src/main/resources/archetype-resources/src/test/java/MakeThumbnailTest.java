package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.StorageEvent;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MakeThumbnailTest {

    private final InMemoryBlobStore store = new InMemoryBlobStore();
    private final MakeThumbnail function = new MakeThumbnail(context -> store);
    private final TestContext context = new TestContext(Map.of("THUMBNAIL_BUCKET", "thumbs", "THUMBNAIL_SIZE", "50"));

    private static StorageEvent event(StorageEvent.Kind kind, String bucket, String key) {
        return new StorageEvent(kind, bucket, key, 1, null, Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void writesTheThumbnailOfAnUploadToTheOtherBucket() throws Exception {
        store.put("uploads", "images/cat.jpg", Images.halfRedHalfBlue(500, 250, "jpg"), "image/jpeg");

        function.handle(event(StorageEvent.Kind.CREATED, "uploads", "images/cat.jpg"), context);

        assertThat(store.contentTypes).containsEntry("thumbs/images/cat.png", "image/png");
        BufferedImage thumb = Images.read(store.get("thumbs", "images/cat.png"));
        assertThat(thumb.getWidth()).isEqualTo(50);
        assertThat(thumb.getHeight()).isEqualTo(25);
        assertThat(context.lines).singleElement().asString().contains("written to thumbs/images/cat.png");
    }

    @Test
    void ignoresDeletionsAndItsOwnOutput() throws Exception {
        function.handle(event(StorageEvent.Kind.DELETED, "uploads", "images/cat.jpg"), context);
        function.handle(event(StorageEvent.Kind.CREATED, "thumbs", "images/cat.png"), context);

        assertThat(store.objects).isEmpty();
        assertThat(context.lines).hasSize(2).allMatch(line -> line.startsWith("ignored"));
    }

    @Test
    void aMissingObjectFailsTheEventSoThePlatformRetries() {
        assertThatThrownBy(() -> function.handle(event(StorageEvent.Kind.CREATED, "uploads", "gone.png"), context))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void aBadSizeSettingNamesTheVariable() throws Exception {
        store.put("uploads", "a.png", Images.halfRedHalfBlue(10, 10, "png"), "image/png");
        TestContext bad = new TestContext(Map.of("THUMBNAIL_SIZE", "big"));
        assertThatThrownBy(() -> function.handle(event(StorageEvent.Kind.CREATED, "uploads", "a.png"), bad))
                .hasMessageContaining("THUMBNAIL_SIZE").hasMessageContaining("${functionName}");
    }

    @Test
    void withoutAStorageTheErrorSaysWhereToAddOne() {
        assertThatThrownBy(() -> BlobStores.fromEnvironment(Map.of(), "${functionName}"))
                .hasMessageContaining("FAASPORT_STORAGE_URL")
                .hasMessageContaining("perhaps you should add the BlobStore of your cloud");
        assertThat(BlobStores.fromEnvironment(Map.of("FAASPORT_STORAGE_URL", "http://127.0.0.1:1/_buckets"), "f"))
                .isInstanceOf(LocalHttpBlobStore.class);
    }
}
