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
}
