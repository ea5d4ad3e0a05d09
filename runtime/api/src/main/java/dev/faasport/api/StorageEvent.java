package dev.faasport.api;

import java.time.Instant;

/**
 * A vendor-neutral storage-object event: an object was created or deleted in a bucket (S3 bucket, Azure blob
 * container, Cloud Storage bucket, local bucket).
 *
 * @param kind   what happened
 * @param bucket the bucket (container) name
 * @param key    the object key (blob name), never starting with {@code /}
 * @param size   the object's size in bytes, or -1 when the platform does not say (deletions)
 * @param etag   the platform's entity tag or content hash, or null
 * @param time   when the event happened
 */
public record StorageEvent(Kind kind, String bucket, String key, long size, String etag, Instant time) {

    /** The kinds of storage event every provider can deliver. */
    public enum Kind {
        /** An object was created or overwritten. */
        CREATED,
        /** An object was deleted. */
        DELETED
    }
}
