package ai.katonic.kpc.runtime;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where what the client layers say on their own (an SDK retry: "throttled by EC2, retry 3/10 in 2.0s")
 * goes: the progress of the step this thread runs, which the engine sets when it starts a step.
 */
public final class StepNotes {
    private StepNotes() {}

    private static final ThreadLocal<Consumer<String>> RUNNING = new ThreadLocal<>();

    /** From here until {@link #leave}, this thread's notes go to {@code sink}. */
    public static void enter(Consumer<String> sink) {
        RUNNING.set(sink);
    }

    public static void leave() {
        RUNNING.remove();
    }

    /** A line on the progress of the step this thread runs (none outside a step: said nowhere). */
    public static void say(String message) {
        Consumer<String> c = RUNNING.get();
        if (c != null) c.accept(message);
    }

    /** "2.0s", "3m05s": how progress lines write a duration. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
