package ai.katonic.kpc.kinds;

import ai.katonic.kpc.runtime.TimeScale;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind's unit test: a scratch directory for its {@link KindFixture}, whose run has the waits' schedule in AWS time
 * run {@link #FAST} (two minutes of polling are 12 ms), so a handler's waits are exercised, not slept through.
 */
public abstract class KindTest {
    /** 10,000 times faster than AWS. */
    public static final TimeScale FAST = new TimeScale(0.0001);

    @TempDir
    protected Path dir;
}
