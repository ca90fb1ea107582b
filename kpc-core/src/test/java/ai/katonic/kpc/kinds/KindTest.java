package ai.katonic.kpc.kinds;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind's unit test: a scratch directory for its {@link KindFixture}, and the waits' schedule in AWS time run
 * 10,000 times faster (two minutes of polling are 12 ms), so a handler's waits are exercised, not slept through.
 */
public abstract class KindTest {
    @TempDir
    protected Path dir;

    @BeforeAll
    static void fastWaits() {
        System.setProperty("kpc.timeScale", "0.0001");
    }

    @AfterAll
    static void normalWaits() {
        System.clearProperty("kpc.timeScale");
    }
}
