package dev.faasport.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void localHeadersCarryCrcAndSizesAndNoDataDescriptor() throws Exception {
        Path jar = Files.write(tmp.resolve("dep.jar"), "not really a jar, stored as is".getBytes(StandardCharsets.UTF_8));
        Archive.Written w = new Archive(Instant.parse("2026-11-27T10:20:30Z"))
                .text("com/example/Hello.class", "x".repeat(10_000))
                .file("lib/dep.jar", jar, true, "faasport adapter dep")
                .write(tmp.resolve("a.zip"));
        byte[] zip = Files.readAllBytes(w.path());
        try (ZipFile z = new ZipFile(w.path().toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                ByteBuffer local = localHeader(zip, e.getName());
                assertThat(local.getShort(6) & 0x08).as("data descriptor flag of " + e.getName()).isZero();
                assertThat(local.getShort(6) & 0x0800).as("UTF-8 flag of " + e.getName()).isNotZero();
                assertThat(local.getInt(14) & 0xFFFFFFFFL).as("CRC of " + e.getName()).isEqualTo(e.getCrc());
                assertThat(local.getInt(18) & 0xFFFFFFFFL).as("compressed size").isEqualTo(e.getCompressedSize());
                assertThat(local.getInt(22) & 0xFFFFFFFFL).as("size").isEqualTo(e.getSize());
                assertThat(local.getShort(28)).as("extra field length").isZero();
                // DOS time in UTC fields, whatever the machine's zone: 10:20:30 -> (10 << 11) | (20 << 5) | 15
                assertThat(local.getShort(10) & 0xFFFF).isEqualTo((10 << 11) | (20 << 5) | 15);
            }
            assertThat(z.getEntry("lib/dep.jar").getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(z.getEntry("lib/dep.jar").getComment()).isEqualTo("faasport adapter dep");
            assertThat(z.getEntry("com/example/Hello.class").getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(z.getEntry("com/example/").isDirectory()).isTrue();
        }
        assertThat(w.sha256()).isEqualTo(PackagerTest.sha256(w.path()));
        assertThat(w.zippedBytes()).isEqualTo(zip.length);
        assertThat(w.unzippedBytes()).isEqualTo(10_000 + Files.size(jar));
    }

    @Test
    void moreEntriesThanAZipWithoutZip64HoldsAreRefused() {
        Archive a = new Archive(Instant.EPOCH);
        for (int i = 0; i < 0xFFFF; i++) {
            a.bytes("f" + i, new byte[0]);
        }
        a.bytes("dir/f", new byte[0]); // with its directory entry: 65537
        assertThatThrownBy(() -> a.write(tmp.resolve("big.zip"))).isInstanceOf(Archive.TooLarge.class)
                .hasMessageContaining("65537 entries");
        assertThat(tmp.resolve("big.zip")).doesNotExist();
    }

    private static ByteBuffer localHeader(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + n.length <= zip.length; i++) {
            ByteBuffer b = ByteBuffer.wrap(zip, i, zip.length - i).slice().order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) == 0x04034b50 && (b.getShort(26) & 0xFFFF) == n.length
                    && java.util.Arrays.equals(zip, i + 30, i + 30 + n.length, n, 0, n.length)) {
                return b;
            }
        }
        throw new AssertionError("no local header for " + name);
    }
}
