package dev.faasport.local;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.testing.SecretLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 20 on the local provider: secret:NAME resolved from the home's 0600 secrets file when a worker starts. */
class LocalSecretsTest {
    static final String SECRET = "s3cr3t-local-Vq8Zp2Lx";

    @TempDir
    Path tmp;

    @Test
    void aFunctionReadsItsSecretFromTheSecretsFileAndNothingElseHoldsIt() throws Exception {
        Path home = tmp.resolve("home");
        Map<String, String> props = Map.of("local.home", home.toString(), "local.port", "0", "local.idleSeconds", "5");
        ProviderConfig config = new ProviderConfig("demo", props, tmp, ProviderConfig.Log.silent());
        FunctionSpec spec = new FunctionSpec("reader", LocalRuntimeTest.PROBE, FunctionShape.HTTP,
                new Trigger.Http(List.of("GET"), true), 128, 10, Map.of("VERSION", "1"), 0, 0, null, Map.of(),
                Map.of("DB_PASSWORD", "db-password"));
        Path zip = TestPackages.build(tmp.resolve("zips"), TestPackages.descriptor(List.of("reader")));
        DeployUnit unit = new DeployUnit("demo", "reader", List.of(spec),
                new Artifact(PackageFormat.LOCAL_ZIP, zip, TestPackages.sha256(zip), Files.size(zip), 0, null), "cfg-1",
                Map.of());
        LocalProvider provider = new LocalProvider();
        try (ProviderSession session = provider.open(config)) {
            // before the secret exists: deploying fails before anything is deployed, naming it and the command
            assertThatThrownBy(() -> session.verify(List.of(unit))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("'db-password'").hasMessageContaining("DB_PASSWORD")
                    .satisfies(e -> assertThat(((ProviderException) e).suggestion())
                            .contains("mvn faas:secret -Dfaas.secret=db-password"));
            assertThat(session.secretExists("db-password")).hasValue(false);

            String where = provider.putSecret(config, "db-password", SECRET.getBytes(StandardCharsets.UTF_8));
            assertThat(where).isEqualTo(home.resolve("secrets.properties").toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(where)))).isEqualTo("rw-------");
            session.verify(List.of(unit));
            assertThat(session.secretExists("db-password")).hasValue(true);

            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));
            InvocationResult r = session.invoke("reader", new Invocation("GET", "/digest?var=DB_PASSWORD", Map.of(), null));
            assertThat(r.bodyAsString()).isEqualTo("digest " + digest(SECRET));
            assertThat(session.list()).singleElement().satisfies(u -> assertThat(u.functions().get(0).secrets())
                    .containsExactly(Map.entry("DB_PASSWORD", "db-password")));

            // a store others can read is refused when the next worker starts, saying why
            provider.stopRuntime(config);
            Files.setPosixFilePermissions(Path.of(where), PosixFilePermissions.fromString("rw-r--r--"));
            try (ProviderSession again = provider.open(config)) {
                InvocationResult refused = again.invoke("reader", new Invocation("GET", "/digest", Map.of(), null));
                assertThat(refused.status()).isEqualTo(500);
                assertThat(refused.bodyAsString()).contains("rw-r--r--").contains("chmod 600");
                assertThatThrownBy(() -> again.verify(List.of(unit))).hasMessageContaining("chmod 600");
                assertThat(again.logs("reader", 50)).anyMatch(l -> l.contains("chmod 600"));
            }
        } finally {
            provider.stopRuntime(config);
        }
        Files.delete(home.resolve("secrets.properties"));
        // the unit descriptor, the logs, the daemon's state: no file but the store held the value
        assertThat(SecretLeaks.find(tmp, SECRET)).isEmpty();
    }

    @Test
    void aMissingSecretFailsTheWorkerWithTheCommandThatAddsIt() throws Exception {
        Path home = tmp.resolve("home");
        LocalSecrets.put(home, "other", "x");
        assertThatThrownBy(() -> LocalSecrets.resolve(home, Map.of("API_KEY", "payments-key")))
                .hasMessageContaining("Secret 'payments-key' (environment variable API_KEY) is not in "
                        + home.resolve("secrets.properties"))
                .hasMessageContaining("mvn faas:secret -Dfaas.secret=payments-key -Dfaas.secretFile=");
        LocalSecrets.put(home, "payments-key", "line one\nünïcode = and : too");
        assertThat(LocalSecrets.resolve(home, Map.of("API_KEY", "payments-key")))
                .containsExactly(Map.entry("API_KEY", "line one\nünïcode = and : too"));
    }

    static String digest(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
