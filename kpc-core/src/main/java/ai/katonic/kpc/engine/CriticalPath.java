package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shortest time a perfectly parallel run could take: the longest chain of dependencies,
 * each resource weighted by how long AWS keeps it in its transitional state (from the latency
 * profile) plus the API calls its step makes. Install walks the graph forwards, destroy backwards.
 */
public final class CriticalPath {
    /** Calls a step makes outside its waits: a describe and a create or delete, as a rule. */
    static final int CALLS_PER_STEP = 2;

    public record Path(double seconds, List<String> resources) {}

    private CriticalPath() {}

    /** Modeled seconds of real AWS time for one resource's step. */
    public static double weight(Resource r, LatencyProfile p, boolean install) {
        String kind = r.spec().latencyKind();
        double async = kind == null ? 0 : install ? p.createSeconds(kind) : p.deleteSeconds(kind);
        return async + CALLS_PER_STEP * p.meanCallSeconds();
    }

    public static Path install(ResourceGraph g, LatencyProfile p) {
        return longest(g, p, true);
    }

    public static Path destroy(ResourceGraph g, LatencyProfile p) {
        return longest(g, p, false);
    }

    /**
     * For each resource, the longest modeled time from its start to the end of the walk (its own
     * weight plus the longest chain after it): the walk starts the ready step with the most left
     * behind it first, so a bound on parallelism never holds the critical path back behind steps
     * that can wait (node groups being deleted, say, while a storage class blocks the cluster).
     */
    public static Map<String, Double> remaining(ResourceGraph g, LatencyProfile p, boolean install) {
        List<Resource> order = new ArrayList<>(g.inOrder());
        if (install) Collections.reverse(order); // successors first
        Map<String, Double> left = new HashMap<>();
        for (Resource r : order) {
            double after = 0;
            for (String n : install ? g.dependentsOf(r.id()) : r.dependsOn()) after = Math.max(after, left.getOrDefault(n, 0.0));
            left.put(r.id(), weight(r, p, install) + after);
        }
        return left;
    }

    /** {@link #remaining} with the realistic profile's times (their ratios are what matters here). */
    public static Map<String, Double> priorities(ResourceGraph g, boolean install) {
        return remaining(g, LatencyProfile.load("realistic", 1.0), install);
    }

    /** One resource's modeled step: when it can start (all it waits for done) and how long it takes, in real AWS seconds. */
    public record Step(String id, double start, double took) {}

    /** Every step at its earliest, parallelism unbounded: the model's own timeline of a walk, in walk order. */
    public static List<Step> schedule(ResourceGraph g, LatencyProfile p, boolean install) {
        List<Step> out = new ArrayList<>();
        walk(g, p, install, new HashMap<>(), out);
        return out;
    }

    private static Map<String, Double> walk(ResourceGraph g, LatencyProfile p, boolean install, Map<String, String> via, List<Step> steps) {
        List<Resource> order = new ArrayList<>(g.inOrder());
        if (!install) Collections.reverse(order);
        Map<String, Double> finish = new HashMap<>();
        for (Resource r : order) {
            double start = 0;
            List<String> before = install ? r.dependsOn() : g.dependentsOf(r.id());
            for (String d : before) {
                if (finish.get(d) > start) {
                    start = finish.get(d);
                    via.put(r.id(), d);
                }
            }
            double took = weight(r, p, install);
            finish.put(r.id(), start + took);
            steps.add(new Step(r.id(), start, took));
        }
        return finish;
    }

    private static Path longest(ResourceGraph g, LatencyProfile p, boolean install) {
        Map<String, String> via = new HashMap<>();
        Map<String, Double> finish = walk(g, p, install, via, new ArrayList<>());
        String last = finish.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        List<String> path = new ArrayList<>();
        for (String at = last; at != null; at = via.get(at)) path.add(0, at);
        return new Path(last == null ? 0 : finish.get(last), path);
    }
}
