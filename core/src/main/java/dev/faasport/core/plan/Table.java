package dev.faasport.core.plan;

import java.util.List;

/** Formats rows of cells as left-aligned columns, indented and separated by two spaces; the first row is the header. */
public final class Table {

    private Table() {
    }

    public static String format(List<String[]> rows) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], cell(r, i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append("  ").append(String.format("%-" + Math.max(1, width[i]) + "s", cell(r, i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String[] r, int i) {
        return i < r.length && r[i] != null ? r[i] : "";
    }
}
