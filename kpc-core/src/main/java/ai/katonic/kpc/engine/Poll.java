package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits on an asynchronous AWS state without fixed sleeps: looks at once, then on a schedule drawn
 * from how long AWS usually takes ({@link #nextDelay}), so readiness is noticed within about 1 % of
 * that time in about 20 calls. Progress is printed when the state changes and every so often.
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

    public static <T> T until(StepContext ctx, String goal, Duration usual, Supplier<Seen<T>> check) {
        long start = System.nanoTime();
        ai.katonic.kpc.runtime.TimeScale scale = ctx.timeScale();
        Duration expected = scale.of(usual);
        Duration timeout = expected.multipliedBy(4).plus(scale.of(Duration.ofMinutes(5)));
        long floor = Math.max(1, scale.of(Duration.ofSeconds(1)).toMillis());
        String last = null;
        long lastPrinted = start;
        while (true) {
            Seen<T> seen;
            try {
                seen = check.get();
            } catch (RuntimeException e) {
                // Just created and not yet visible to describes (EC2 and EFS are eventually consistent).
                if (!AwsErrors.isNotFound(e) || System.nanoTime() - start > expected.toNanos() / 2 + scale.of(Duration.ofSeconds(30)).toNanos()) throw e;
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
            Interrupt.check("waiting for " + goal + " (" + seen.state() + ")");
            if (waited.compareTo(timeout) > 0) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": still " + seen.state() + " after "
                        + Progress.format(waited) + " waiting for " + goal + "; check it in the AWS console, then re-run");
            }
            sleep(nextDelay(waited.toMillis(), expected.toMillis(), floor));
        }
    }

    /**
     * When to look again, from the latency model (polls cost the account's shared API rate
     * limits): a few looks before the expected time (at half, 80 % and 95 % of it), dense around it
     * (every 1 %, until 15 % past it), then backing off (the pause grows with the overrun, up to a
     * tenth of the expected time). Never more often than {@code floorMs} (a second of AWS time).
     * A wait that ends on time costs about 20 calls and is noticed within 1 % of its length.
     */
    static long nextDelay(long elapsedMs, long expectedMs, long floorMs) {
        long e = Math.max(1, expectedMs);
        long d;
        if (elapsedMs < e / 2) d = e / 2 - elapsedMs;
        else if (elapsedMs < e * 8 / 10) d = e * 8 / 10 - elapsedMs;
        else if (elapsedMs < e * 95 / 100) d = e * 95 / 100 - elapsedMs;
        else if (elapsedMs < e * 115 / 100) d = e / 100;
        else d = Math.min(e / 10, e / 100 + (elapsedMs - e * 115 / 100) / 4);
        return Math.max(floorMs, d);
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
        ai.katonic.kpc.runtime.Backoff.sleep(ms);
    }
}
