package dev.faasport.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds a test secret's bytes in what a test produced: every file under a directory, and every entry of every zip
 * or jar among them, nested archives included (a compressed entry hides its bytes from a plain grep).
 */
public final class SecretLeaks {

    private SecretLeaks() {
    }

    /** @return each file (or {@code file!entry!entry}) that holds the secret's UTF-8 bytes; empty when none does */
    public static List<String> find(Path root, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        if (!Files.exists(root)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                scan(f.toString(), Files.readAllBytes(f), needle, found);
            }
        }
        return found;
    }

    private static void scan(String name, byte[] content, byte[] needle, List<String> found) throws IOException {
        if (indexOf(content, needle) >= 0) {
            found.add(name);
        }
        if (content.length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        scan(name + "!" + e.getName(), readAll(zip), needle, found);
                    }
                }
            } catch (IOException e) {
                found.add(name + " (unreadable zip: " + e.getMessage() + ")");
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
