package dev.faasport.provider.knative.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unpacking layers as a container runtime does: whiteouts, links, and entries that try to leave the root. */
class ImagePullerTest {

    @Test
    void layersStackAndWhiteoutsRemoveWhatLowerLayersHold(@TempDir Path root) throws IOException {
        ImagePuller.unpack(gzip(new Tar().dir("app/").file("app/a.txt", "a").file("app/b.txt", "b")
                .file("etc/c.txt", "c").file("etc/d.txt", "d").bytes()), root);
        // the second layer is a plain tar: both kinds are accepted
        ImagePuller.unpack(new ByteArrayInputStream(new Tar().file("app/.wh.a.txt", "")
                .file("etc/e.txt", "e").file("etc/.wh..wh..opq", "").file("./bin/run", "#!", 0755).bytes()), root);

        assertThat(root.resolve("app/a.txt")).doesNotExist();
        assertThat(root.resolve("app/b.txt")).hasContent("b");
        // the opaque whiteout empties etc of the lower layer's files, not of its own layer's
        assertThat(root.resolve("etc/c.txt")).doesNotExist();
        assertThat(root.resolve("etc/d.txt")).doesNotExist();
        assertThat(root.resolve("etc/e.txt")).hasContent("e");
        assertThat(root.resolve("bin/run")).isExecutable();
    }

    @Test
    void absoluteSymbolicLinksStayInTheRoot(@TempDir Path root) throws IOException {
        ImagePuller.unpack(new ByteArrayInputStream(new Tar().file("etc/os-release", "scratch")
                .link("usr/lib/os-release", "/etc/os-release").bytes()), root);
        assertThat(Files.readSymbolicLink(root.resolve("usr/lib/os-release")).isAbsolute()).isFalse();
        assertThat(root.resolve("usr/lib/os-release")).hasContent("scratch");
    }

    @Test
    void entriesThatLeaveTheRootAreRefused(@TempDir Path work) throws IOException {
        Path root = Files.createDirectories(work.resolve("rootfs"));
        assertThatThrownBy(() -> ImagePuller.unpack(new ByteArrayInputStream(new Tar().file("../evil.txt", "x").bytes()), root))
                .isInstanceOf(IOException.class).hasMessageContaining("'../evil.txt' escapes the root file system");
        assertThatThrownBy(() -> ImagePuller.unpack(new ByteArrayInputStream(new Tar().link("out", "../../tmp").bytes()), root))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the root file system");
        assertThatThrownBy(() -> ImagePuller.unpack(new ByteArrayInputStream(new Tar().file("a/../../.wh.x", "").bytes()), root))
                .isInstanceOf(IOException.class).hasMessageContaining("escapes the root file system");
        assertThat(work.resolve("evil.txt")).doesNotExist();
        assertThat(work.resolve("out")).doesNotExist();
    }

    @Test
    void imageReferencesAreSplitIntoRegistryRepositoryAndReference() throws Exception {
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(ImagePuller.ImageRef.parse("127.0.0.1:5000/it/shop/hello@" + digest))
                .isEqualTo(new ImagePuller.ImageRef("127.0.0.1:5000", "it/shop/hello", digest));
        assertThat(ImagePuller.ImageRef.parse("127.0.0.1:5000/it/shop/hello:v1@" + digest).reference()).isEqualTo(digest);
        assertThat(ImagePuller.ImageRef.parse("127.0.0.1:5000/it/hello:v2"))
                .isEqualTo(new ImagePuller.ImageRef("127.0.0.1:5000", "it/hello", "v2"));
        assertThat(ImagePuller.ImageRef.parse("localhost/hello")).isEqualTo(new ImagePuller.ImageRef("localhost", "hello", "latest"));
        assertThat(ImagePuller.ImageRef.parse("eclipse-temurin:17").repository()).isEqualTo("library/eclipse-temurin");
        assertThatThrownBy(() -> ImagePuller.ImageRef.parse("127.0.0.1:5000/Bad Name")).isInstanceOf(ImagePuller.PullException.class)
                .hasMessageContaining("invalid image reference");
    }

    @Test
    void memoryLimitsAreReadAsKubernetesQuantities() {
        assertThat(KnativeTestCluster.mebibytes("256Mi")).isEqualTo(256);
        assertThat(KnativeTestCluster.mebibytes("1Gi")).isEqualTo(1024);
        assertThat(KnativeTestCluster.mebibytes("500M")).isEqualTo(477);
        assertThat(KnativeTestCluster.mebibytes("134217728")).isEqualTo(128);
    }

    static ByteArrayInputStream gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar);
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    /** Writes ustar archives, just enough for these tests. */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar file(String name, String content) {
            return file(name, content, 0644);
        }

        Tar file(String name, String content, int mode) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            header(name, '0', data.length, mode, "");
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        Tar dir(String name) {
            header(name, '5', 0, 0755, "");
            return this;
        }

        Tar link(String name, String target) {
            header(name, '2', 0, 0777, target);
            return this;
        }

        byte[] bytes() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private void header(String name, char type, long size, int mode, String link) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, String.format("%07o", mode));
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", size));
            put(h, 136, "00000000000");
            h[156] = (byte) type;
            put(h, 157, link);
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[155] = ' ';
            out.writeBytes(h);
        }

        private static void put(byte[] h, int offset, String value) {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, offset, b.length);
        }
    }
}
