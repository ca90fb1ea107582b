package ai.katonic.kpc.runtime;

import java.time.Duration;

/**
 * How much faster than AWS the cloud answers, a value of the run ({@link Overrides#timeScale()}): 1 against
 * AWS; a rehearsal against the simulator sets {@code KPC_TIME_SCALE} (or the {@code kpc.timeScale} property)
 * to the simulator's scale, read once where a command starts. Every wait and every retry's back-off is in
 * AWS's time multiplied by it, so each is made here ({@link #backoff}, {@link #every}, {@link #of}).
 *
 * @param factor in (0, 1]: 0.01 means the cloud takes a hundredth of AWS's time
 */
public record TimeScale(double factor) {
    /** AWS's own time. */
    public static final TimeScale AWS = new TimeScale(1);

    public TimeScale {
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("a time scale is in (0, 1]: " + factor);
    }

    /** {@code KPC_TIME_SCALE}'s text: AWS's time when it is absent, not a number, or outside (0, 1]. */
    public static TimeScale parse(String text) {
        try {
            double d = text == null ? 1 : Double.parseDouble(text.strip());
            return d > 0 && d <= 1 ? new TimeScale(d) : AWS;
        } catch (NumberFormatException e) {
            return AWS;
        }
    }

    /** {@code aws} (a time of AWS's) in this run's time. */
    public Duration of(Duration aws) {
        return factor == 1 ? aws : Duration.ofNanos((long) (aws.toNanos() * factor));
    }

    /** {@code seconds} of AWS's time in this run's seconds. */
    public double seconds(double seconds) {
        return seconds * factor;
    }

    /** Pauses from {@code first}, each {@code growth} times the last, none above {@code cap}, for {@code budget} in all (AWS's times). */
    public Backoff backoff(Duration first, double growth, Duration cap, Duration budget) {
        return Backoff.of(this, first, growth, cap, budget);
    }

    /** The same pause each time, for {@code budget} in all (AWS's times). */
    public Backoff every(Duration pause, Duration budget) {
        return backoff(pause, 1, pause, budget);
    }
}
