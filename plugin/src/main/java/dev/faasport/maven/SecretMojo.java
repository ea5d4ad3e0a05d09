package dev.faasport.maven;

import dev.faasport.core.session.Target;
import dev.faasport.core.model.FunctionSets;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.SecretWriter;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Stores a secret in a secret store on this machine (the local provider's {@code secrets.properties}, mode 0600), for
 * functions that reference it as {@code secret:NAME}. The value comes from {@code -Dfaas.secretFile}, or from standard
 * input when it is not a terminal; nothing prompts, and the value is never printed. Cloud secret stores are written
 * with the vendor's tools (see the README's Secrets section).
 */
@Mojo(name = "secret", requiresProject = false, threadSafe = true)
public class SecretMojo extends AbstractFaasMojo {
    // the largest secret AWS Secrets Manager stores (SecretString, 65,536 bytes; API reference, read 2026-12)
    static final int MAX_BYTES = 65_536;

    /** The secret's name, as {@code secret:NAME} references it. */
    @Parameter(property = "faas.secret")
    String secret;

    /** A file holding the value, used byte for byte (no newline is removed); else standard input. */
    @Parameter(property = "faas.secretFile")
    File secretFile;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (secret == null || !FunctionSets.SECRET_NAME.matcher(secret).matches()) {
            throw new MojoFailureException("faas:secret needs a secret name, got '" + secret + "', perhaps you should"
                    + " pass -Dfaas.secret=NAME with lower-case letters, digits and '-' (the name secret:NAME uses)");
        }
        Target t = target(singleProvider());
        Provider p = faasport().provider(t.providerId());
        if (!(p instanceof SecretWriter writer)) {
            throw new MojoFailureException("faas:secret writes the secret stores on this machine, but '" + t.providerId()
                    + "' keeps its secrets in the cloud, perhaps you should create '" + secret + "' with "
                    + p.secretStore(secret).orElse("the vendor's console"));
        }
        byte[] value = read();
        try {
            String where = writer.putSecret(new ProviderConfig(setName, t.properties(), t.workDir(), log()), secret, value);
            getLog().info("faas: secret '" + secret + "' stored in " + where + " (" + value.length + " bytes)");
        } catch (ProviderException e) {
            throw new MojoFailureException(e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
    }

    private byte[] read() throws MojoFailureException {
        if (secretFile == null && System.console() != null) {
            throw new MojoFailureException("faas:secret reads the value of '" + secret + "' from a file or a pipe and"
                    + " never prompts, perhaps you should pass -Dfaas.secretFile=<file> or pipe it in"
                    + " (printf %s \"$VALUE\" | mvn faas:secret -Dfaas.secret=" + secret + ")");
        }
        byte[] value;
        try (InputStream in = secretFile == null ? System.in : Files.newInputStream(secretFile.toPath())) {
            value = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read the value of secret '" + secret + "' from "
                    + (secretFile == null ? "standard input" : secretFile) + " (" + e.getMessage()
                    + "), perhaps you should check the file's path and permissions", e);
        }
        if (value.length == 0 || value.length > MAX_BYTES) {
            throw new MojoFailureException("The value of secret '" + secret + "' has " + (value.length > MAX_BYTES
                    ? "more than " + MAX_BYTES : "0") + " bytes, perhaps you should pass a file holding 1 to "
                    + MAX_BYTES + " bytes");
        }
        return value;
    }

    @Override
    protected String goal() {
        return "secret";
    }
}
