package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * kill -9 of a real kpc process at several points of an apply, then `kpc apply` again: the run
 * converges and nothing exists twice.
 */
@EndToEnd
class KillAndResumeTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed at ''{1}''")
    @CsvSource({
            "k-vpc,         vpc\\s+created",
            "k-subnets,     subnet-private-2\\s+creating",
            "k-cluster,     eks-cluster\\s+creating arn",
            "k-nodegroups,  nodegroup-\\w+\\s+creating arn",
            "k-efs,         efs-mount-target-\\d\\s+creating"})
    void applyKilledAtAnyPointIsFinishedByTheNextApply(String name, String killAt) throws Exception {
        Path config = Moto.config(dir, name);
        List<String> seen = runAndKill(moto, config, Pattern.compile(killAt));
        assertThat(seen).as("the process reached the kill point").anyMatch(l -> Pattern.compile(killAt).matcher(l).find());

        // Five clusters share this moto, more than its VPC quota allows: preflight would rightly refuse the fifth.
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        Cli.Result again = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(again.out()).contains("No changes");

        Ec2Client ec2 = moto.client(Ec2Client.builder());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values(name).build();
        assertThat(ec2.describeVpcs(b -> b.filters(mine)).vpcs()).hasSize(1);
        assertThat(ec2.describeSubnets(b -> b.filters(mine)).subnets()).hasSize(3);
        assertThat(ec2.describeAddresses(b -> b.filters(mine)).addresses()).hasSize(1);
        assertThat(ec2.describeNatGateways(b -> b.filter(mine)).natGateways().stream()
                .filter(n -> !n.stateAsString().startsWith("delet"))).hasSize(1);
        assertThat(ec2.describeSecurityGroups(b -> b.filters(mine)).securityGroups()).hasSize(4);
        assertThat(ec2.describeInstances(b -> b.filters(mine)).reservations().stream().flatMap(x -> x.instances().stream())
                .filter(i -> !i.state().nameAsString().equals("terminated"))).hasSize(1);
        EksClient eks = moto.client(EksClient.builder());
        assertThat(eks.listClusters().clusters().stream().filter(name::equals)).hasSize(1);
        assertThat(eks.listNodegroups(b -> b.clusterName(name)).nodegroups())
                .containsExactlyInAnyOrder("platform", "compute", "deployment", "vectordb", "gpu");
        EfsClient efs = moto.client(EfsClient.builder());
        var fs = efs.describeFileSystems().fileSystems().stream()
                .filter(f -> f.tags().stream().anyMatch(t -> t.value().equals(name) && t.key().equals("kpc:cluster"))).toList();
        assertThat(fs).hasSize(1);
        assertThat(efs.describeMountTargets(b -> b.fileSystemId(fs.get(0).fileSystemId())).mountTargets()).hasSize(2);
    }

    /**
     * Holds every call of {@code action} back for 5 s, then drops it, while the flag returned is set:
     * the caller is killed meanwhile, so its request never reaches AWS and the kill lands in that gap.
     */
    static java.util.concurrent.atomic.AtomicBoolean holdBack(Moto moto, String action) {
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean(true);
        moto.proxy().with(new ai.katonic.kpc.sim.Behaviour() {
            @Override
            public java.util.Optional<Reply> before(ai.katonic.kpc.sim.AwsCall call) {
                if (!hold.get() || !call.iamAction().equals(action)) return java.util.Optional.empty();
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return java.util.Optional.of(new Reply(500, java.util.Map.of(), new byte[0], true));
            }
        });
        return hold;
    }

    /** Runs `kpc apply` as its own JVM and SIGKILLs it as soon as a progress line matches. */
    static List<String> runAndKill(Moto moto, Path config, Pattern killAt) throws Exception {
        Process p = KpcProcess.start(moto, "apply", "-f", config.toString(), "--yes", "--parallelism", "4", "--skip-preflight");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (killAt.matcher(line).find()) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to tidy up
                    break;
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed, not finished: %s", lines).isEqualTo(137);
        assertThat(lines).noneMatch(l -> l.startsWith("Apply complete"));
        return lines;
    }
}
