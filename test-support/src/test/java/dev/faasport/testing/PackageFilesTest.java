package dev.faasport.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a package, its class path and loader, and the small helpers the package hosts share. */
class PackageFilesTest {

    @TempDir
    Path work;

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    out.write(name.getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void unpacksIntoItsOwnDirectoryAndListsTheClassPathInZipOrder() throws IOException {
        Path root = PackageFiles.directory(work, "shop:3@ab/cd");
        assertThat(root).isEqualTo(work.resolve("shop_3_ab_cd")).isDirectory();
        List<URL> jars = PackageFiles.unzip(zip("lib/", "lib/b.jar", "app.jar", "lib/a.jar", "lib/notes.txt"), root,
                name -> name.startsWith("lib/") && name.endsWith(".jar"));
        assertThat(jars).containsExactly(root.resolve("lib/b.jar").toUri().toURL(), root.resolve("lib/a.jar").toUri().toURL());
        assertThat(Files.readString(root.resolve("app.jar"))).isEqualTo("app.jar");
        assertThat(root.resolve("lib/notes.txt")).exists();
        try (URLClassLoader loader = PackageFiles.classLoader(jars)) {
            assertThat(loader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
            assertThat(loader.getURLs()).containsExactlyElementsOf(jars);
        }
    }

    @Test
    void refusesEntriesOutsideTheRoot() throws IOException {
        Path root = PackageFiles.directory(work, "evil");
        assertThatThrownBy(() -> PackageFiles.unzip(zip("ok.jar", "../escaped.jar"), root, name -> true))
                .isInstanceOf(IOException.class).hasMessage("zip entry outside the root: ../escaped.jar");
        assertThat(work.resolve("escaped.jar")).doesNotExist();
    }

    @Test
    void findsTheJarOfAClassOrSaysWhatToAdd() {
        assertThat(PackageFiles.jarOf(Test.class.getName(), getClass().getClassLoader(), "junit")).isNotNull();
        assertThatThrownBy(() -> PackageFiles.jarOf("no.such.Type", getClass().getClassLoader(), "g:a (test scope)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no.such.Type is not on the test class path, perhaps you should add g:a (test scope) to run packages");
    }

    @Test
    void runsWorkWithTheContextLoaderAndRestoresIt() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = PackageFiles.classLoader(List.of())) {
            assertThat(PackageFiles.withContextLoader(loader, () -> Thread.currentThread().getContextClassLoader()))
                    .isSameAs(loader);
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void parsesQueryStrings() {
        assertThat(QueryStrings.single(null)).isEmpty();
        assertThat(QueryStrings.single("a=1&b=x+y%21&a=2&flag")).containsExactly(
                Map.entry("a", "2"), Map.entry("b", "x y!"), Map.entry("flag", ""));
        assertThat(QueryStrings.multi("")).isEmpty();
        assertThat(QueryStrings.multi("a=1&b=%20&a=2")).containsExactly(
                Map.entry("a", List.of("1", "2")), Map.entry("b", List.of(" ")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void proxiesAnswerIdentityMethodsThemselves() {
        Supplier<String> s = (Supplier<String>) Proxies.of(getClass().getClassLoader(), Supplier.class,
                (p, m, a) -> m.getName().equals("get") ? "got" : Proxies.unsupported(m));
        assertThat(s.get()).isEqualTo("got");
        assertThat(s.toString()).isEqualTo("Supplier(test host)");
        assertThat(s.equals(s)).isTrue();
        assertThat(s.hashCode()).isEqualTo(System.identityHashCode(s));
        Runnable r = (Runnable) Proxies.of(getClass().getClassLoader(), Runnable.class, (p, m, a) -> Proxies.unsupported(m));
        assertThatThrownBy(r::run).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("the test host does not implement run");
    }
}
