package ai.katonic.kpc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table; the last column is never padded. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        print(out, true);
    }

    /** Without its header row: a two-column "Field:  value" block. */
    void printRows(PrintWriter out) {
        print(out, false);
    }

    private void print(PrintWriter out, boolean header) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : header ? rows : rows.subList(1, rows.size())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(i == cols - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
