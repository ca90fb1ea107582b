package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@EndToEnd
class LockTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void aSecondConcurrentApplyExitsFourAndNamesTheHolder() throws Exception {
        Path config = Moto.config(dir, "locked");
        ProcessBuilder pb = new ProcessBuilder(KpcProcess.command(java.util.List.of(), "--endpoint-url", moto.endpoint(),
                "apply", "-f", config.toString(), "--yes", "--parallelism", "1"));
        pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        pb.redirectErrorStream(true);
        Process first = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.contains("vpc ")) {
                // the first run holds the lock once it prints progress
            }
            Cli.Result second = moto.kpc("apply", "-f", config.toString(), "--yes");
            assertThat(second.exit()).as(second.all()).isEqualTo(4);
            assertThat(second.err()).contains("locked by another run: apply (pid " + first.pid());
            while (in.readLine() != null) {
                // drain so the first run can finish
            }
        }
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(dir.resolve(".kpc/us-east-1/locked/lock")).doesNotExist();
    }

    @Test
    void aLockLeftByAKilledRunIsTakenOver() throws Exception {
        Path config = Moto.config(dir, "stale");
        Path lock = dir.resolve(".kpc/us-east-1/stale/lock");
        Files.createDirectories(lock.getParent());
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(lock, "pid=" + dead.pid() + "\nhost=" + Files.readString(Path.of("/etc/hostname")).strip()
                + "\noperation=apply\nsince=2026-01-01T00:00:00Z\n");
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void sshOpenToTheInternetNeedsItsOwnFlag() throws Exception {
        Path config = Moto.config(dir, "openssh");
        Files.writeString(config, Files.readString(config).replace("allowed_cidrs: [203.0.113.0/24]", "allowed_cidrs: [0.0.0.0/0]"));
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("jump_host.allowed_cidrs opens SSH").contains("--allow-open-ssh");
        var ec2 = moto.client(software.amazon.awssdk.services.ec2.Ec2Client.builder());
        assertThat(ec2.describeVpcs(b -> b.filters(f -> f.name("tag:kpc:cluster").values("openssh"))).vpcs()).isEmpty();
    }

    @Test
    void withoutATerminalApplyNeedsYes() throws Exception {
        Path config = Moto.config(dir, "noyes");
        Cli.Result r = moto.kpc("apply", "-f", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pass --yes");
        var ec2 = moto.client(software.amazon.awssdk.services.ec2.Ec2Client.builder());
        assertThat(ec2.describeVpcs(b -> b.filters(f -> f.name("tag:kpc:cluster").values("noyes"))).vpcs()).isEmpty();
    }
}
