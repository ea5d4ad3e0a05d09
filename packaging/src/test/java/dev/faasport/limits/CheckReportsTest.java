package dev.faasport.limits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.faasport.limits.Units.http;
import static dev.faasport.limits.Units.queue;
import static dev.faasport.limits.Units.unit;
import static dev.faasport.limits.Units.with;
import static org.assertj.core.api.Assertions.assertThat;

class CheckReportsTest {
    @TempDir
    Path tmp;

    List<CheckReport> reports() {
        LimitChecker c = new LimitChecker();
        return List.of(
                c.check("aws", null, List.of(unit(with(http("api"), 512, 901)), unit(queue("worker"))), Map.of()),
                c.check("azure", "consumption", List.of(unit("app", List.of(http("api"), with(queue("worker"), 512, 30)), 1, 1, Map.of())), Map.of()),
                c.check("gcp", "gen2", List.of(unit(http("api")), unit(queue("worker"))), Map.of()));
    }

    @Test
    void theMatrixHasOneRowPerFunctionAndOneColumnPerProvider() {
        String m = CheckReports.matrix(reports());
        List<String> lines = m.lines().toList();
        assertThat(lines.get(0)).startsWith("function").contains("aws").contains("azure (consumption)").contains("gcp (gen2)");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("api").contains("VIOLATION").contains("fits");
        assertThat(lines.get(3).split("\\s+")).containsExactly("worker", "fits", "fits", "fits");
    }

    @Test
    void markdownAndHtmlReportsHoldTheMatrixProblemsAndEveryFinding() throws Exception {
        Path md = tmp.resolve("faas/check-report.md");
        Path html = tmp.resolve("faas/check-report.html");
        CheckReports.writeMarkdown(reports(), md);
        CheckReports.writeHtml(reports(), html);
        String m = Files.readString(md);
        assertThat(m).contains("| function | aws | azure (consumption) | gcp (gen2) |")
                // Cloud Functions v2 ids have 4-63 characters: Google refuses 'api'
                .contains("| api | VIOLATION | fits | VIOLATION |")
                .contains("**VIOLATION** Function 'api' does not fit AWS Lambda")
                .contains("fix: set the timeout of 'api' within 1 s to 900 s")
                .contains("no documented limit")
                .contains("https://learn.microsoft.com/");
        String h = Files.readString(html);
        assertThat(h).startsWith("<!DOCTYPE html>").contains("<td class=\"VIOLATION\">VIOLATION</td>")
                .contains("<a href=\"https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\">")
                .contains("&lt;= 50 MB").doesNotContain("<= 50 MB");
        assertThat(CheckReports.problems(reports())).anyMatch(p -> p.startsWith("VIOLATION: Function 'api'"));
    }

    /** Thumbnail calls S3 and a Google metadata lookup; api calls nothing of a vendor's. */
    static dev.faasport.lockin.LockIn lockIn() {
        dev.faasport.lockin.VendorApis apis = dev.faasport.lockin.VendorApis.load();
        java.util.function.Function<String, dev.faasport.lockin.VendorApi> api = id -> apis.apis().stream()
                .filter(a -> a.id().equals(id)).findFirst().orElseThrow();
        return new dev.faasport.lockin.LockIn(Map.of("api", List.of(), "thumbnail", List.of(
                new dev.faasport.lockin.Tie(api.apply("aws.s3"), List.of("com.example.Thumbnail",
                        "software.amazon.awssdk.services.s3.S3Client"), null),
                new dev.faasport.lockin.Tie(api.apply("gcp.metadata"), List.of("com.example.Thumbnail",
                        "com.acme.Project", "com.google.cloud.MetadataConfig"), "com.acme:project:1.0"))),
                apis.vendors(), List.of(new dev.faasport.lockin.Packaged(api.apply("azure.blob"),
                "com.azure:azure-storage-blob:12.35.0")));
    }

    @Test
    void theReportsAndTheLogListWhatStaysTiedToWhichVendorPerFunctionWithoutFailing() throws Exception {
        Path md = tmp.resolve("faas/check-report.md");
        Path html = tmp.resolve("faas/check-report.html");
        CheckReports.writeMarkdown(reports(), lockIn(), List.of("aws", "azure", "gcp"), md);
        CheckReports.writeHtml(reports(), lockIn(), List.of("aws", "azure", "gcp"), html);

        String m = Files.readString(md);
        assertThat(m).contains("## Vendor lock-in")
                .contains("| function | vendor | service | on aws | on azure | on gcp | found in |")
                .contains("| thumbnail | AWS | Amazon S3 | native | with AWS credentials | with AWS credentials |"
                        + " com.example.Thumbnail -> software.amazon.awssdk.services.s3.S3Client |")
                .contains("| thumbnail | Google Cloud | Google metadata server (runtime identity, project id) | does not"
                        + " work | does not work | native | com.example.Thumbnail -> com.acme.Project ->"
                        + " com.google.cloud.MetadataConfig (in com.acme:project:1.0) |")
                .contains("- thumbnail, Amazon S3: keeps working on gcp with AWS credentials and network egress to AWS"
                        + " (cross-cloud data transfer is billed); perhaps you should move the data to Cloud Storage"
                        + " (com.google.cloud:google-cloud-storage) and call that instead, or keep Amazon S3")
                .contains("(https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/s3/"
                        + "package-summary.html, as of 2026-12)")
                .contains("\nPackaged with every function but reached from no handler (used through reflection or"
                        + " dependency injection, which class files do not show, or not at all):"
                        + " com.azure:azure-storage-blob:12.35.0 (Azure Azure Blob Storage);")
                .doesNotContain("| api |  |");
        // the section sits between the problems and the per-provider findings
        assertThat(m.indexOf("## Vendor lock-in")).isGreaterThan(m.indexOf("## Problems"))
                .isLessThan(m.indexOf("## aws"));
        assertThat(Files.readString(html)).contains("<h2>Vendor lock-in</h2>")
                .contains("<td>thumbnail</td><td>AWS</td><td>Amazon S3</td><td>native</td>");
        // information only: nothing of it is a finding
        assertThat(CheckReports.problems(reports())).noneMatch(p -> p.contains("S3"));

        List<String> log = CheckReports.lockIn(lockIn(), List.of("aws", "gcp")).lines().toList();
        assertThat(log.get(0)).isEqualTo("Vendor lock-in (the vendor services each function calls):");
        assertThat(log.get(1).split("\\s{2,}")).containsExactly("function", "tied to", "on aws", "on gcp");
        assertThat(log.get(3).split("\\s{2,}")).containsExactly("thumbnail", "AWS Amazon S3", "native",
                "with AWS credentials");
        assertThat(log).last().asString().startsWith("Packaged with every function but reached from no handler");
        assertThat(CheckReports.lockIn(new dev.faasport.lockin.LockIn(Map.of("api", List.of()), Map.of()),
                List.of("aws"))).isEmpty();
    }

    @Test
    void withoutAnyVendorCallTheSectionSaysSo() throws Exception {
        Path md = tmp.resolve("faas/check-report.md");
        CheckReports.writeMarkdown(reports(), new dev.faasport.lockin.LockIn(Map.of("api", List.of()), Map.of()),
                List.of("aws"), md);
        assertThat(Files.readString(md)).contains("## Vendor lock-in").contains("No function calls a vendor's own services.");
    }
}
