package ai.katonic.kpc.sim.cli;

import java.util.HashMap;
import java.util.Map;

/** Sets system properties for the length of a block and puts the old values back (tests run many commands in one JVM). */
final class SystemProperties implements AutoCloseable {
    private final Map<String, String> previous = new HashMap<>();

    private SystemProperties() {}

    static SystemProperties set(Map<String, String> values) {
        SystemProperties p = new SystemProperties();
        values.forEach((k, v) -> {
            p.previous.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        return p;
    }

    @Override
    public void close() {
        previous.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }
}
