package dev.faasport.provider.aws;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the aws test-jar's package-private {@code AdapterRuntime} (runs an uploaded Lambda zip in-process through the
 * real {@code dev.faasport.runtime.aws.LambdaHandler}) to the migration tests; same package, so no copy of it here.
 */
public final class AwsPackageRuntime implements LambdaTestServer.Runtime, AutoCloseable {

    private final AdapterRuntime delegate;

    public AwsPackageRuntime(Path workDir) {
        this.delegate = new AdapterRuntime(workDir);
    }

    @Override
    public LambdaTestServer.Invoked invoke(String qualifiedName, byte[] zip, Map<String, String> environment,
                                           byte[] payload) {
        return delegate.invoke(qualifiedName, zip, environment, payload);
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
