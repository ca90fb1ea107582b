package ai.katonic.kpc.engine;

import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits on an asynchronous AWS state without fixed sleeps: polls back off from a quarter second
 * towards a cap derived from how long AWS usually takes, so short waits end quickly and long ones
 * do not hammer the API. Progress is printed when the state changes and every so often.
 */
public final class Poll {
    private Poll() {}

    /** One observation: whether the wait is over, the state seen, and the value to return. */
    public record Seen<T>(boolean done, String state, T value) {
        public static <T> Seen<T> done(String state, T value) {
            return new Seen<>(true, state, value);
        }

        public static <T> Seen<T> waiting(String state) {
            return new Seen<>(false, state, null);
        }
    }

    /**
     * How much faster than AWS the cloud answers: 1 against AWS; a rehearsal against the simulator
     * sets {@code KPC_TIME_SCALE} (or the {@code kpc.timeScale} property) to the simulator's scale.
     */
    public static double timeScale() {
        String v = System.getProperty("kpc.timeScale", System.getenv("KPC_TIME_SCALE"));
        try {
            double d = v == null ? 1 : Double.parseDouble(v);
            return d > 0 && d <= 1 ? d : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public static <T> T until(StepContext ctx, String goal, Duration usual, Supplier<Seen<T>> check) {
        long start = System.nanoTime();
        double scale = timeScale();
        Duration expected = Duration.ofNanos((long) (usual.toNanos() * scale));
        Duration timeout = expected.multipliedBy(4).plus(Duration.ofNanos((long) (Duration.ofMinutes(5).toNanos() * scale)));
        // Start at 0.5% of the expected time and back off to 1% of it (never below a second of AWS
        // time), so readiness is noticed within 1-2% of how long AWS takes, in about a hundred polls.
        long cap = Math.max((long) (1_000 * scale), Math.min((long) (15_000 * scale), expected.toMillis() / 100));
        long delay = Math.max(1, Math.min(cap, expected.toMillis() / 200));
        String last = null;
        long lastPrinted = start;
        while (true) {
            Seen<T> seen;
            try {
                seen = check.get();
            } catch (RuntimeException e) {
                // Just created and not yet visible to describes (EC2 and EFS are eventually consistent).
                if (!AwsErrors.isNotFound(e) || System.nanoTime() - start > expected.toNanos() / 2 + (long) (30e9 * scale)) throw e;
                seen = Seen.waiting("not visible yet");
            }
            long now = System.nanoTime();
            Duration waited = Duration.ofNanos(now - start);
            if (seen.done()) {
                if (last != null) ctx.progress(seen.state() + " after " + Progress.format(waited));
                return seen.value();
            }
            if (!seen.state().equals(last) || now - lastPrinted > 15_000_000_000L) {
                ctx.progress("waiting for " + goal + " (" + seen.state() + ", " + Progress.format(waited)
                        + " elapsed, usually ~" + Progress.format(expected) + ")");
                last = seen.state();
                lastPrinted = now;
            }
            if (waited.compareTo(timeout) > 0) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": still " + seen.state() + " after "
                        + Progress.format(waited) + " waiting for " + goal + "; check it in the AWS console, then re-run");
            }
            sleep(delay);
            delay = Math.min(cap, Math.max(delay + 1, (long) (delay * 1.5)));
        }
    }

    /**
     * Waits until a deleted resource is gone: {@code state} returns its current state, or empty
     * once it has disappeared or reached its final deleted state; a NotFound error also means gone.
     */
    public static void untilGone(StepContext ctx, Duration expected, Supplier<java.util.Optional<String>> state) {
        until(ctx, "deletion", expected, () -> {
            try {
                return state.get().<Seen<Object>>map(Seen::waiting).orElseGet(() -> Seen.done("deleted", null));
            } catch (RuntimeException e) {
                if (AwsErrors.isNotFound(e)) return Seen.done("deleted", null);
                throw e;
            }
        });
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KpcException.OperationFailed("interrupted");
        }
    }
}
