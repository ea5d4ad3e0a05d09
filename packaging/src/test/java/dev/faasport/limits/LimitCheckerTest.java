package dev.faasport.limits;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.faasport.limits.Units.http;
import static dev.faasport.limits.Units.queue;
import static dev.faasport.limits.Units.spec;
import static dev.faasport.limits.Units.unit;
import static dev.faasport.limits.Units.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each limit just inside and just outside, for each vendor where it applies. */
class LimitCheckerTest {
    static final long MB = 1024 * 1024;
    final LimitChecker checker = new LimitChecker();

    @Test
    void everySourceAUserReadsIsOneTheyCanOpen() throws Exception {
        // issue 17: the local rows of the check report cited docs/ARCHITECTURE.md, a file not in the user's project
        for (String provider : List.of("aws", "azure", "gcp", "local", "knative")) {
            String json = new String(LimitChecker.class.getResourceAsStream("/dev/faasport/limits/" + provider + ".json")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"source\": \"([^\"]*)\"").matcher(json);
            while (m.find()) {
                assertThat(m.group(1)).as(provider + " source").satisfiesAnyOf(
                        s -> assertThat(s).startsWith("https://"), s -> assertThat(s).startsWith("Faasport's "));
            }
        }
    }

    Severity severity(String provider, String plan, DeployUnit u, String key) {
        return finding(provider, plan, u, key).severity();
    }

    Finding finding(String provider, String plan, DeployUnit u, String key) {
        CheckReport r = checker.check(provider, plan, List.of(u), Map.of());
        List<Finding> found = r.findings().stream().filter(f -> f.key().equals(key)).toList();
        assertThat(found).as(key + " findings for " + provider + "/" + plan).hasSize(1);
        return found.get(0);
    }

    boolean checked(String provider, String plan, DeployUnit u, String key) {
        return checker.check(provider, plan, List.of(u), Map.of()).findings().stream().anyMatch(f -> f.key().equals(key));
    }

    // ---------------------------------------------------------------- AWS Lambda

    @Test
    void awsUnzippedSizeIncludesLayers() {
        FunctionSpec f = http("f");
        assertThat(severity("aws", null, unit(f, 1000, 262_144_000L, Map.of()), "package.unzipped.bytes")).isEqualTo(Severity.FITS);
        Finding over = finding("aws", null, unit(f, 1000, 262_144_001L, Map.of()), "package.unzipped.bytes");
        assertThat(over.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(over.message()).startsWith("Function 'f' does not fit AWS Lambda").contains("262144001 bytes")
                .contains("250 MB").contains("as of 2026-11").contains("gettingstarted-limits").contains("perhaps you should")
                .contains("<packageType>image</packageType>");
        // 200 MB of function + 50 MB + 1 byte of layer is over the cap
        Map<String, String> layered = Map.of("aws.layer.path", "/nowhere/layer.zip", "aws.layer.unzippedBytes",
                Long.toString(50 * MB + 1));
        assertThat(severity("aws", null, unit(f, 1000, 200 * MB, layered), "package.unzipped.bytes")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(f, 1000, 200 * MB - 1, layered), "package.unzipped.bytes")).isEqualTo(Severity.FITS);
    }

    @Test
    void awsDirectUploadAboveFiftyMegabytesIsAWarningToUseS3() {
        FunctionSpec f = http("f");
        assertThat(severity("aws", null, unit(f, 52_428_800L, 60 * MB, Map.of()), "package.zipped.directUpload.bytes"))
                .isEqualTo(Severity.FITS);
        Finding w = finding("aws", null, unit(f, 52_428_801L, 60 * MB, Map.of()), "package.zipped.directUpload.bytes");
        assertThat(w.severity()).isEqualTo(Severity.WARNING);
        assertThat(w.message()).contains("may not work as expected").contains("S3");
        assertThat(w.fixes()).anyMatch(x -> x.contains("layer"));
    }

    @Test
    void awsImagesAreCheckedAgainstTheImageLimitInstead() {
        FunctionSpec img = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, FunctionSpec.PackageType.IMAGE, Map.of());
        DeployUnit in = unit(img, 10L << 30, 10L << 30, Map.of());
        assertThat(severity("aws", null, in, "package.image.bytes")).isEqualTo(Severity.FITS);
        assertThat(checked("aws", null, in, "package.unzipped.bytes")).isFalse();
        assertThat(severity("aws", null, unit(img, 1, (10L << 30) + 1, Map.of()), "package.image.bytes")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void awsTimeoutMemoryEnvironmentAndLayers() {
        assertThat(severity("aws", null, unit(with(http("f"), 512, 900)), "timeout.seconds")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(with(http("f"), 512, 901)), "timeout.seconds")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(with(http("f"), 512, 0)), "timeout.seconds")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(with(http("f"), 128, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(with(http("f"), 127, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(with(http("f"), 10240, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(with(http("f"), 10241, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(with(http("f"), 1769, 30)), "memory.mb")).isEqualTo(Severity.FITS);

        // Lambda measures {"FAASPORT_FUNCTION":"f","K":"v..."}: 32 bytes plus the value, so 4064 fits and 4065 does not
        FunctionSpec envOk = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("K", "v".repeat(4064)), 0, 0, null, Map.of());
        FunctionSpec envBig = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("K", "v".repeat(4065)), 0, 0, null, Map.of());
        assertThat(severity("aws", null, unit(envOk), "environment.bytes")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(envBig), "environment.bytes")).isEqualTo(Severity.VIOLATION);

        Map<String, String> fourMore = Map.of("aws.layer.path", "/x.zip", "aws.layers", "a,b,c,d");
        Map<String, String> fiveMore = Map.of("aws.layer.path", "/x.zip", "aws.layers", "a,b,c,d,e");
        assertThat(severity("aws", null, unit(http("f"), 1, 1, fourMore), "layers.count")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(http("f"), 1, 1, fiveMore), "layers.count")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void awsNamesRuntimeConcurrencyAndSnapStart() {
        assertThat(severity("aws", null, unit(http("a".repeat(64))), "function.name")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(http("a".repeat(65))), "function.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("aws", null, unit(http("bad.name")), "function.name")).isEqualTo(Severity.VIOLATION);

        assertThat(severity("aws", null, unit(http("f"), 1, 1, Map.of("java.version", "21")), "runtime.java")).isEqualTo(Severity.FITS);
        // Java 16 class files run on the newest LTS runtime; only a level no runtime runs fails (JavaRuntimeCheckTest)
        assertThat(severity("aws", null, unit(http("f"), 1, 1, Map.of("java.version", "16")), "runtime.java")).isEqualTo(Severity.FITS);
        Finding java26 = finding("aws", null, unit(http("f"), 1, 1, Map.of("java.version", "26")), "runtime.java");
        assertThat(java26.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(java26.message()).contains("maven.compiler.release");

        FunctionSpec c1000 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 1000, 0, null, Map.of());
        FunctionSpec c1001 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 1001, 0, null, Map.of());
        assertThat(severity("aws", null, unit(c1000), "concurrency.max")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(c1001), "concurrency.max")).isEqualTo(Severity.WARNING);

        FunctionSpec snap = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null,
                Map.of("aws.snapStart", "true", "aws.ephemeralStorageMb", "512"));
        FunctionSpec snapPc = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null,
                Map.of("aws.snapStart", "true", "aws.provisionedConcurrency", "2"));
        FunctionSpec snapTmp = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null,
                Map.of("aws.snapStart", "true", "aws.ephemeralStorageMb", "513"));
        assertThat(severity("aws", null, unit(snap), "snapstart")).isEqualTo(Severity.FITS);
        assertThat(finding("aws", null, unit(snapPc), "snapstart").message()).contains("provisioned concurrency");
        assertThat(severity("aws", null, unit(snapTmp), "snapstart")).isEqualTo(Severity.VIOLATION);
        assertThat(checked("aws", null, unit(http("f")), "snapstart")).isFalse();
    }

    @Test
    void payloadCapsAreWarningsForHttpFunctionsOnly() {
        FunctionSpec ok = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", "6291456"));
        FunctionSpec big = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", "6291457"));
        assertThat(severity("aws", null, unit(ok), "payload.request.bytes")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(big), "payload.request.bytes")).isEqualTo(Severity.WARNING);
        assertThat(finding("aws", null, unit(http("f")), "payload.request.bytes").message()).contains("6 MB");
        assertThat(checked("aws", null, unit(queue("f")), "payload.request.bytes")).isFalse();

        FunctionSpec az = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", Long.toString(210 * MB)));
        FunctionSpec azBig = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", Long.toString(210 * MB + 1)));
        assertThat(severity("azure", "flex", unit(az), "payload.request.bytes")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(azBig), "payload.request.bytes")).isEqualTo(Severity.WARNING);

        FunctionSpec g10 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", Long.toString(10 * MB + 1)));
        assertThat(severity("gcp", "gen1", unit(g10), "payload.request.bytes")).isEqualTo(Severity.WARNING);
        assertThat(severity("gcp", "gen2", unit(g10), "payload.request.bytes")).isEqualTo(Severity.FITS);
        FunctionSpec g32 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of("payload.maxBytes", Long.toString(32 * MB + 1)));
        assertThat(severity("gcp", "gen2", unit(g32), "payload.request.bytes")).isEqualTo(Severity.WARNING);
    }

    @Test
    void liveAccountLimitsOverrideTheTableAndSaySo() {
        CheckReport r = checker.check("aws", null, List.of(unit(http("f"), 1000, 2000, Map.of())),
                Map.of("package.unzipped.bytes", 1999L));
        Finding f = r.findings().stream().filter(x -> x.key().equals("package.unzipped.bytes")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.source()).contains("live");
        assertThat(f.limit()).contains("1999");
    }

    // ---------------------------------------------------------------- Azure Functions

    @Test
    void azureTimeoutsDependOnThePlan() {
        assertThat(severity("azure", "consumption", unit(with(queue("f"), 512, 600)), "timeout.seconds")).isEqualTo(Severity.FITS);
        Finding over = finding("azure", "consumption", unit(with(queue("f"), 512, 601)), "timeout.seconds");
        assertThat(over.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(over.message()).contains("Azure Functions (consumption)");
        for (String plan : List.of("flex", "premium", "dedicated")) {
            Finding f = finding("azure", plan, unit(with(queue("f"), 512, 100_000)), "timeout.seconds");
            assertThat(f.severity()).as(plan).isEqualTo(Severity.FITS);
            assertThat(f.limit()).contains("no maximum");
        }
        assertThat(severity("azure", "flex", unit(with(http("f"), 512, 230)), "http.response.seconds")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(with(http("f"), 512, 231)), "http.response.seconds")).isEqualTo(Severity.WARNING);
        assertThat(checked("azure", "flex", unit(with(queue("f"), 512, 231)), "http.response.seconds")).isFalse();
    }

    @Test
    void azureMemoryDependsOnThePlan() {
        assertThat(severity("azure", "consumption", unit(with(http("f"), 1536, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "consumption", unit(with(http("f"), 1537, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit(with(http("f"), 4096, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(with(http("f"), 4097, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "premium", unit(with(http("f"), 14336, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "premium", unit(with(http("f"), 14337, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void azureQueueBatchesAreAtMost32() {
        FunctionSpec b32 = spec("f", new Trigger.Queue("q", 32, 3), 512, 30, Map.of(), 0, 0, null, Map.of());
        FunctionSpec b33 = spec("f", new Trigger.Queue("q", 33, 3), 512, 30, Map.of(), 0, 0, null, Map.of());
        assertThat(severity("azure", "flex", unit(b32), "queue.batchSize")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(b33), "queue.batchSize")).isEqualTo(Severity.VIOLATION);
        assertThat(checked("azure", "flex", unit(http("f")), "queue.batchSize")).isFalse();
    }

    @Test
    void sqsBatchesAreAtMost10000() {
        // issue 19: a batchSize of 100000 was accepted for AWS
        FunctionSpec max = spec("f", new Trigger.Queue("q", 10_000, 3), 512, 30, Map.of(), 0, 0, null, Map.of());
        FunctionSpec huge = spec("f", new Trigger.Queue("q", 100_000, 3), 512, 30, Map.of(), 0, 0, null, Map.of());
        assertThat(severity("aws", null, unit(max), "queue.batchSize")).isEqualTo(Severity.FITS);
        assertThat(severity("aws", null, unit(huge), "queue.batchSize")).isEqualTo(Severity.VIOLATION);
        assertThat(finding("aws", null, unit(huge), "queue.batchSize").source())
                .contains("API_CreateEventSourceMapping");
    }

    @Test
    void theLocalRuntimeHasRealMemoryBounds() {
        // issue 19: memory 99999 MB was accepted locally
        assertThat(severity("local", null, unit(with(http("f"), 32768, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("local", null, unit(with(http("f"), 99999, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("local", null, unit(with(http("f"), 64, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void azureAlwaysReadyInstancesNeedFlexOrPremium() {
        FunctionSpec warm = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 1, null, Map.of());
        Finding c = finding("azure", "consumption", unit(warm), "instances.min");
        assertThat(c.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(c.fixes()).anyMatch(x -> x.contains("flex or premium"));
        assertThat(severity("azure", "consumption", unit(http("f")), "instances.min")).isEqualTo(Severity.FITS);
        assertThat(checked("azure", "flex", unit(warm), "instances.min")).isFalse();
    }

    @Test
    void azurePackageSizeHasNoDocumentedLimit() {
        for (String plan : List.of("consumption", "flex", "premium", "dedicated")) {
            Finding f = finding("azure", plan, unit(http("f"), 5L << 30, 5L << 30, Map.of()), "package.unzipped.bytes");
            assertThat(f.severity()).isEqualTo(Severity.UNDOCUMENTED);
            assertThat(f.limit()).isEqualTo("no documented limit");
            assertThat(f.message()).contains("no documented limit");
        }
        assertThat(severity("azure", "flex", unit(http("f")), "environment.bytes")).isEqualTo(Severity.UNDOCUMENTED);
    }

    @Test
    void azureNamesAndJavaVersions() {
        assertThat(severity("azure", "flex", unit(http("a".repeat(128))), "function.name")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(http("a".repeat(129))), "function.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit(http("Host")), "function.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit(http("1abc")), "function.name")).isEqualTo(Severity.VIOLATION);

        assertThat(severity("azure", "flex", unit("a".repeat(60), List.of(http("f")), 1, 1, Map.of()), "app.name")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit("a".repeat(61), List.of(http("f")), 1, 1, Map.of()), "app.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit("ab", List.of(http("f")), 1, 1, Map.of()), "app.name")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit("a", List.of(http("f")), 1, 1, Map.of()), "app.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit("app-", List.of(http("f")), 1, 1, Map.of()), "app.name")).isEqualTo(Severity.VIOLATION);

        assertThat(severity("azure", "consumption", unit(http("f"), 1, 1, Map.of("java.version", "8")), "runtime.java")).isEqualTo(Severity.FITS);
        // Flex offers no Java 8 runtime, but its Java 21 runs Java 8 class files
        assertThat(severity("azure", "flex", unit(http("f"), 1, 1, Map.of("java.version", "8")), "runtime.java")).isEqualTo(Severity.FITS);
        assertThat(severity("azure", "flex", unit(http("f"), 1, 1, Map.of("java.version", "8", "azure.javaVersion", "8")), "runtime.java")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("azure", "flex", unit(http("f"), 1, 1, Map.of("java.version", "25")), "runtime.java")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void azureAppLevelFindingsApplyToEveryFunctionOfTheApp() {
        DeployUnit app = unit("a", List.of(http("one"), queue("two")), 1, 1, Map.of());
        CheckReport r = checker.check("azure", "flex", List.of(app), Map.of());
        assertThat(r.functions()).containsExactly("one", "two");
        assertThat(r.worstFor("two")).isEqualTo(Severity.VIOLATION); // the app name 'a' is too short
        assertThat(r.findingsFor("one")).anyMatch(f -> f.key().equals("app.name"));
    }

    @Test
    void plansAreReadAsUsersWriteThem() {
        DeployUnit u = unit(with(queue("f"), 512, 601));
        assertThat(checker.check("azure", "Flex Consumption", List.of(u), Map.of()).plan()).isEqualTo("flex");
        assertThat(checker.check("azure", "EP2", List.of(u), Map.of()).plan()).isEqualTo("premium");
        assertThat(checker.check("azure", null, List.of(u), Map.of()).plan()).isEqualTo("consumption");
        assertThat(checker.check("gcp", "1st", List.of(u), Map.of()).plan()).isEqualTo("gen1");
        assertThat(checker.check("gcp", "2", List.of(u), Map.of()).plan()).isEqualTo("gen2");
        assertThat(checker.check("gcp", "GEN1", List.of(u), Map.of()).plan()).isEqualTo("gen1");
    }

    @Test
    void unknownPlansAndProvidersAreRefused() {
        assertThatThrownBy(() -> checker.check("azure", "gold", List.of(unit(http("f"))), Map.of()))
                .hasMessageContaining("gold").hasMessageContaining("perhaps you should use one of");
        assertThatThrownBy(() -> checker.check("mars", null, List.of(unit(http("f"))), Map.of()))
                .hasMessageContaining("mars");
    }

    // ---------------------------------------------------------------- Google Cloud Functions

    @Test
    void googleSizesDependOnTheGeneration() {
        FunctionSpec f = http("f");
        assertThat(severity("gcp", "gen1", unit(f, 100 * MB, 1, Map.of()), "package.zipped.bytes")).isEqualTo(Severity.FITS);
        Finding z = finding("gcp", "gen1", unit(f, 100 * MB + 1, 1, Map.of()), "package.zipped.bytes");
        assertThat(z.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(z.fixes()).anyMatch(x -> x.contains("2nd gen"));
        assertThat(severity("gcp", "gen1", unit(f, 1, 500 * MB, Map.of()), "package.unzipped.bytes")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen1", unit(f, 1, 500 * MB + 1, Map.of()), "package.unzipped.bytes")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(f, 1, 5000 * MB, Map.of()), "package.unzipped.bytes")).isEqualTo(Severity.UNDOCUMENTED);
        assertThat(checked("gcp", "gen2", unit(f, 200 * MB, 1, Map.of()), "package.zipped.bytes")).isFalse();
    }

    @Test
    void googleTimeoutsDependOnGenerationAndTrigger() {
        assertThat(severity("gcp", "gen1", unit(with(http("f"), 256, 540)), "timeout.seconds")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen1", unit(with(http("f"), 256, 541)), "timeout.seconds")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 256, 3600)), "timeout.seconds")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 256, 3601)), "timeout.seconds")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(with(queue("f"), 256, 540)), "timeout.seconds")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(with(queue("f"), 256, 541)), "timeout.seconds")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void googleMemoryTiersAndRanges() {
        assertThat(severity("gcp", "gen1", unit(with(http("f"), 256, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen1", unit(with(http("f"), 8192, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        Finding tier = finding("gcp", "gen1", unit(with(http("f"), 300, 30)), "memory.mb");
        assertThat(tier.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(tier.fixes()).anyMatch(x -> x.contains("one of 128, 256"));
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 300, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 32768, 30)), "memory.mb")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 32769, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(with(http("f"), 127, 30)), "memory.mb")).isEqualTo(Severity.VIOLATION);
    }

    @Test
    void googleEnvironmentConcurrencyNamesAndJava() {
        FunctionSpec envOk = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("K", "v".repeat(32767)), 0, 0, null, Map.of());
        FunctionSpec envBig = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("K", "v".repeat(32768)), 0, 0, null, Map.of());
        assertThat(severity("gcp", "gen2", unit(envOk), "environment.bytes")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(envBig), "environment.bytes")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen1", unit(envBig), "environment.bytes")).isEqualTo(Severity.UNDOCUMENTED);
        Map<String, String> many = new java.util.TreeMap<>();
        for (int i = 0; i < 1000; i++) many.put("V" + i, "x");
        FunctionSpec vars1000 = spec("f", new Trigger.Http(List.of(), true), 512, 30, many, 0, 0, null, Map.of());
        assertThat(severity("gcp", "gen2", unit(vars1000), "environment.count")).isEqualTo(Severity.FITS);
        many.put("V1000", "x");
        FunctionSpec vars1001 = spec("f", new Trigger.Http(List.of(), true), 512, 30, many, 0, 0, null, Map.of());
        assertThat(severity("gcp", "gen2", unit(vars1001), "environment.count")).isEqualTo(Severity.VIOLATION);

        FunctionSpec c1 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 1, 0, null, Map.of());
        FunctionSpec c2 = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 2, 0, null, Map.of());
        assertThat(severity("gcp", "gen1", unit(c1), "concurrency.max")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen1", unit(c2), "concurrency.max")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(c2), "concurrency.max")).isEqualTo(Severity.FITS);

        assertThat(severity("gcp", "gen2", unit(http("a".repeat(63))), "function.name")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(http("a".repeat(64))), "function.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(http("ends-")), "function.name")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(http("9lives")), "function.name")).isEqualTo(Severity.VIOLATION);
        // java11 was decommissioned, but Java 11 class files run on the newest LTS runtime
        assertThat(severity("gcp", "gen2", unit(http("f"), 1, 1, Map.of("java.version", "11")), "runtime.java")).isEqualTo(Severity.FITS);
        assertThat(severity("gcp", "gen2", unit(http("f"), 1, 1, Map.of("java.version", "11", "gcp.runtime", "java11")), "runtime.java")).isEqualTo(Severity.VIOLATION);
        assertThat(severity("gcp", "gen2", unit(http("f"), 1, 1, Map.of("java.version", "17")), "runtime.java")).isEqualTo(Severity.FITS);
    }

    @Test
    void localHasOnlyTheJavaRequirement() {
        assertThat(severity("local", null, unit(http("f"), 1, 1, Map.of("java.version", "17")), "runtime.java")).isEqualTo(Severity.FITS);
        // Java 8 and 11 projects run on the build's JVM (JavaRuntimeCheckTest)
        assertThat(severity("local", null, unit(http("f"), 1, 1, Map.of("java.version", "11")), "runtime.java")).isEqualTo(Severity.FITS);
        assertThat(severity("local", null, unit(http("f"), 1, 10L << 30, Map.of()), "package.unzipped.bytes")).isEqualTo(Severity.UNDOCUMENTED);
    }

    @Test
    void everyTableValueHasAnAsOfDateAndAnHttpsSource() {
        for (String p : List.of("aws", "azure", "gcp")) {
            LimitTable t = LimitTable.load(p);
            assertThat(t.limits()).isNotEmpty();
            assertThat(t.plans()).contains(t.defaultPlan());
            for (Limit l : t.limits()) {
                assertThat(l.asOf()).as(p + " " + l.key()).matches("\\d{4}-\\d{2}");
                assertThat(l.source()).as(p + " " + l.key()).startsWith("https://");
                assertThat(l.plans()).as(p + " " + l.key()).allMatch(t.plans()::contains);
            }
        }
    }
}
