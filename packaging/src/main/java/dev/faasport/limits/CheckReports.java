package dev.faasport.limits;

import dev.faasport.lockin.LockIn;
import dev.faasport.lockin.Tie;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Renders check reports: the function-by-provider matrix for the build log, and {@code check-report.md} /
 * {@code check-report.html} with every finding.
 */
public final class CheckReports {
    private CheckReports() {
    }

    /** @return the matrix cell for a severity: a limit nobody documents is not a problem, so it shows as fits */
    public static String cell(Severity s) {
        if (s == null) return "-";
        return switch (s) {
            case FITS, UNDOCUMENTED -> "fits";
            case WARNING -> "warning";
            case VIOLATION -> "VIOLATION";
        };
    }

    /** @return the plain-text matrix, one row per function, one column per provider (and plan) */
    public static String matrix(List<CheckReport> reports) {
        List<String> functions = functions(reports);
        List<String> header = new ArrayList<>();
        header.add("function");
        reports.forEach(r -> header.add(column(r)));
        List<List<String>> rows = new ArrayList<>();
        for (String f : functions) {
            List<String> row = new ArrayList<>();
            row.add(f);
            reports.forEach(r -> row.add(cell(r.worstFor(f))));
            rows.add(row);
        }
        return table(header, rows);
    }

    /**
     * @return the plain-text lock-in table for the build log: one row per function and vendor API it calls, what
     *         becomes of the call on each target; empty when no function calls a vendor API
     */
    public static String lockIn(LockIn lockIn, List<String> providers) {
        if (lockIn == null || lockIn.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Vendor lock-in (the vendor services each function calls):\n");
        if (lockIn.hasTies()) {
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row : lockInRows(lockIn, providers)) {
                // the log is narrower than the report: vendor and service in one column, no path
                List<String> line = new ArrayList<>(List.of(row.get(0), row.get(1) + " " + row.get(2)));
                line.addAll(row.subList(3, row.size() - 1));
                rows.add(line);
            }
            rows.get(0).set(1, "tied to");
            sb.append(table(rows.get(0), rows.subList(1, rows.size())));
        }
        String unreached = lockIn.unreachedLine(null);
        return unreached == null ? sb.toString() : sb.append(unreached).append('\n').toString();
    }

    private static String table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> row : rows) w[i] = Math.max(w[i], row.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        List<String> dashes = new ArrayList<>();
        for (int width : w) dashes.add("-".repeat(width));
        line(sb, dashes, w);
        rows.forEach(r -> line(sb, r, w));
        return sb.toString();
    }

    /**
     * @return one line per target: the Java runtime chosen for its functions ("aws: Java runtime java25 for every
     *         function (...)"), or per function when they differ; none for targets without runtime data
     */
    public static List<String> runtimes(List<CheckReport> reports) {
        List<String> out = new ArrayList<>();
        for (CheckReport r : reports) {
            java.util.Map<String, List<String>> byRuntime = new java.util.TreeMap<>();
            String how = null;
            for (Finding f : r.findings()) {
                if (f.key().equals(LimitTable.RUNTIME_KEY) && f.function() != null) {
                    byRuntime.computeIfAbsent(f.limit(), k -> new ArrayList<>()).add(f.function());
                    how = f.measured();
                }
            }
            if (byRuntime.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            byRuntime.forEach((runtime, fns) -> parts.add(runtime + (byRuntime.size() == 1
                    && fns.size() == r.functions().size() ? " for every function" : " for " + String.join(", ", fns))));
            out.add(column(r) + ": Java runtime " + String.join("; ", parts)
                    + (byRuntime.size() == 1 ? " (classes: " + how + ")" : ""));
        }
        return out;
    }

    /** @return the warnings and violations as lines for the build log, each with its fixes */
    public static List<String> problems(List<CheckReport> reports) {
        List<String> out = new ArrayList<>();
        for (CheckReport r : reports) {
            for (Finding f : r.findings()) {
                if (f.severity() == Severity.WARNING || f.severity() == Severity.VIOLATION) {
                    out.add(f.severity() + ": " + f.message());
                }
            }
        }
        return out;
    }

    /** Writes the Markdown report (matrix, problems with fixes, then every finding). */
    public static void writeMarkdown(List<CheckReport> reports, Path file) throws IOException {
        writeMarkdown(reports, null, List.of(), file);
    }

    /**
     * Writes the Markdown report with a lock-in section (left out when {@code lockIn} is null).
     *
     * @param targets the provider ids the lock-in section has a column for (those without a limit table too)
     */
    public static void writeMarkdown(List<CheckReport> reports, LockIn lockIn, List<String> targets, Path file)
            throws IOException {
        StringBuilder sb = new StringBuilder("# Faasport limit check\n\n");
        List<String> functions = functions(reports);
        sb.append("| function |");
        reports.forEach(r -> sb.append(' ').append(md(column(r))).append(" |"));
        sb.append("\n|---|");
        reports.forEach(r -> sb.append("---|"));
        sb.append('\n');
        for (String f : functions) {
            sb.append("| ").append(md(f)).append(" |");
            reports.forEach(r -> sb.append(' ').append(cell(r.worstFor(f))).append(" |"));
            sb.append('\n');
        }
        sb.append("\n## Java runtimes\n\n");
        List<String> runtimes = runtimes(reports);
        runtimes.forEach(line -> sb.append("- ").append(md(line)).append('\n'));
        if (runtimes.isEmpty()) sb.append("None chosen.\n");
        sb.append("\n## Problems\n\n");
        boolean any = false;
        for (CheckReport r : reports) {
            for (Finding f : r.findings()) {
                if (f.severity() != Severity.WARNING && f.severity() != Severity.VIOLATION) continue;
                any = true;
                sb.append("- **").append(f.severity()).append("** ").append(md(f.message())).append('\n');
                for (String d : f.largestDependencies()) sb.append("  - largest: ").append(md(d)).append('\n');
                for (String fix : f.fixes()) sb.append("  - fix: ").append(md(fix)).append('\n');
            }
        }
        if (!any) sb.append("None.\n");
        if (lockIn != null) {
            lockInMarkdown(lockIn, targets, sb);
        }
        for (CheckReport r : reports) {
            sb.append("\n## ").append(md(column(r))).append("\n\n");
            sb.append("| unit | function | limit | result | measured | limit value | as of | source |\n");
            sb.append("|---|---|---|---|---|---|---|---|\n");
            for (Finding f : r.findings()) {
                sb.append("| ").append(md(f.unit())).append(" | ").append(md(f.function() == null ? "(unit)" : f.function()))
                        .append(" | ").append(md(f.key())).append(" | ").append(label(f.severity()))
                        .append(" | ").append(md(f.measured())).append(" | ").append(md(f.limit()))
                        .append(" | ").append(md(f.asOf())).append(" | ").append(md(f.source())).append(" |\n");
            }
        }
        write(file, sb.toString());
    }

    private static final String LOCK_IN_INTRO = "The vendor services each function calls, found in the class files"
            + " its handler reaches and in the dependencies they call, before anything is deployed. Information, not a"
            + " failure: a remote service keeps working from another cloud with the vendor's credentials, a platform"
            + " feature does not.";
    private static final String NO_TIES = "No function calls a vendor's own services.";

    /** @return the lock-in table: a header row, then per function and vendor service what it becomes per target */
    private static List<List<String>> lockInRows(LockIn lockIn, List<String> providers) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("function", "vendor", "service"));
        providers.forEach(p -> header.add("on " + p));
        header.add("found in");
        rows.add(header);
        lockIn.functions().forEach((f, ties) -> ties.forEach(t -> {
            List<String> row = new ArrayList<>(List.of(f, lockIn.vendorName(t.api().vendor()), t.api().name()));
            providers.forEach(p -> row.add(lockIn.outcome(t, p)));
            row.add(t.evidence());
            rows.add(row);
        }));
        return rows;
    }

    private static void lockInMarkdown(LockIn lockIn, List<String> providers, StringBuilder sb) {
        sb.append("\n## Vendor lock-in\n\n").append(LOCK_IN_INTRO).append("\n\n");
        if (!lockIn.hasTies()) {
            sb.append(NO_TIES).append('\n');
        } else {
            List<List<String>> rows = lockInRows(lockIn, providers);
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).forEach(c -> sb.append("| ").append(md(c)).append(' '));
                sb.append("|\n");
                if (i == 0) {
                    sb.append("|---".repeat(rows.get(0).size())).append("|\n");
                }
            }
            sb.append('\n');
            for (String line : lockInFixes(lockIn, providers)) {
                sb.append("- ").append(md(line)).append('\n');
            }
        }
        String unreached = lockIn.unreachedLine(null);
        if (unreached != null) {
            sb.append('\n').append(md(unreached)).append('\n');
        }
    }

    /** @return per function, service and target where it is not native: the consequence and what to do */
    private static List<String> lockInFixes(LockIn lockIn, List<String> providers) {
        List<String> out = new ArrayList<>();
        lockIn.functions().forEach((f, ties) -> {
            for (Tie t : ties) {
                for (String p : providers) {
                    String fix = lockIn.fix(t, p);
                    if (fix != null) {
                        out.add(f + ", " + t.api().name() + ": " + lockIn.consequence(t, p) + "; perhaps you should "
                                + fix + " (" + t.api().source() + ", as of " + t.api().asOf() + ")");
                    }
                }
            }
        });
        return out;
    }

    /** Writes the HTML report with the same content as the Markdown one. */
    public static void writeHtml(List<CheckReport> reports, Path file) throws IOException {
        writeHtml(reports, null, List.of(), file);
    }

    /** Writes the HTML report with a lock-in section (left out when {@code lockIn} is null), as the Markdown one. */
    public static void writeHtml(List<CheckReport> reports, LockIn lockIn, List<String> targets, Path file)
            throws IOException {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>Faasport limit check</title><style>table{border-collapse:collapse}td,th{border:1px solid"
                + " #999;padding:2px 6px}.VIOLATION{background:#f99}.warning{background:#fd8}.fits{background:#bfb}"
                + "</style></head><body>\n<h1>Faasport limit check</h1>\n<table><tr><th>function</th>");
        reports.forEach(r -> sb.append("<th>").append(html(column(r))).append("</th>"));
        sb.append("</tr>\n");
        for (String f : functions(reports)) {
            sb.append("<tr><td>").append(html(f)).append("</td>");
            for (CheckReport r : reports) {
                String c = cell(r.worstFor(f));
                sb.append("<td class=\"").append(c).append("\">").append(c).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Java runtimes</h2>\n<ul>\n");
        runtimes(reports).forEach(line -> sb.append("<li>").append(html(line)).append("</li>\n"));
        sb.append("</ul>\n<h2>Problems</h2>\n<ul>\n");
        for (CheckReport r : reports) {
            for (Finding f : r.findings()) {
                if (f.severity() != Severity.WARNING && f.severity() != Severity.VIOLATION) continue;
                sb.append("<li><b>").append(f.severity()).append("</b> ").append(html(f.message())).append("<ul>");
                for (String d : f.largestDependencies()) sb.append("<li>largest: ").append(html(d)).append("</li>");
                for (String fix : f.fixes()) sb.append("<li>fix: ").append(html(fix)).append("</li>");
                sb.append("</ul></li>\n");
            }
        }
        sb.append("</ul>\n");
        if (lockIn != null) {
            lockInHtml(lockIn, targets, sb);
        }
        for (CheckReport r : reports) {
            sb.append("<h2>").append(html(column(r))).append("</h2>\n<table><tr><th>unit</th><th>function</th>"
                    + "<th>limit</th><th>result</th><th>measured</th><th>limit value</th><th>as of</th>"
                    + "<th>source</th></tr>\n");
            for (Finding f : r.findings()) {
                sb.append("<tr><td>").append(html(f.unit())).append("</td><td>")
                        .append(html(f.function() == null ? "(unit)" : f.function())).append("</td><td>")
                        .append(html(f.key())).append("</td><td>").append(label(f.severity())).append("</td><td>")
                        .append(html(f.measured())).append("</td><td>").append(html(f.limit())).append("</td><td>")
                        .append(html(f.asOf())).append("</td><td>");
                if (f.source() != null && f.source().startsWith("https://")) {
                    sb.append("<a href=\"").append(html(f.source())).append("\">").append(html(f.source())).append("</a>");
                } else {
                    sb.append(html(f.source()));
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("</body></html>\n");
        write(file, sb.toString());
    }

    private static void lockInHtml(LockIn lockIn, List<String> providers, StringBuilder sb) {
        sb.append("<h2>Vendor lock-in</h2>\n<p>").append(html(LOCK_IN_INTRO)).append("</p>\n");
        if (!lockIn.hasTies()) {
            sb.append("<p>").append(html(NO_TIES)).append("</p>\n");
        } else {
            sb.append("<table>");
            List<List<String>> rows = lockInRows(lockIn, providers);
            for (int i = 0; i < rows.size(); i++) {
                String tag = i == 0 ? "th" : "td";
                sb.append("<tr>");
                rows.get(i).forEach(c -> sb.append('<').append(tag).append('>').append(html(c)).append("</")
                        .append(tag).append('>'));
                sb.append("</tr>\n");
            }
            sb.append("</table>\n<ul>\n");
            lockInFixes(lockIn, providers).forEach(line -> sb.append("<li>").append(html(line)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        String unreached = lockIn.unreachedLine(null);
        if (unreached != null) {
            sb.append("<p>").append(html(unreached)).append("</p>\n");
        }
    }

    private static String label(Severity s) {
        return s == Severity.UNDOCUMENTED ? "no documented limit" : s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String column(CheckReport r) {
        return r.provider() + ("default".equals(r.plan()) ? "" : " (" + r.plan() + ")");
    }

    private static List<String> functions(List<CheckReport> reports) {
        TreeSet<String> all = new TreeSet<>();
        reports.forEach(r -> all.addAll(r.functions()));
        return new ArrayList<>(all);
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append("  ");
            sb.append(cells.get(i)).append(" ".repeat(w[i] - cells.get(i).length()));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        sb.setLength(end);
        sb.append('\n');
    }

    private static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String html(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text);
    }
}
