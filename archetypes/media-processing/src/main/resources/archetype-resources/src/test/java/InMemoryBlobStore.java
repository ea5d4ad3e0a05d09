package ${package};

import java.io.FileNotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A BlobStore in a map, for unit tests of the function logic. */
final class InMemoryBlobStore implements BlobStore {

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final Map<String, String> contentTypes = new ConcurrentHashMap<>();

    @Override
    public byte[] get(String bucket, String key) throws FileNotFoundException {
        byte[] content = objects.get(bucket + "/" + key);
        if (content == null) {
            throw new FileNotFoundException(bucket + "/" + key);
        }
        return content;
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        objects.put(bucket + "/" + key, content);
        contentTypes.put(bucket + "/" + key, contentType);
    }
}
