package ${package};

import java.io.IOException;

/**
 * Reads and writes objects in buckets. The function talks to storage only through this interface, so each platform
 * needs one small implementation ({@link LocalHttpBlobStore} for the local provider; see {@link BlobStores} for
 * where the cloud ones go) and the function code stays the same everywhere.
 */
public interface BlobStore {

    /**
     * @return the object's content
     * @throws IOException when it cannot be read (missing object, storage unreachable)
     */
    byte[] get(String bucket, String key) throws IOException;

    /**
     * Creates or replaces an object.
     *
     * @throws IOException when it cannot be written
     */
    void put(String bucket, String key, byte[] content, String contentType) throws IOException;
}
