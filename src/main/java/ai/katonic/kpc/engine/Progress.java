package ai.katonic.kpc.engine;

import java.io.PrintWriter;
import java.time.Duration;

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
        if (r.status() == Walk.Status.FAILED) line(r.id(), "FAILED: " + r.error());
        else if (r.status() == Walk.Status.SKIPPED) line(r.id(), r.error());
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
