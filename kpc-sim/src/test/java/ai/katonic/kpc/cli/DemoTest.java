package ai.katonic.kpc.cli;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `kpc demo` is one of the README's two commands: it must run the whole job on the emulator. */
@EndToEnd
class DemoTest {
    @Test
    void demoAppliesChecksAndDestroysOnTheEmulator() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("simulated AWS listening on http://127.0.0.1:").contains("waiting for ACTIVE (CREATING")
                .contains("Apply complete").contains("No changes").contains("70 of 70 resources in sync.")
                .contains("Nothing tagged for katonic-demo remains.").contains("Demo complete")
                .containsPattern("backup demo-backup Completed \\(errors 0").contains("backup demo-backup verified: metadata and tarball whole")
                .containsPattern("wrote .*kpc.yaml \\(eks_version 1\\.\\d+: newest .*, per EKS\\)");
        // The plan once, in plain words, and no warning that only the simulator itself would cause.
        assertThat(r.out().split("  \\+ vpc: ", -1)).hasSize(2);
        assertThat(r.out()).contains("70 unchanged").doesNotContain("to noop").doesNotContain("policy simulator did not answer")
                .doesNotContainPattern("installer policy +warn").doesNotContainPattern("images +(warn|fail)");
    }
}
