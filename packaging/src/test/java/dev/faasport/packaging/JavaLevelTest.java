package dev.faasport.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiled Java level is read from class-file headers, never from build configuration. */
public class JavaLevelTest {
    @TempDir
    Path tmp;

    /** A class file header with the given major version (52 is Java 8, 65 Java 21), as javac writes it. */
    static byte[] classBytes(int major) {
        return new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, (byte) (major >> 8),
                (byte) major, 0, 10, 1, 0, 3, 'F', 'o', 'o'};
    }

    static Path classFile(Path dir, String name, int major) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, classBytes(major));
        return p;
    }

    /** Writes a jar (a zip) of the given entries; the lock-in tests use it too. */
    public static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    /** Compiles one class with javac --release N, as maven-compiler-plugin does. */
    Path compile(int release) throws IOException {
        Path src = tmp.resolve("src" + release + "/com/example/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package com.example; public class Hello { public String hi() { return \"hi\"; } }");
        Path out = tmp.resolve("classes" + release);
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-nowarn", "-Xlint:-options", "--release", Integer.toString(release),
                "-d", out.toString(), src.toString());
        assertThat(rc).isZero();
        return out;
    }

    @Test
    void classesCompiledByJavacGiveTheirReleaseWhateverTheBuildSays() throws Exception {
        assertThat(JavaLevel.measure(compile(8), List.of(), null)).isEqualTo(8);
        assertThat(JavaLevel.measure(compile(11), List.of(), null)).isEqualTo(11);
        assertThat(JavaLevel.measure(compile(17), List.of(), null)).isEqualTo(17);
    }

    @Test
    void theHighestClassOfTheTreeCountsAndOtherFilesAreIgnored() throws Exception {
        Path classes = tmp.resolve("classes");
        classFile(classes, "a/A.class", 52);
        classFile(classes, "b/B.class", 65);
        classFile(classes, "module-info.class", 69); // no class path loads it
        Files.writeString(classes.resolve("b/notes.class"), "not a class file");
        Files.writeString(classes.resolve("app.properties"), "x=1");
        assertThat(JavaLevel.measure(classes, List.of(), null)).isEqualTo(21);
        assertThat(JavaLevel.measure(tmp.resolve("missing"), List.of(), null)).isZero();
    }

    @Test
    void aDependencyCompiledForANewerJavaRaisesTheLevel() throws Exception {
        Path classes = tmp.resolve("classes");
        classFile(classes, "a/A.class", 55);
        Path lib = jar(tmp.resolve("m2/lib-1.0.jar"), Map.of("lib/L.class", classBytes(65)));
        assertThat(JavaLevel.measure(classes, List.of(), null)).isEqualTo(11);
        assertThat(JavaLevel.measure(classes, List.of(lib), null)).isEqualTo(21);
    }

    @Test
    void multiReleaseEntriesAndModuleDescriptorsOfJarsAreLeftOut() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Multi-Release: true\n".getBytes());
        entries.put("lib/L.class", classBytes(52));
        entries.put("META-INF/versions/21/lib/L.class", classBytes(65));
        entries.put("META-INF/versions/25/module-info.class", classBytes(69));
        entries.put("module-info.class", classBytes(61));
        Path lib = jar(tmp.resolve("m2/mr-1.0.jar"), entries);
        assertThat(JavaLevel.measure(null, List.of(lib), null)).isEqualTo(8);
    }

    @Test
    void jarLevelsAreRememberedByPathSizeAndTime() throws Exception {
        Path cache = tmp.resolve("target/faas/levels.json");
        Path lib = jar(tmp.resolve("m2/lib.jar"), Map.of("lib/L.class", classBytes(61)));
        FileTime time = Files.getLastModifiedTime(lib);
        assertThat(JavaLevel.measure(null, List.of(lib), cache)).isEqualTo(17);
        assertThat(cache).exists();

        // same path, size and time: the cached level is used without opening the jar
        jar(lib, Map.of("lib/L.class", classBytes(65)));
        Files.setLastModifiedTime(lib, time);
        assertThat(JavaLevel.measure(null, List.of(lib), cache)).isEqualTo(17);

        // a new time (a rebuilt snapshot) measures again
        Files.setLastModifiedTime(lib, FileTime.fromMillis(time.toMillis() + 2000));
        assertThat(JavaLevel.measure(null, List.of(lib), cache)).isEqualTo(21);
    }

    @Test
    void anUnreadableJarFailsWithTheFix() throws Exception {
        Path bad = Fixtures.write(tmp.resolve("m2/bad.jar"), "not a zip");
        assertThatThrownBy(() -> JavaLevel.measure(null, List.of(bad), null)).isInstanceOf(PackagingException.class)
                .hasMessageContaining("bad.jar").hasMessageContaining("perhaps you should");
    }

    @Test
    void featureNumbersFollowTheClassFileMajorVersion() {
        assertThat(JavaLevel.feature(52)).isEqualTo(8);
        assertThat(JavaLevel.feature(61)).isEqualTo(17);
        assertThat(JavaLevel.feature(65)).isEqualTo(21);
        assertThat(JavaLevel.feature(69)).isEqualTo(25);
    }
}
