package it.triggers;

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;

/** On every upload under in/ of bucket "uploads", writes a "thumbnail" into bucket "thumbs". */
public class Thumbnail implements StorageFunction {
    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        context.logger().info("thumbnail of " + event.bucket() + "/" + event.key());
        Marker.put(context, "thumbs", event.key() + ".thumb", "thumb of " + event.key() + " " + event.size());
    }
}
