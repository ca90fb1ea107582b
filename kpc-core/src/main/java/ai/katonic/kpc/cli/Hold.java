package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How long a command holds something open ({@code --duration}), and the holding: until Ctrl-C, or for that long. */
final class Hold {
    private Hold() {}

    /** Until the JVM is asked to stop (Ctrl-C, a signal), or {@code hold} has passed (null: no limit). */
    static void untilInterrupted(Duration hold) throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = new Thread(interrupted::countDown, "kpc-hold-close");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (hold == null) interrupted.await();
            else interrupted.await(hold.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: what is held closes with it
            }
        }
    }

    /** {@code d} given to {@code option}: 30s, 10m, 8h or ISO-8601; anything else is refused naming the option. */
    static Duration parse(String option, String d) {
        try {
            if (d.matches("\\d+[smh]")) {
                long n = Long.parseLong(d.substring(0, d.length() - 1));
                return switch (d.charAt(d.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(d);
        } catch (RuntimeException e) {
            throw new KpcException.InvalidInput(option + " " + d + " is not a duration (like 30s, 10m, 8h, or PT8H)");
        }
    }
}
