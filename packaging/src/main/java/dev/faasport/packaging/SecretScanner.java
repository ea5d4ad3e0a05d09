package dev.faasport.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of packages: cloud CLI credential folders ({@code .aws/}, {@code .azure/}), {@code .env}
 * files, keys ({@code *.pem}, {@code *.key}, {@code id_rsa*}), PEM private-key blocks inside any file, and
 * {@code .git/}. The packager calls it on every path it would package; a finding fails packaging with the path.
 */
public final class SecretScanner {
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----");
    // content beyond this many bytes of one file is not scanned: keys are small, and class files rarely this big
    private static final int MAX_SCAN_BYTES = 8 << 20;
    // the vendors' own credential variables: a function gets these from its role or identity, never from a package
    private static final java.util.Set<String> CREDENTIAL_VARIABLES = java.util.Set.of("AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON");

    /**
     * @param relativePath a path as it would appear in the package, '/'-separated
     * @return why the path must not be packaged, or empty when its name is harmless
     */
    public Optional<String> checkName(String relativePath) {
        String[] parts = relativePath.replace('\\', '/').split("/");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            boolean dir = i < parts.length - 1;
            if (p.equals(".aws")) return Optional.of("an AWS credentials folder (.aws/)");
            if (p.equals(".azure")) return Optional.of("an Azure CLI credentials folder (.azure/)");
            if (p.equals(".git")) return Optional.of("a git repository (.git/)");
            if (!dir) {
                if (p.equals(".env") || p.startsWith(".env.")) return Optional.of("an environment file (.env)");
                if (p.endsWith(".pem")) return Optional.of("a PEM key or certificate file (*.pem)");
                if (p.endsWith(".key")) return Optional.of("a key file (*.key)");
                if (p.startsWith("id_rsa") || p.startsWith("id_dsa") || p.startsWith("id_ecdsa")
                        || p.startsWith("id_ed25519")) {
                    return Optional.of("an SSH private key (" + parts[i] + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** @return whether the bytes hold a PEM private-key block */
    public boolean containsPrivateKey(byte[] content, int length) {
        // ISO-8859-1 maps every byte to one char, so binary class files scan safely
        String s = new String(content, 0, length, StandardCharsets.ISO_8859_1);
        return s.contains("PRIVATE KEY") && PRIVATE_KEY.matcher(s).find();
    }

    /**
     * Fails when the file's name or content is a secret.
     *
     * @param relativePath the path inside the package, for the message
     * @param file         the file on disk (its content is scanned for private-key blocks)
     */
    public void scan(String relativePath, Path file) throws PackagingException {
        failIfSecretName(relativePath, file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_SCAN_BYTES);
        } catch (IOException e) {
            throw new PackagingException("Cannot read " + file + " to package it (" + e.getMessage()
                    + "), perhaps you should fix its permissions or delete it", e);
        }
        if (containsPrivateKey(head, head.length)) {
            throw new PackagingException("Refusing to package " + file + ": it contains a PRIVATE KEY block"
                    + ", perhaps you should move the key out of the project's resources and load it at run time"
                    + " from a secret store; Faasport never packages credentials");
        }
    }

    /**
     * Fails when a function's environment holds a credential: it would be written into the package descriptor.
     *
     * @param function    the function's name, for the message
     * @param environment its environment variables
     */
    public void scanEnvironment(String function, java.util.Map<String, String> environment) throws PackagingException {
        for (java.util.Map.Entry<String, String> e : environment.entrySet()) {
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (CREDENTIAL_VARIABLES.contains(e.getKey().toUpperCase(Locale.ROOT)) || containsPrivateKey(value, value.length)) {
                throw new PackagingException("Refusing to package function '" + function + "': its environment"
                        + " variable '" + e.getKey() + "' holds a credential, which would be written into "
                        + Packager.DESCRIPTOR + ", perhaps you should give the function a role or identity with"
                        + " the permissions it needs, or read the secret at run time from a secret store");
            }
        }
    }

    /** Fails when the path names a secret. */
    public void failIfSecretName(String relativePath, Path file) throws PackagingException {
        Optional<String> why = checkName(relativePath);
        if (why.isPresent()) {
            throw new PackagingException("Refusing to package " + (file == null ? relativePath : file.toString())
                    + ": it is " + why.get() + ", perhaps you should move it out of the project's resources"
                    + " (or out of the dependency) and pass credentials through the vendor's credential chain;"
                    + " Faasport never packages credentials");
        }
    }
}
