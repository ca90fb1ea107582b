package ai.katonic.kpc.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** kpc as its own JVM against a test's simulated cloud (to be killed, or sent a signal, as a user's would). */
public final class KpcProcess {
    private KpcProcess() {}

    /**
     * The command line of kpc as its own JVM on the test's class path, started as bin/kpc starts it (the serial
     * collector and the quick compiler: a CLI's run is over before the optimising compiler pays off), with
     * {@code jvmOptions} of the test's own (system properties) before the class path.
     */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "ai.katonic.kpc.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code kpc --endpoint-url <moto> args...}, stdout and stderr merged. */
    public static Process start(Moto moto, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", moto.endpoint()));
        all.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command(List.of(), all.toArray(String[]::new)));
        pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        pb.redirectErrorStream(true);
        return pb.start();
    }
}
