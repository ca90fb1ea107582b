package ai.katonic.kpc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Actions;
import ai.katonic.kpc.engine.Moto;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call kpc makes over preflight, apply, status and destroy is one it declares next to the
 * code that makes it (the base of the installer policy). S3's REST calls are not yet mapped to
 * IAM names, so S3 is left out here.
 */
class DeclaredActionsTest {
    @TempDir
    Path dir;

    @Test
    void everyCallKpcMakesIsDeclared() throws Exception {
        try (Simulator sim = Simulator.start(LatencyProfile.load("realistic", 0.01).withConsistency(0, 0), null, 5)) {
            System.setProperty("kpc.timeScale", "0.01");
            Path config = Moto.config(dir, "declared");
            for (String[] args : new String[][] {
                    {"preflight", "-f", config.toString()},
                    {"apply", "-f", config.toString(), "--yes"},
                    {"status", "-f", config.toString()},
                    {"destroy", "-f", config.toString(), "--yes", "--delete-backups"}}) {
                String[] all = new String[args.length + 2];
                all[0] = "--endpoint-url";
                all[1] = sim.endpoint();
                System.arraycopy(args, 0, all, 2, args.length);
                Cli.Result r = Cli.run(all);
                assertThat(r.exit()).as(r.all()).isZero();
            }
            Set<String> called = new TreeSet<>();
            sim.proxy().calls().stream().filter(c -> !c.service().equals("s3")).forEach(c -> called.add(c.iamAction()));
            assertThat(called).hasSizeGreaterThan(40);
            assertThat(called).as("calls not declared in any actions() table").isSubsetOf(Actions.declared());
        } finally {
            System.clearProperty("kpc.timeScale");
        }
    }
}
