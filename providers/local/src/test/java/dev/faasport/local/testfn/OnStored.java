package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;

/** A storage-event test function that logs what it received. */
public class OnStored implements StorageFunction {
    @Override
    public void handle(StorageEvent event, Context context) {
        System.out.println("stored " + event.kind() + " " + event.bucket() + "/" + event.key() + " " + event.size());
    }
}
