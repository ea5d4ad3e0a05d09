package dev.faasport.spi;

/**
 * Implemented by providers that run functions in a runtime on this machine (the local provider), so the plugin can
 * stop it ({@code faas:stop}) or keep it in the foreground ({@code faas:run}) without knowing the provider's classes.
 */
public interface RuntimeHost {

    /**
     * Stops the runtime if it is running.
     *
     * @return true when a running runtime was stopped, false when none was running
     */
    boolean stopRuntime(ProviderConfig config) throws ProviderException;

    /** @return whether the runtime is running and answering */
    boolean runtimeRunning(ProviderConfig config);

    /**
     * @return a one-time link that logs a browser in to the runtime's dashboard ({@code faas:dashboard})
     * @throws ProviderException when no runtime runs or it serves no dashboard
     */
    default java.net.URI dashboardLogin(ProviderConfig config) throws ProviderException {
        throw ProviderException.permanent("This runtime serves no dashboard", "use -Dfaas.provider=local");
    }

    /** What {@link #upload} stored: the object's size and etag, and how many functions its storage trigger fired. */
    record Upload(String bucket, String key, long size, String etag, int triggered) {
    }

    /**
     * Puts a file into a bucket of the running runtime, which fires the functions subscribed to it ({@code faas:upload}).
     *
     * @throws ProviderException when no runtime runs or it refuses the object
     */
    default Upload upload(ProviderConfig config, String bucket, String key, java.nio.file.Path file)
            throws ProviderException {
        throw ProviderException.permanent("This runtime has no buckets to upload to", "use -Dfaas.provider=local");
    }

    /** Runs the runtime in the calling thread until it is stopped (Ctrl-C or {@link #stopRuntime}). */
    void runInForeground(ProviderConfig config) throws ProviderException;
}
