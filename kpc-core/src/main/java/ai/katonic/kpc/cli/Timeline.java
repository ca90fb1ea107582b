package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** When each step of a walk ran, as JSON rows; what each step did, counted. */
public final class Timeline {
    private Timeline() {}


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

    public static List<Map<String, Object>> json(ResourceGraph g, Map<String, Walk.Result> results) {
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

    /** What apply's and destroy's JSON both say of their walk: the counts, the time taken, and each step's timeline. */
    static void putWalk(Map<String, Object> json, Map<String, Integer> counts, Progress progress, double walkSeconds, ResourceGraph g,
                        Map<String, Walk.Result> results) {
        json.put("counts", counts);
        json.put("elapsed_s", progress.elapsed().toMillis() / 1000.0);
        json.put("walk_s", walkSeconds);
        json.put("resources", json(g, results));
    }

    /** After Ctrl-C: what was done, what was cut short, what did not start; exit 130, as a shell reports an interrupted command. */
    static int interrupted(PrintWriter out, int total, Map<String, Walk.Result> results, String command) {
        long done = results.values().stream().filter(r -> r.status() == Walk.Status.DONE).count();
        List<String> cut = results.values().stream().filter(r -> r.status() == Walk.Status.FAILED).map(Walk.Result::id).toList();
        out.println("Interrupted: " + done + " of " + total + " steps done" + (cut.isEmpty() ? "" : ", cut short: " + String.join(", ", cut))
                + ", " + (total - results.size()) + " not started; state is saved. Run `kpc " + command + "` again to finish.");
        out.flush();
        return 130;
    }
}
