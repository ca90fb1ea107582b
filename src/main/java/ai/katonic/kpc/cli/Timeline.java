package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** When each step of a walk ran: as JSON rows, as a text Gantt chart and as an HTML page. */
final class Timeline {
    private Timeline() {}

    record Row(String id, String type, String what, double start, double took) {}

    /** How many steps did what ("created", "unchanged", "deleted", ...), sorted by word. */
    static Map<String, Integer> counts(Map<String, Walk.Result> results) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        results.values().forEach(r -> counts.merge(r.what(), 1, Integer::sum));
        return counts;
    }

    /** "38 created" or "1 created, 37 unchanged"; "nothing" for an empty walk. */
    static String summary(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("nothing");
    }

    static List<Map<String, Object>> json(ResourceGraph g, Map<String, Walk.Result> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Resource r : g.inOrder()) {
            Walk.Result w = results.get(r.id());
            if (w == null) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("type", r.type());
            m.put("what", w.what());
            m.put("start_s", w.start().toNanos() / 1e9);
            m.put("took_s", w.took().toNanos() / 1e9);
            out.add(m);
        }
        return out;
    }

    /** Rows scaled back to real AWS time ({@code factor} = 1 / time scale). */
    static List<Row> rows(com.fasterxml.jackson.databind.JsonNode resources, double factor) {
        List<Row> rows = new ArrayList<>();
        for (var r : resources) {
            rows.add(new Row(r.get("id").asText(), r.get("type").asText(), r.get("what").asText(),
                    r.get("start_s").asDouble() * factor, r.get("took_s").asDouble() * factor));
        }
        return rows;
    }

    static void gantt(PrintWriter out, List<Row> rows, List<String> critical) {
        double end = rows.stream().mapToDouble(r -> r.start() + r.took()).max().orElse(1);
        int width = 50;
        for (Row r : rows) {
            int from = (int) Math.round(r.start() / end * width);
            int len = Math.max(1, (int) Math.round(r.took() / end * width));
            String bar = " ".repeat(Math.min(width, from)) + (critical.contains(r.id()) ? "#" : "=").repeat(Math.min(len, width + 1 - Math.min(width, from)));
            out.printf("  %-28s |%-" + (width + 1) + "s| %7s +%s%n", r.id(), bar, minutes(r.start()), minutes(r.took()));
        }
        out.println("  (# marks the critical path; times are real-AWS estimates)");
    }

    static String html(String title, List<Row> rows, List<String> critical) {
        double end = rows.stream().mapToDouble(r -> r.start() + r.took()).max().orElse(1);
        StringBuilder sb = new StringBuilder("<!doctype html><meta charset=utf-8><title>").append(esc(title)).append("</title>")
                .append("<style>body{font:13px sans-serif}td{padding:1px 6px}.bar{height:12px;background:#7aa7d9}.crit{background:#d9534f}</style>")
                .append("<h1>").append(esc(title)).append("</h1><table>");
        for (Row r : rows) {
            double left = r.start() / end * 100;
            double w = Math.max(0.3, r.took() / end * 100);
            sb.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.type())).append("</td><td style='width:600px'>")
                    .append("<div class='bar").append(critical.contains(r.id()) ? " crit" : "").append("' style='margin-left:")
                    .append(String.format("%.2f", left)).append("%;width:").append(String.format("%.2f", w)).append("%'></div></td><td>")
                    .append(minutes(r.start())).append(" +").append(minutes(r.took())).append("</td></tr>");
        }
        return sb.append("</table><p>Red: the critical path. Times are estimates for real AWS.</p>").toString();
    }

    static String minutes(double s) {
        return s < 60 ? String.format("%.0fs", s) : String.format("%dm%02.0fs", (int) (s / 60), s % 60);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
