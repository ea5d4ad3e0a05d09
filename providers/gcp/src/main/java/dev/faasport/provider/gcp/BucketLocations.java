package dev.faasport.provider.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.faasport.spi.ProviderException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads where a Cloud Storage bucket lives, with the Cloud Storage client (JSON API buckets.get), once per bucket and
 * session. Storage triggers must watch from that location: Eventarc refuses a trigger whose region is not the
 * bucket's ("Bucket ... is in location 'us', but the trigger location is 'us-central1'").
 */
final class BucketLocations implements AutoCloseable {
    private final Storage storage;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    BucketLocations(GcpSettings settings, GoogleCredentials credentials) {
        StorageOptions.Builder b = StorageOptions.newBuilder().setProjectId(settings.project())
                .setCredentials(credentials == null ? NoCredentials.getInstance() : credentials)
                .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(20_000).setReadTimeout(60_000)
                        .build())
                // retries belong to the core
                .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
        if (settings.storageApiEndpoint() != null) {
            b.setHost(settings.storageApiEndpoint().toString());
        }
        this.storage = b.build().getService();
    }

    /** @return the bucket's location in lower case, as Eventarc spells trigger locations ("us", "eur4", "europe-west1") */
    String of(String what, String bucket) throws ProviderException {
        String location = known.get(bucket);
        if (location != null) {
            return location;
        }
        Bucket b;
        try {
            b = storage.get(bucket, Storage.BucketGetOption.fields(Storage.BucketField.LOCATION));
        } catch (StorageException e) {
            String msg = what + ": reading the location of bucket '" + bucket + "' failed: HTTP " + e.getCode() + " "
                    + e.getMessage();
            if (e.isRetryable() || e.getCode() == 429 || e.getCode() >= 500 || e.getCode() == 0) {
                throw ProviderException.transientFailure(msg, null, e);
            }
            throw ProviderException.permanent(msg, GcpErrors.BUCKET_LOCATION);
        }
        if (b == null || b.getLocation() == null) {
            throw ProviderException.permanent(what + ": bucket '" + bucket + "' does not exist, so no storage trigger"
                    + " can watch it", "perhaps you should create the bucket first or fix the bucket name");
        }
        location = b.getLocation().toLowerCase(java.util.Locale.ROOT);
        known.put(bucket, location);
        return location;
    }

    @Override
    public void close() throws Exception {
        storage.close();
    }
}
