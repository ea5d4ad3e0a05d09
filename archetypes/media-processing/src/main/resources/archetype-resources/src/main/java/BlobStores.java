package ${package};

import java.util.Map;

/**
 * Picks the {@link BlobStore} of the platform the function runs on, from its environment.
 *
 * <p>Only the local provider's store is here. To run on a cloud, add its implementation beside
 * {@link LocalHttpBlobStore} (AWS: S3 through {@code software.amazon.awssdk:s3}, when {@code AWS_LAMBDA_FUNCTION_NAME}
 * is set; Azure: Blob Storage through {@code com.azure:azure-storage-blob}, when {@code FUNCTIONS_WORKER_RUNTIME} is
 * set; Google: Cloud Storage through {@code com.google.cloud:google-cloud-storage}, when {@code K_SERVICE} is set)
 * and return it below. The function itself does not change.
 */
public final class BlobStores {

    /** The variable the local Faasport runtime sets to the base URL of its bucket API. */
    public static final String LOCAL_STORAGE_URL = "FAASPORT_STORAGE_URL";

    private BlobStores() {
    }

    /**
     * @param environment the function's environment
     * @param function    the function's name, for the error message
     * @return the store of this platform
     * @throws IllegalStateException when no store is known for it
     */
    public static BlobStore fromEnvironment(Map<String, String> environment, String function) {
        String local = environment.get(LOCAL_STORAGE_URL);
        if (local != null && !local.isBlank()) {
            return new LocalHttpBlobStore(local.trim());
        }
        throw new IllegalStateException("Function '" + function + "' found no storage to read the upload from: "
                + LOCAL_STORAGE_URL + " is not set and no cloud BlobStore is configured, perhaps you should add "
                + "the BlobStore of your cloud in BlobStores.fromEnvironment (see its Javadoc)");
    }
}
