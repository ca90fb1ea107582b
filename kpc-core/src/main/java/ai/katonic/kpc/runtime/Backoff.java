package ai.katonic.kpc.runtime;

import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;

/**
 * The one way kpc waits between tries: pauses that start at {@code first} and grow by {@code growth}
 * up to {@code cap}, for at most {@code budget}. All of them are AWS's time, multiplied by the run's
 * {@link TimeScale} (a rehearsal's cloud answers faster, and so do its waits; a backoff is made by the run's
 * scale, {@link TimeScale#backoff}), and every pause is
 * taken in slices of at most a second so that an interrupt (Ctrl-C) ends it at once.
 *
 * <pre>{@code
 * Backoff b = ctx.timeScale().backoff(Duration.ofMillis(500), 2, Duration.ofSeconds(10), Duration.ofMinutes(10));
 * while (true) { try { return call(); } catch (Busy e) { if (!b.pause()) throw e; } }
 * }</pre>
 */
public final class Backoff {
    private final long deadline;
    private final long capNanos;
    private final double growth;
    private long nextNanos;

    private Backoff(TimeScale scale, Duration first, double growth, Duration cap, Duration budget) {
        this.deadline = System.nanoTime() + scale.of(budget).toNanos();
        this.capNanos = Math.max(1_000_000, scale.of(cap).toNanos());
        this.nextNanos = Math.max(1_000_000, scale.of(first).toNanos());
        this.growth = growth;
    }

    /** Pauses from {@code first}, each {@code growth} times the last, none above {@code cap}, for {@code budget} in all, at {@code scale}. */
    static Backoff of(TimeScale scale, Duration first, double growth, Duration cap, Duration budget) {
        if (growth < 1) throw new IllegalArgumentException("growth below 1: " + growth);
        return new Backoff(scale, first, growth, cap, budget);
    }

    /** The pause {@link #pause} waits next (in the run's time: AWS's multiplied by the time scale). */
    public Duration nextPause() {
        return Duration.ofNanos(nextNanos);
    }

    /** Whether the budget is spent (the caller then gives up with what it last saw). */
    public boolean spent() {
        return System.nanoTime() > deadline;
    }

    /**
     * Waits the next pause, or less when the budget ends sooner: false (and no wait) once the budget is
     * spent. A stop asked for ({@link Cancel}) or the thread interrupted ends the pause at once, with an error.
     */
    public boolean pause() {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        sleepNanos(Math.min(nextNanos, left));
        Cancel.check("waiting to try again");
        nextNanos = Math.min(capNanos, Math.max(nextNanos + 1, (long) (nextNanos * growth)));
        return true;
    }

    /** A pause already in the run's time (a schedule of its own computed it, such as a poll's): in slices, interruptible. */
    public static void sleep(long millis) {
        sleepNanos(millis * 1_000_000);
    }

    private static void sleepNanos(long nanos) {
        try {
            for (long left = nanos; left > 0; left -= 1_000_000_000L) {
                if (Cancel.requested()) return;
                long slice = Math.min(left, 1_000_000_000L);
                Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KpcException.OperationFailed("interrupted");
        }
    }
}
