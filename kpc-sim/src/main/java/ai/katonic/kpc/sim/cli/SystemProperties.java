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

    /** kpc in this JVM never touches a real account: the simulator's fake credentials, and its time scale for kpc's waits. */
    static SystemProperties fakeAccount(double timeScale) {
        return set(Map.of("aws.accessKeyId", ai.katonic.kpc.sim.Simulator.ACCESS_KEY,
                "aws.secretAccessKey", ai.katonic.kpc.sim.Simulator.SECRET_KEY, "kpc.timeScale", String.valueOf(timeScale)));
    }

    /** kpc in this JVM reaches the simulator's jump host, chart mirror and image registry (as AWS_ENDPOINT_URL redirects its AWS calls). */
    static SystemProperties servicesOf(ai.katonic.kpc.sim.Simulator sim) {
        return set(Map.of("kpc.jumpHostAddress", sim.jumpHostAddress(), "kpc.chartsRepository", ai.katonic.kpc.sim.ChartMirror.url(),
                "kpc.imageRegistry", ai.katonic.kpc.sim.ImageRegistry.url()));
    }

    @Override
    public void close() {
        previous.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }
}
