package dev.faasport.packaging;

import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class BadInputTest {
    @TempDir
    Path tmp;
    Fixtures fx;
    final Packager packager = new Packager();

    @BeforeEach
    void setUp() throws IOException {
        fx = new Fixtures(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {".env", ".env.production", ".aws/credentials", ".azure/accessTokens.json", "certs/server.pem",
            "keys/signing.key", "id_rsa", "ssh/id_rsa.pub", ".git/config"})
    void secretsInTheClassesFailWithTheirPath(String secret) throws IOException {
        Fixtures.write(fx.classes.resolve(secret), "x");
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining(fx.classes.resolve(secret.contains("/") && secret.startsWith(".")
                        ? secret.substring(0, secret.indexOf('/')) : secret).toString())
                .hasMessageContaining("perhaps you should");
        assertThat(fx.out.resolve("aws")).doesNotExist();
    }

    @Test
    void aPrivateKeyBlockInsideAnyFileFails() throws IOException {
        Fixtures.write(fx.classes.resolve("config/app.properties"),
                "a=b\nkey=-----BEGIN RSA PRIVATE KEY-----\nMIIEfake\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("config/app.properties").hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void credentialsInAFunctionsEnvironmentFail() {
        fx.functions.add(new dev.faasport.spi.FunctionSpec("leaky", "com.example.Hello", dev.faasport.spi.FunctionShape.HTTP,
                new dev.faasport.spi.Trigger.Http(java.util.List.of(), true), 256, 30,
                java.util.Map.of("AWS_SECRET_ACCESS_KEY", "not-a-real-key"), 0, 0, null, null));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("'leaky'").hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .hasMessageNotContaining("not-a-real-key");
        fx.functions.remove(fx.functions.size() - 1);
        fx.functions.add(new dev.faasport.spi.FunctionSpec("pem", "com.example.Hello", dev.faasport.spi.FunctionShape.HTTP,
                new dev.faasport.spi.Trigger.Http(java.util.List.of(), true), 256, 30,
                java.util.Map.of("SIGNING_KEY", "-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----"), 0, 0, null, null));
        assertThatThrownBy(() -> packager.pack(fx.request(), "gcp", PackageFormat.GCF_SOURCE_ZIP))
                .hasMessageContaining("'pem'").hasMessageContaining("SIGNING_KEY");
    }

    @Test
    void harmlessLookalikesPass() throws Exception {
        Fixtures.write(fx.classes.resolve("environment.txt"), "PUBLIC KEY is fine");
        Fixtures.write(fx.classes.resolve("com/example/KeyStore.class"), "-----BEGIN PUBLIC KEY-----");
        Fixtures.write(fx.classes.resolve("monkey.json"), "{}");
        assertThat(packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP).units()).hasSize(4);
    }

    @Test
    void aDependencyCarryingCredentialsFails() throws IOException {
        Path bad = Fixtures.jar(tmp.resolve("m2/leaky-1.0.jar"), ".aws/credentials", "[default]");
        fx.deps.add(new Dependency("com.leaky:leaky:1.0", bad));
        assertThatThrownBy(() -> packager.pack(fx.request(), "gcp", PackageFormat.GCF_SOURCE_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("com.leaky:leaky:1.0").hasMessageContaining(".aws/credentials");
    }

    @Test
    void aCorruptJarFailsNamingTheDependency() throws IOException {
        Path bad = tmp.resolve("m2/broken-1.0.jar");
        Files.write(bad, "PK\u0003\u0004 this is not really a zip".getBytes());
        fx.deps.add(new Dependency("com.broken:broken:1.0", bad));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("com.broken:broken:1.0").hasMessageContaining("not a valid jar")
                .hasMessageContaining("perhaps you should delete it");
    }

    @Test
    void aTruncatedJarFails() throws IOException {
        Path good = fx.deps.get(0).file();
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("m2/cut-1.0.jar");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        fx.deps.add(new Dependency("com.cut:cut:1.0", cut));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .hasMessageContaining("com.cut:cut:1.0");
    }

    @Test
    void aMissingJarFails() {
        fx.deps.add(new Dependency("com.gone:gone:1.0", tmp.resolve("m2/gone-1.0.jar")));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("gone-1.0.jar")
                .hasMessageContaining("perhaps you should");
    }

    @Test
    void aSymlinkLoopInTheClassesFails() throws IOException {
        Path dir = fx.classes.resolve("com/example/sub");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("loop"), fx.classes.resolve("com"));
        assertThatThrownBy(() -> packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("Symbolic link loop").hasMessageContaining("loop");
    }

    @Test
    void aBrokenSymlinkInTheClassesFails() throws IOException {
        Files.createSymbolicLink(fx.classes.resolve("dangling.txt"), tmp.resolve("nowhere"));
        assertThatThrownBy(() -> packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("dangling.txt");
    }

    @Test
    void anUnreadableClassFileFails() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path f = Fixtures.write(fx.classes.resolve("secret-less.txt"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("secret-less.txt");
    }

    @Test
    void aClassesPathThatIsAFileFails() throws IOException {
        Path file = Fixtures.write(tmp.resolve("not-a-dir"), "x");
        PackageRequest r = new PackageRequest("s", fx.functions, file, fx.deps, fx.adapters, fx.out, Fixtures.TS, false, null);
        assertThatThrownBy(() -> packager.pack(r, "local", PackageFormat.LOCAL_ZIP)).hasMessageContaining("not a directory");
    }
}
