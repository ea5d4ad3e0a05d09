package dev.faasport.maven;

import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Puts a file into a bucket of the running local runtime, which invokes the functions subscribed to that bucket:
 * {@code mvn faas:upload -Dfaas.bucket=photos -Dfaas.file=cat.png [-Dfaas.key=in/cat.png]}. Same as
 * {@code curl -T cat.png http://127.0.0.1:8765/_buckets/photos/in/cat.png}.
 */
@Mojo(name = "upload", requiresProject = false, threadSafe = true)
public class UploadMojo extends AbstractFaasMojo {

    /** The local bucket. */
    @Parameter(property = "faas.bucket", required = true)
    private String bucket;

    /** The object key; the file's name by default. */
    @Parameter(property = "faas.key")
    private String key;

    /** The file to upload. */
    @Parameter(property = "faas.file", required = true)
    private File file;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String id = singleProvider();
        // no project needed: the runtime's home comes from the provider properties alone
        Path workDir = outputDirectory == null ? Path.of("target", "faas") : outputDirectory.toPath();
        faasport().upload(new Requests.Upload(new Target(id, providerProperties(), workDir), bucket, key,
                file == null ? null : file.toPath()));
    }

    @Override
    protected String goal() {
        return "upload";
    }
}
