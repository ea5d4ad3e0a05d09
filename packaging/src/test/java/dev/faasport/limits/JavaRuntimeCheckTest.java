package dev.faasport.limits;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.faasport.limits.Units.http;
import static dev.faasport.limits.Units.spec;
import static dev.faasport.limits.Units.unit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendor runtime follows the compiled Java level: the newest LTS each vendor offers by default, an explicit
 * older runtime fails with the fix, a level no runtime runs fails, and the local runtime takes what its JVM runs.
 */
class JavaRuntimeCheckTest {
    final LimitChecker checker = new LimitChecker();

    Finding runtime(String provider, String plan, DeployUnit u) {
        List<Finding> found = checker.check(provider, plan, List.of(u), Map.of()).findings().stream()
                .filter(f -> f.key().equals("runtime.java")).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static DeployUnit compiled(int level, String... settings) {
        Map<String, String> s = new HashMap<>();
        s.put("java.version", Integer.toString(level));
        for (int i = 0; i < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        return unit(http("f"), 1, 1, s);
    }

    @Test
    void aJava21ProjectGetsTheNewestLtsRuntimeOfEachVendor() {
        Map<String, String> expected = Map.of("aws", "java25", "gcp", "java25");
        expected.forEach((provider, name) -> {
            Finding f = runtime(provider, null, compiled(21));
            assertThat(f.severity()).as(provider).isEqualTo(Severity.FITS);
            assertThat(f.limit()).as(provider).isEqualTo(name);
            assertThat(f.measured()).isEqualTo("Java 21");
            assertThat(f.message()).contains("newest LTS");
        });
        for (String plan : List.of("consumption", "flex", "premium", "dedicated")) {
            Finding f = runtime("azure", plan, compiled(21));
            assertThat(f.severity()).as(plan).isEqualTo(Severity.FITS);
            assertThat(f.limit()).as(plan + ": the Java 25 preview is never a default").isEqualTo("21 (Java 21)");
        }
    }

    @Test
    void anExplicitRuntimeOlderThanTheCompiledClassesFailsWithTheFix() {
        Finding aws = runtime("aws", null, compiled(21, "aws.runtime", "java17"));
        assertThat(aws.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(aws.message()).startsWith("Function 'f' does not fit AWS Lambda").contains("java17")
                .contains("Java 21").contains("perhaps you should set aws.runtime to java25 or java21")
                .contains("or remove aws.runtime so Faasport selects java25");

        Finding gcp = runtime("gcp", null, compiled(21, "gcp.runtime", "java17"));
        assertThat(gcp.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(gcp.message()).contains("Function 'f'").contains("java17").contains("Java 21")
                .contains("set gcp.runtime to java25 or java21");

        Finding azure = runtime("azure", "flex", compiled(21, "azure.javaVersion", "17"));
        assertThat(azure.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(azure.message()).contains("Function 'f'").contains("17 (Java 17)").contains("Java 21")
                .contains("set azure.javaVersion to 21");

        // new enough: the explicit one wins over the default
        Finding pinned = runtime("aws", null, compiled(17, "aws.runtime", "java21"));
        assertThat(pinned.severity()).isEqualTo(Severity.FITS);
        assertThat(pinned.limit()).isEqualTo("java21");
        assertThat(pinned.message()).contains("set by aws.runtime");
    }

    @Test
    void aFunctionOptionAsksForItsOwnRuntime() {
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null,
                Map.of("gcp.runtime", "java17"));
        Finding found = runtime("gcp", null, unit(f, 1, 1, Map.of("java.version", "21")));
        assertThat(found.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(found.message()).contains("java17");
    }

    @Test
    void aRuntimeTheVendorDoesNotOfferIsNamedWithTheOnesItDoes() {
        Finding f = runtime("aws", null, compiled(17, "aws.runtime", "java16"));
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.message()).contains("'java16' is not offered").contains("java25, java21, java17, java11, java8.al2");
        Finding gcp11 = runtime("gcp", null, compiled(11, "gcp.runtime", "java11"));
        assertThat(gcp11.severity()).as("java11 was decommissioned").isEqualTo(Severity.VIOLATION);
    }

    @Test
    void aLevelNoRuntimeOfTheVendorRunsFailsWithTheFix() {
        Finding f = runtime("azure", "consumption", compiled(25));
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.message()).contains("no Azure Functions (consumption) Java runtime runs Java 25")
                .contains("compile for Java 21 or lower (maven.compiler.release 21)");
        assertThat(runtime("aws", null, compiled(27)).severity()).isEqualTo(Severity.VIOLATION);
        // Java 25 exists on Premium as a preview, which it takes when asked
        assertThat(runtime("azure", "premium", compiled(25)).severity()).isEqualTo(Severity.VIOLATION);
        assertThat(runtime("azure", "premium", compiled(25, "azure.javaVersion", "25")).severity())
                .isEqualTo(Severity.FITS);
    }

    @Test
    void faasportsOwnAdaptersCountToo() {
        Finding f = runtime("aws", null, compiled(11, "aws.runtime", "java11", "java.adapterVersion", "17"));
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.message()).contains("Faasport's adapter jars are compiled for Java 17")
                .contains("set aws.runtime to java25 or java21 or java17").doesNotContain("compile for Java");
        assertThat(runtime("aws", null, compiled(11, "java.adapterVersion", "17")).severity()).isEqualTo(Severity.FITS);
    }

    @Test
    void whatPackagingChoseIsWhatIsChecked() {
        assertThat(runtime("aws", null, compiled(21, "java.runtime", "java17")).severity()).isEqualTo(Severity.VIOLATION);
        assertThat(runtime("aws", null, compiled(21, "java.runtime", "java21")).limit()).isEqualTo("java21");
    }

    @Test
    void theLocalRuntimeRunsEveryLevelUpToTheJvmItRunsOn() {
        int jvm = Runtime.version().feature();
        for (int level : List.of(8, 11, 17, jvm)) {
            Finding f = runtime("local", null, compiled(level));
            assertThat(f.severity()).as("Java " + level).isEqualTo(Severity.FITS);
            assertThat(f.limit()).isEqualTo("jvm (Java " + jvm + ")");
        }
        Finding newer = runtime("local", null, compiled(jvm + 1));
        assertThat(newer.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(newer.message()).contains("run the build (and with it the local runtime) on a JDK that runs Java "
                + (jvm + 1));
    }

    @Test
    void anUnknownLevelGetsTheDefaultRuntime() {
        Finding f = runtime("aws", null, unit(http("f")));
        assertThat(f.severity()).isEqualTo(Severity.FITS);
        assertThat(f.limit()).isEqualTo("java25");
        assertThat(f.measured()).isEqualTo("unknown Java level");
    }

    @Test
    void theReportsNameTheRuntimeOfEachTarget(@TempDir Path tmp) throws Exception {
        List<CheckReport> reports = List.of(
                checker.check("aws", null, List.of(compiled(21)), Map.of()),
                checker.check("azure", "flex", List.of(compiled(21)), Map.of()));
        assertThat(CheckReports.runtimes(reports)).containsExactly(
                "aws: Java runtime java25 for every function (classes: Java 21)",
                "azure (flex): Java runtime 21 (Java 21) for every function (classes: Java 21)");
        Path md = tmp.resolve("check-report.md");
        Path html = tmp.resolve("check-report.html");
        CheckReports.writeMarkdown(reports, md);
        CheckReports.writeHtml(reports, html);
        assertThat(Files.readString(md)).contains("## Java runtimes")
                .contains("- aws: Java runtime java25 for every function (classes: Java 21)");
        assertThat(Files.readString(html)).contains("<h2>Java runtimes</h2>")
                .contains("<li>aws: Java runtime java25 for every function (classes: Java 21)</li>");
    }

    @Test
    void everyVendorTableNamesItsRuntimesWithSourceAndDate() {
        for (String p : List.of("aws", "gcp", "azure", "local")) {
            LimitTable t = LimitTable.load(p);
            for (String plan : t.plans()) {
                assertThat(t.javaRuntimes(plan)).as(p + " " + plan).isNotEmpty();
                Limit l = t.find("runtime.java", plan, null).orElseThrow();
                assertThat(l.asOf()).isEqualTo("2026-12");
                assertThat(l.source()).isNotBlank();
            }
        }
        assertThat(LimitTable.load("azure").javaRuntimes("flex")).extracting(JavaRuntime::name)
                .containsExactly("21", "17", "11");
        assertThat(LimitTable.load("knative").javaRuntimes("default")).as("an image brings its own Java").isEmpty();
    }
}
