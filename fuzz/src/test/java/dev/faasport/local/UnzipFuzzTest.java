package dev.faasport.local;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploaded packages: unpacked inside their directory, or refused; never a file outside it, never a crash. */
class UnzipFuzzTest {

    static Path root;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createTempDirectory("faasport-unzip-fuzz");
    }

    @AfterAll
    static void stop() {
        Store.deleteTree(root);
    }

    @FuzzTest(maxDuration = "20s")
    void packages(@NotNull byte[] zip) throws IOException {
        Path target = root.resolve("pkg");
        try {
            Store.unzip(new ByteArrayInputStream(zip), target);
        } catch (IOException | IllegalArgumentException refused) {
            // a corrupt archive (ZipException, EOF) or an unsafe or oversized one
        } finally {
            try (Stream<Path> all = Files.list(root)) {
                assertThat(all).allMatch(target::equals);
            }
            Store.deleteTree(target);
        }
    }
}
