package ai.katonic.kpc.runtime;

/**
 * How much faster than AWS the cloud answers: 1 against AWS; a rehearsal against the simulator sets
 * {@code KPC_TIME_SCALE} (or the {@code kpc.timeScale} property) to the simulator's scale. Every wait
 * and every retry's back-off is multiplied by it.
 */
public final class TimeScale {
    private TimeScale() {}

    public static double get() {
        String v = System.getProperty("kpc.timeScale", System.getenv("KPC_TIME_SCALE"));
        try {
            double d = v == null ? 1 : Double.parseDouble(v);
            return d > 0 && d <= 1 ? d : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
