package dev.faasport.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<String> CREDENTIAL_VARIABLES = Set.of("AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON");
    private static final String MANIFEST_AND_CONFIG = "the package, " + Packager.MANIFEST + " and the target's configuration";
    // AWS access key ids: AKIA (long-term) or ASIA (temporary), then 16 upper-case letters and digits
    // (IAM User Guide, "Unique identifiers", read 2026-12)
    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
    // AWS secret access keys are 40 base64 characters (IAM User Guide, "Manage access keys", read 2026-12)
    private static final Pattern AWS_SECRET_KEY = Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern SECRET_WORD = Pattern.compile("(?i)secret|key|password|token");
    // Azure Storage "Configure a connection string" (read 2026-12): AccountKey=; Service Bus and Event Hubs use
    // SharedAccessKey=; a SAS carries sig=
    private static final Pattern AZURE_CONNECTION = Pattern.compile("(?i)(AccountKey|SharedAccessKey)=[A-Za-z0-9+/=]{20,}");
    // an Azure storage account key alone: 64 bytes in base64, 88 characters ending in ==
    private static final Pattern AZURE_KEY = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==");
    // a service-account key file as Google issues it ("Create and delete service account keys", read 2026-12)
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("\"type\"\\s*:\\s*\"service_account\"");
    // header.payload.signature, both JSON parts base64url-encoded starting with '{"' (RFC 7519)
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
    private static final Set<String> NAME_WORDS = Set.of("KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PWD",
            "CREDENTIAL", "CREDENTIALS", "PRIVATE", "APIKEY", "AUTH");

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
     * Fails when a function's environment holds a credential: it would be written into the package descriptor, the
     * manifest and the target's configuration. Values are judged whatever the variable is called.
     *
     * @param function    the function's name, for the message
     * @param environment its environment variables (secret references are not in it)
     * @param allowed     variables the user let through in clear ({@code -Dfaas.allowPlaintextSecret})
     */
    public void scanEnvironment(String function, Map<String, String> environment, Set<String> allowed)
            throws PackagingException {
        for (Map.Entry<String, String> e : environment.entrySet()) {
            Optional<String> kind = credential(e.getKey(), e.getValue());
            if (kind.isPresent() && !allowed.contains(e.getKey())) {
                throw new PackagingException("Refusing to package function '" + function + "': its environment"
                        + " variable '" + e.getKey() + "' holds " + kind.get() + " (" + e.getValue().length()
                        + " characters, value not shown), which would be written in clear into " + MANIFEST_AND_CONFIG
                        + ", perhaps you should store it in the target's secret store and write"
                        + " <" + e.getKey() + ">secret:NAME</" + e.getKey() + "> (see the README's Secrets section),"
                        + " give the function a role or identity instead, or, if it is no secret, pass"
                        + " -Dfaas.allowPlaintextSecret=" + e.getKey());
            }
        }
    }

    /**
     * @return what kind of credential the value looks like, or empty. Pattern rules hold whatever the variable is
     *         called; a high-entropy token counts where the name says key, secret, token or password
     */
    public static Optional<String> credential(String name, String value) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        if (CREDENTIAL_VARIABLES.contains(n)) {
            return Optional.of("a cloud credential (" + n + " is the vendor's own credential variable)");
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (PRIVATE_KEY.matcher(value).find()) {
            return Optional.of("a PEM private key");
        }
        if (AWS_KEY_ID.matcher(value).find()) {
            return Optional.of("an AWS access key id");
        }
        if (value.contains("\"private_key\"") || SERVICE_ACCOUNT.matcher(value).find()) {
            return Optional.of("a Google service-account key");
        }
        if (AZURE_CONNECTION.matcher(value).find()) {
            return Optional.of("an Azure connection string with a key");
        }
        if (AZURE_KEY.matcher(value).find()) {
            return Optional.of("an Azure storage account key");
        }
        if (JWT.matcher(value).find()) {
            return Optional.of("a JSON Web Token");
        }
        boolean secretName = secretName(n);
        if (awsSecretKey(value) && (secretName || SECRET_WORD.matcher(value).find())) {
            return Optional.of("an AWS secret access key");
        }
        if (secretName && highEntropy(value.trim())) {
            return Optional.of("a high-entropy token under a secret-like name");
        }
        return Optional.empty();
    }

    // 40 random base64 characters hold digits and both cases, and few '/'; a 40-character path segment does not
    private static boolean awsSecretKey(String value) {
        java.util.regex.Matcher m = AWS_SECRET_KEY.matcher(value);
        while (m.find()) {
            String t = m.group();
            if (count(t, Character::isDigit) >= 1 && count(t, Character::isUpperCase) >= 2
                    && count(t, Character::isLowerCase) >= 2 && count(t, c -> c == '/') <= 4) {
                return true;
            }
        }
        return false;
    }

    private static long count(String s, java.util.function.IntPredicate p) {
        return s.chars().filter(p).count();
    }

    /** @return whether a variable name has a word such as KEY, SECRET, TOKEN or PASSWORD in it */
    public static boolean secretName(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (String word : n.split("[^A-Z0-9]+")) {
            if (NAME_WORDS.contains(word)) {
                return true;
            }
        }
        return n.contains("SECRET") || n.contains("PASSWORD") || n.contains("TOKEN") || n.contains("APIKEY");
    }

    // a generated key: 16+ token characters with letters and digits and about 3.5 bits of entropy per character or
    // more (English words and paths have less); URLs, ARNs and sentences are not tokens
    private static boolean highEntropy(String v) {
        if (v.length() < 16 || !TOKEN.matcher(v).matches() || v.contains("://") || v.startsWith("arn:")
                || v.chars().noneMatch(Character::isDigit)
                || v.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        v.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double bits = 0;
        for (int c : counts.values()) {
            double p = (double) c / v.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits >= 3.5;
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
