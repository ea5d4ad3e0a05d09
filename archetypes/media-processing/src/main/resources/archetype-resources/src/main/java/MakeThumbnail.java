package ${package};

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import java.util.function.Function;

/**
 * On each image uploaded to the source bucket, writes a PNG thumbnail with the same key (extension {@code .png}) to
 * the bucket named by {@code THUMBNAIL_BUCKET}. {@code THUMBNAIL_SIZE} is the longest side in pixels (default 128).
 */
public class MakeThumbnail implements StorageFunction {

    static final String DEFAULT_BUCKET = "thumbnails";
    static final int DEFAULT_SIZE = 128;

    private final Function<Context, BlobStore> stores;

    /** The constructor the platform calls: the store comes from the function's environment. */
    public MakeThumbnail() {
        this(context -> BlobStores.fromEnvironment(context.environment(), context.functionName()));
    }

    /** For tests and for wiring another store. */
    public MakeThumbnail(Function<Context, BlobStore> stores) {
        this.stores = stores;
    }

    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        if (event.kind() != StorageEvent.Kind.CREATED) {
            context.logger().info("ignored " + event.kind() + " of " + event.bucket() + "/" + event.key());
            return;
        }
        String targetBucket = context.environment().getOrDefault("THUMBNAIL_BUCKET", DEFAULT_BUCKET);
        if (targetBucket.equals(event.bucket())) {
            // a thumbnail written to the watched bucket would trigger this function again, forever
            context.logger().info("ignored " + event.key() + ": it is in the thumbnail bucket " + targetBucket);
            return;
        }
        BlobStore store = stores.apply(context);
        byte[] original = store.get(event.bucket(), event.key());
        byte[] thumbnail = new Thumbnailer(size(context)).thumbnail(original);
        String key = Thumbnailer.thumbnailKey(event.key());
        store.put(targetBucket, key, thumbnail, "image/png");
        context.logger().info("thumbnail of " + event.bucket() + "/" + event.key() + " (" + original.length
                + " bytes) written to " + targetBucket + "/" + key + " (" + thumbnail.length + " bytes)");
    }

    private static int size(Context context) {
        String value = context.environment().get("THUMBNAIL_SIZE");
        if (value == null || value.isBlank()) {
            return DEFAULT_SIZE;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable THUMBNAIL_SIZE of function '"
                    + context.functionName() + "' is '" + value + "', perhaps you should set a number of pixels", e);
        }
    }
}
