package ai.katonic.kpc.sim;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a test of kpc against a whole simulated cloud shares: a scratch directory, the simulator
 * the test starts (closed after it), and kpc run in-process against it with time a hundred times
 * faster than on AWS (KPC_TIME_SCALE tells kpc's waits so).
 */
abstract class OnTheSimulator {
    static final double SCALE = 0.01;

    @TempDir
    Path dir;

    Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        System.clearProperty("kpc.timeScale");
    }

    Cli.Result kpc(String... args) {
        System.setProperty("kpc.timeScale", String.valueOf(SCALE));
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint-url";
        all[1] = sim.endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }
}
