package dev.faasport.core.migrate;

import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.UnitResult;
import dev.faasport.core.plan.PlanRenderer;
import dev.faasport.lockin.LockIn;
import dev.faasport.lockin.Tie;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link MigrationOutcome} as the migration plan and compatibility report: Markdown for the log and
 * {@code migration-report.md}, HTML for {@code migration-report.html}. Environment values are never written.
 */
public final class MigrationReport {

    /** The report's file name without extension, under the project's output directory. */
    public static final String NAME = "migration-report";

    private MigrationReport() {
    }

    /** Writes both files (the paths recorded in the outcome). */
    public static void write(MigrationOutcome o) throws IOException {
        Files.createDirectories(o.markdown().toAbsolutePath().getParent());
        String md = markdown(o);
        Files.writeString(o.markdown(), md, StandardCharsets.UTF_8);
        Files.writeString(o.html(), html(md, o), StandardCharsets.UTF_8);
    }

    /** @return the report as Markdown */
    public static String markdown(MigrationOutcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Migration of function set '").append(o.setName()).append("': ").append(o.sourceId())
                .append(" -> ").append(o.targetId()).append(o.targetPlan() == null ? "" : " (" + o.targetPlan() + " plan)")
                .append("\n\n");
        sb.append("Status: **").append(o.status().name().replace('_', ' ')).append("**. ").append(sourceState(o))
                .append("\n\n");
        sb.append("Environment variable values are never shown in this report.\n\n");
        if (o.failure() != null) {
            sb.append("Failure: ").append(o.failure()).append("\n\n");
        }
        List<String> blockers = o.blockers();
        sb.append("## Plan\n\n");
        sb.append("| Function | Trigger on ").append(o.targetId()).append(" | Unchanged | Changes | Blockers |\n");
        sb.append("|---|---|---|---|---|\n");
        for (FunctionMigration f : o.functions()) {
            FunctionSpec s = f.target() != null ? f.target() : f.project() != null ? f.project() : f.source();
            sb.append("| ").append(f.name()).append(" | ")
                    .append(s == null ? "-" : TargetMapper.describe(s.trigger(), o.targetId()))
                    .append(" | ").append(f.unchanged().size()).append(" | ").append(f.changes().size())
                    .append(" | ").append(f.blockers().size()).append(" |\n");
        }
        sb.append('\n');
        if (!blockers.isEmpty()) {
            sb.append("## Blockers (").append(blockers.size()).append(")\n\n");
            blockers.forEach(b -> sb.append("- ").append(b).append('\n'));
            sb.append('\n');
        }
        lockIn(o, sb);
        for (FunctionMigration f : o.functions()) {
            sb.append("### ").append(f.name()).append("\n\n");
            if (!f.unchanged().isEmpty()) {
                sb.append("Carries over unchanged:\n\n");
                f.unchanged().forEach(i -> sb.append("- ").append(i.field()).append(": ")
                        .append(i.from().equals(i.to()) ? i.to() : i.from() + " -> " + i.to())
                        .append(i.why() == null ? "" : " (" + i.why() + ")").append('\n'));
                sb.append('\n');
            }
            if (!f.changes().isEmpty()) {
                sb.append("Changes:\n\n");
                f.changes().forEach(i -> sb.append("- ").append(i.field()).append(": ").append(i.from()).append(" -> ")
                        .append(i.to()).append(i.why() == null ? "" : " (" + i.why() + ")").append('\n'));
                sb.append('\n');
            }
            if (!f.blockers().isEmpty()) {
                sb.append("Blocks:\n\n");
                f.blockers().forEach(b -> sb.append("- **").append(b.field()).append("**: ").append(b.message())
                        .append('\n'));
                sb.append('\n');
            }
            if (!f.notes().isEmpty()) {
                sb.append("Notes:\n\n");
                f.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
                sb.append('\n');
            }
        }
        if (o.deployReport() != null) {
            sb.append("## Deploy to ").append(o.targetId()).append("\n\n| Unit | Change | Outcome | Error |\n|---|---|---|---|\n");
            for (UnitResult r : o.deployReport().results()) {
                sb.append("| ").append(r.name()).append(" | ").append(PlanRenderer.label(r.kind())).append(" | ")
                        .append(r.outcome().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(r.message() == null ? "" : cell(r.message())).append(" |\n");
            }
            sb.append('\n');
        }
        if (o.status() != MigrationOutcome.Status.PLANNED && o.status() != MigrationOutcome.Status.BLOCKED) {
            sb.append("## What exists on ").append(o.targetId()).append("\n\n");
            if (!o.targetListed()) {
                sb.append("The target could not be listed after the failure; run faas:info -Dfaas.provider=")
                        .append(o.targetId()).append(" to see it.\n\n");
            } else if (o.targetUnits().isEmpty()) {
                sb.append("Nothing is deployed for the set on the target.\n\n");
            } else {
                sb.append("| Unit | Functions | URL |\n|---|---|---|\n");
                for (DeployedUnit u : o.targetUnits()) {
                    sb.append("| ").append(u.name()).append(" | ").append(u.functions().isEmpty() ? u.name()
                                    : u.functions().stream().map(FunctionSpec::name).collect(Collectors.joining(", ")))
                            .append(" | ").append(u.endpoints().isEmpty() ? "-" : String.join(" ", u.endpoints().values()))
                            .append(" |\n");
                }
                sb.append('\n');
            }
        }
        if (!o.verifications().isEmpty()) {
            sb.append("## Verification\n\n| Function | Request | ").append(o.sourceId()).append(" | ").append(o.targetId())
                    .append(" | Result |\n|---|---|---|---|---|\n");
            for (Verification v : o.verifications()) {
                sb.append("| ").append(v.function()).append(" | ").append(cell(v.request())).append(" | ")
                        .append(answer(v.sourceStatus(), v.sourceBody())).append(" | ")
                        .append(answer(v.targetStatus(), v.targetBody())).append(" | ")
                        .append(v.result().name().toLowerCase(Locale.ROOT))
                        .append(v.detail() == null ? "" : ": " + cell(v.detail())).append(" |\n");
            }
            sb.append('\n');
        }
        if (o.cutoverReport() != null) {
            DeployReport c = o.cutoverReport();
            sb.append("## Cutover\n\n").append(c.succeeded() ? "The source deployment was removed:\n\n"
                    : "Removing the source failed part way:\n\n");
            c.results().forEach(r -> sb.append("- ").append(r.name()).append(": ")
                    .append(r.outcome().name().toLowerCase(Locale.ROOT))
                    .append(r.message() == null ? "" : " (" + r.message() + ")").append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** What stays tied to the source's vendor (or a third one) on the target: the code moves, the services do not. */
    private static void lockIn(MigrationOutcome o, StringBuilder sb) {
        LockIn l = o.lockIn();
        sb.append("## Lock-in: what stays tied to ").append(l.vendorName(o.sourceId())).append(" after the move\n\n")
                .append("The vendor services each function calls, found in the class files its handler reaches and in")
                .append(" the dependencies they call. The code moves; the data and the services it calls stay where")
                .append(" they are.\n\n");
        List<String[]> rows = new ArrayList<>();
        for (FunctionMigration f : o.functions()) {
            for (Tie t : l.tiesOff(f.name(), o.targetId())) {
                rows.add(new String[]{f.name(), l.vendorName(t.api().vendor()) + " " + t.api().name(),
                        l.consequence(t, o.targetId()), l.fix(t, o.targetId()), t.evidence()});
            }
        }
        if (rows.isEmpty()) {
            sb.append("No function calls a vendor service that stays behind.\n\n");
        } else {
            sb.append("| Function | Tied to | On ").append(o.targetId())
                    .append(" | What to do | Found in |\n|---|---|---|---|---|\n");
            for (String[] row : rows) {
                sb.append('|');
                for (String c : row) {
                    sb.append(' ').append(cell(c)).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        String unreached = l.unreachedLine(o.targetId());
        if (unreached != null) {
            sb.append(unreached).append("\n\n");
        }
    }

    private static String sourceState(MigrationOutcome o) {
        return switch (o.status()) {
            case CUT_OVER -> "The source deployment on " + o.sourceId() + " was removed after every verification passed.";
            case CUTOVER_FAILED -> "Removing the source on " + o.sourceId() + " failed part way (see Cutover).";
            default -> "The source on " + o.sourceId() + " was not modified.";
        };
    }

    private static String answer(int status, String body) {
        return status == 0 ? "no answer" : status + (body == null || body.isEmpty() ? "" : " `" + cell(body) + "`");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** A plain HTML page: the Markdown's headings, tables and lists, escaped. */
    static String html(String markdown, MigrationOutcome o) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Migration of ")
                .append(esc(o.setName())).append("</title><style>body{font-family:sans-serif}table{border-collapse:"
                        + "collapse}td,th{border:1px solid #999;padding:2px 6px}</style></head><body>\n");
        boolean inList = false;
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (inList && !line.startsWith("- ")) {
                sb.append("</ul>\n");
                inList = false;
            }
            if (inTable && !line.startsWith("|")) {
                sb.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("### ")) {
                sb.append("<h3>").append(inline(line.substring(4))).append("</h3>\n");
            } else if (line.startsWith("## ")) {
                sb.append("<h2>").append(inline(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                sb.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("- ")) {
                if (!inList) {
                    sb.append("<ul>\n");
                    inList = true;
                }
                sb.append("<li>").append(inline(line.substring(2))).append("</li>\n");
            } else if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                String tag = inTable ? "td" : "th";
                if (!inTable) {
                    sb.append("<table>\n");
                    inTable = true;
                }
                sb.append("<tr>");
                for (String c : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                    sb.append('<').append(tag).append('>').append(inline(c.trim().replace("\\|", "|")))
                            .append("</").append(tag).append('>');
                }
                sb.append("</tr>\n");
            } else if (!line.isBlank()) {
                sb.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        if (inList) {
            sb.append("</ul>\n");
        }
        if (inTable) {
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String inline(String s) {
        return esc(s).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`(.+?)`", "<code>$1</code>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
