package ai.katonic.kpc.engine;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/** Progress lines — elapsed time since the run began, the resource, what is happening — one writer, many threads. */
public final class Progress {
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private final boolean quiet;

    public Progress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public synchronized void line(String resource, String message) {
        if (quiet) return;
        out.printf("[%7s] %-28s %s%n", format(elapsed()), resource, message);
        out.flush();
    }

    /** A failed step's cause, or why a step was skipped, on its own progress line. */
    public void problem(Walk.Result r) {
        if (r.status() == Walk.Status.FAILED) line(r.id(), Colour.red("FAILED: ") + r.error());
        else if (r.status() == Walk.Status.SKIPPED) line(r.id(), r.error());
    }

    private int total;
    private int finished;
    private int lastTenth;
    private long lastOverall = System.nanoTime();
    private Map<String, Double> left = Map.of();
    private ai.katonic.kpc.runtime.TimeScale scale = ai.katonic.kpc.runtime.TimeScale.AWS;
    private final java.util.Set<String> over = new java.util.HashSet<>();
    private final Map<String, Long> starts = new java.util.concurrent.ConcurrentHashMap<>();

    /** A step began (its time counts off what the model says is left). */
    public void started(String id) {
        starts.put(id, System.nanoTime());
    }

    /** The walk ahead: its steps, and the modeled time from each step's start to the walk's end (AWS seconds), and the run's time scale. */
    public synchronized void walk(java.util.Collection<String> steps, Map<String, Double> remaining, ai.katonic.kpc.runtime.TimeScale scale) {
        this.scale = scale;
        total = steps.size();
        finished = 0;
        lastTenth = 0;
        over.clear();
        starts.clear();
        left = remaining;
    }

    /**
     * A step ended: at each tenth of the walk, and at least every half minute, one line of where the whole run is,
     * with what the latency model says is left (the longest chain of steps not yet ended, at kpc's time scale).
     */
    public synchronized void ended(String id) {
        if (total == 0 || !over.add(id)) return;
        finished++;
        int tenth = finished * 10 / total;
        long now = System.nanoTime();
        if (finished == total || (tenth == lastTenth && now - lastOverall < 30_000_000_000L)) return;
        lastTenth = tenth;
        lastOverall = now;
        // in kpc's time: what each step not yet ended has before the end, less what a running one has done already
        double ahead = left.entrySet().stream().filter(e -> !over.contains(e.getKey())).mapToDouble(e -> {
            Long began = starts.get(e.getKey());
            return Math.max(0, scale.seconds(e.getValue()) - (began == null ? 0 : (now - began) / 1e9));
        }).max().orElse(0);
        line("(all)", finished + " of " + total + " steps done, " + format(elapsed()) + " elapsed, ~"
                + format(Duration.ofMillis((long) (ahead * 1000))) + " left (latency model)");
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static String format(Duration d) {
        return ai.katonic.kpc.runtime.StepNotes.format(d);
    }
}
