package dev.faasport.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local secret store: {@code secrets.properties} under the runtime's home, readable by its owner only (mode
 * 0600). A function's {@code secret:NAME} references are resolved from it when a worker starts, into that worker's
 * environment only; values never reach the unit descriptor, the logs or the build.
 */
final class LocalSecrets {
    static final String FILE = "secrets.properties";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LocalSecrets() {
    }

    /** A secret that cannot be read: missing, or the file is unsafe or unreadable. The message says what to do. */
    static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    static Path file(Path home) {
        return home.resolve(FILE);
    }

    /** @return the command that adds a secret to the store of this home */
    static String addCommand(Path home, String name) {
        return "mvn faas:secret -Dfaas.secret=" + name + " -Dfaas.secretFile=<file holding the value>"
                + (home.equals(LocalRuntime.defaultHome()) ? "" : " -Dfaas.local.home=" + home);
    }

    /**
     * @param references environment variable name to secret name
     * @return environment variable name to the secret's value
     * @throws Unavailable naming the first missing secret and the command that adds it
     */
    static Map<String, String> resolve(Path home, Map<String, String> references) throws Unavailable {
        Map<String, String> env = new TreeMap<>();
        if (references.isEmpty()) {
            return env;
        }
        Properties store = read(home);
        for (Map.Entry<String, String> r : references.entrySet()) {
            String value = store.getProperty(r.getValue());
            if (value == null) {
                throw missing(home, r.getValue(), r.getKey());
            }
            env.put(r.getKey(), value);
        }
        return env;
    }

    /** @return the names among {@code names} that the store does not hold */
    static Set<String> missing(Path home, Collection<String> names) throws Unavailable {
        Set<String> missing = new TreeSet<>(names);
        if (!missing.isEmpty()) {
            missing.removeAll(read(home).stringPropertyNames());
        }
        return missing;
    }

    static Unavailable missing(Path home, String secret, String variable) {
        return new Unavailable(notFound(home, secret, variable) + ", perhaps you should add it with "
                + addCommand(home, secret));
    }

    static String notFound(Path home, String secret, String variable) {
        return "Secret '" + secret + "' (environment variable " + variable + ") is not in " + file(home);
    }

    /** Adds or replaces a secret; the file is written whole and atomically, owner-only from its creation. */
    static synchronized void put(Path home, String name, String value) throws IOException {
        Files.createDirectories(home);
        Properties store = Files.exists(file(home)) ? read(home) : new Properties();
        store.setProperty(name, value);
        Path tmp = Files.createTempFile(home, FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, null);
            }
            Files.move(tmp, file(home), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Properties read(Path home) throws Unavailable {
        Path file = file(home);
        Properties p = new Properties();
        if (!Files.exists(file)) {
            return p;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> extra = new TreeSet<>(perms);
            extra.removeAll(OWNER_ONLY);
            if (!extra.isEmpty()) {
                throw new Unavailable("Refusing to read " + file + ": its mode is " + PosixFilePermissions.toString(perms)
                        + ", so its group or other users can read the secrets, perhaps you should run chmod 600 " + file
                        + " (and replace any secret others may have read)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Properties.store writes ISO-8859-1 with \\u escapes; read the same way
                p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
            }
            return p;
        } catch (Unavailable e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new Unavailable("Cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "), perhaps you should fix its permissions or add the secrets again with " + addCommand(home, "NAME"));
        }
    }
}
