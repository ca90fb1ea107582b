package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A rehearsal's timelines: from a walk's JSON rows or from the latency model, as a text Gantt chart and as an HTML page. */
final class RehearsalTimeline {
    private RehearsalTimeline() {}

    record Row(String id, String type, String what, double start, double took) {}

    /** Rows scaled back to real AWS time ({@code factor} = 1 / time scale). */
    static List<Row> rows(tools.jackson.databind.JsonNode resources, double factor) {
        List<Row> rows = new ArrayList<>();
        for (var r : resources) {
            rows.add(new Row(r.get("id").asString(), r.get("type").asString(), r.get("what").asString(),
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

    /** The latency model's own timeline (each step at its earliest), for when this machine is far slower than the model. */
    static List<Row> model(ResourceGraph g, List<ai.katonic.kpc.engine.CriticalPath.Step> steps, boolean install) {
        List<Row> rows = new ArrayList<>();
        for (var st : steps) {
            Resource r = g.get(st.id());
            rows.add(new Row(st.id(), r == null ? "" : r.type(), install ? "created" : "deleted", st.start(), st.took()));
        }
        rows.sort(java.util.Comparator.comparingDouble(Row::start));
        return rows;
    }

    /** One chart of the page: a heading, its rows and the ids on its critical path. */
    record Section(String heading, List<Row> rows, List<String> critical) {}

    /** A page with a chart per section: a time axis in minutes, the critical path in red and listed under its chart. */
    static String html(String title, String note, List<Section> sections) {
        StringBuilder sb = new StringBuilder("<!doctype html><meta charset=utf-8><title>").append(esc(title)).append("</title>")
                .append("<style>body{font:13px sans-serif}td{padding:1px 6px;white-space:nowrap}.lane{position:relative;width:600px;height:12px}")
                .append(".bar{position:absolute;height:12px;background:#7aa7d9}.crit{background:#d9534f}")
                .append(".axis{position:relative;width:600px;height:16px;border-top:1px solid #444;font-size:11px}")
                .append(".tick{position:absolute;top:0;border-left:1px solid #444;height:4px;padding-top:2px}</style>")
                .append("<h1>").append(esc(title)).append("</h1>");
        if (note != null) sb.append("<p>").append(esc(note)).append("</p>");
        for (Section sec : sections) {
            double end = sec.rows().stream().mapToDouble(r -> r.start() + r.took()).max().orElse(1);
            sb.append("<h2>").append(esc(sec.heading())).append(" (").append(minutes(end)).append(")</h2><table>");
            for (Row r : sec.rows()) {
                double left = r.start() / end * 100;
                double w = Math.max(0.3, r.took() / end * 100);
                sb.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.type())).append("</td><td><div class='lane'>")
                        .append("<div class='bar").append(sec.critical().contains(r.id()) ? " crit" : "").append("' style='left:")
                        .append(String.format("%.2f", left)).append("%;width:").append(String.format("%.2f", w)).append("%'></div></div></td><td>")
                        .append(minutes(r.start())).append(" +").append(minutes(r.took())).append("</td></tr>");
            }
            sb.append("<tr><td></td><td>minutes</td><td><div class='axis'>");
            double step = tick(end);
            for (double t = 0; t <= end + 1e-9; t += step) {
                sb.append("<span class='tick' style='left:").append(String.format("%.2f", t / end * 100)).append("%'>")
                        .append(String.format("%.0f", t / 60)).append("</span>");
            }
            sb.append("</div></td><td></td></tr></table><p>Critical path (red): ").append(esc(String.join(" → ", sec.critical()))).append("</p>");
        }
        return sb.append("<p>Times are estimates for real AWS.</p>").toString();
    }

    /** A tick every 1, 2, 5, 10 ... minutes: about eight on the axis. */
    static double tick(double endSeconds) {
        for (double m : new double[] {1, 2, 5, 10, 15, 30, 60, 120}) {
            if (endSeconds / (m * 60) <= 10) return m * 60;
        }
        return 240 * 60;
    }

    static String minutes(double s) {
        return s < 60 ? String.format("%.0fs", s) : String.format("%dm%02.0fs", (int) (s / 60), s % 60);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
