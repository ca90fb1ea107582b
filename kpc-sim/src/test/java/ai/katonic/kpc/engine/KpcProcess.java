package ai.katonic.kpc.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** kpc as its own JVM against a test's simulated cloud (to be killed, or sent a signal, as a user's would). */
public final class KpcProcess {
    private KpcProcess() {}

    /** {@code kpc --endpoint-url <moto> args...}, stdout and stderr merged. */
    public static Process start(Moto moto, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "ai.katonic.kpc.cli.Main", "--endpoint-url", moto.endpoint()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        pb.redirectErrorStream(true);
        return pb.start();
    }
}
