package ai.katonic.kpc.cli;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Moto;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Ctrl-C in the middle of an apply, once Helm's library is loaded (it takes the signals for itself
 * unless kpc puts its own handlers back): no new step starts, the line says what to do, exit 130, and
 * the next apply finishes with nothing made twice.
 */
@EndToEnd
class InterruptTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void sigintMidApplyStopsCleanlyWithExit130AndTheNextApplyFinishes() throws Exception {
        Path config = Moto.config(dir, "ctrlc");
        Process p = ai.katonic.kpc.engine.KpcProcess.start(moto, "apply", "-f", config.toString(), "--yes", "--skip-preflight",
                "--parallelism", "2");
        List<String> lines = new ArrayList<>();
        boolean sent = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                // Helm has installed a release: its library is loaded and has set its signal handlers
                if (!sent && line.matches(".*helm-\\S+ +created .*")) {
                    new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
                    sent = true;
                }
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).as("a Helm release was made: %s", lines).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(130);
        assertThat(lines).anyMatch(l -> l.startsWith("interrupt: no new step starts"))
                .anyMatch(l -> l.matches("Interrupted: \\d+ of \\d+ steps done.*not started; state is saved\\. Run `kpc apply` again to finish\\."))
                .noneMatch(l -> l.startsWith("Apply complete"));

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");
        Ec2Client ec2 = moto.client(Ec2Client.builder());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values("ctrlc").build();
        assertThat(ec2.describeVpcs(b -> b.filters(mine)).vpcs()).hasSize(1);
        assertThat(ec2.describeSubnets(b -> b.filters(mine)).subnets()).hasSize(3);
        assertThat(moto.client(EksClient.builder()).listClusters().clusters().stream().filter("ctrlc"::equals)).hasSize(1);
    }
}
