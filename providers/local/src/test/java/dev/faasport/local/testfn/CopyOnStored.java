package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;

/** A storage function that records each event as a marker object; keys containing "fail" make it throw. */
public class CopyOnStored implements StorageFunction {
    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        if (event.key().contains("fail")) {
            throw new IllegalStateException("refusing " + event.key());
        }
        Marks.put(context, event.kind() + "/" + event.bucket() + "/" + event.key(), Long.toString(event.size()));
    }
}
