package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What AWS users fear most: answers lost after AWS acted, and heavy throttling. Every create kpc
 * makes has its first answer lost once; then a storm of throttling, 5xx and resets at rates that
 * used to exhaust the SDK's ten attempts about once per apply. Each converges in one apply and one
 * destroy, and the account holds exactly what state records: nothing made twice, nothing left.
 */
@EndToEnd
class FaultStormTest extends OnTheSimulator {
    /** Applies, checks the account against state, applies again (no changes), destroys, checks nothing is left. */
    private String convergesWithNothingTwice(String cluster) throws Exception {
        Path config = Moto.config(dir, cluster);
        Cli.Result applied = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(applied.exit()).as(applied.all()).isZero();

        Map<String, Integer> aws = Census.inAws(sim.endpoint(), cluster);
        Map<String, Integer> state = Census.inState(dir, "us-east-1", cluster, aws.keySet());
        assertThat(aws).as("what the account holds, per kind, against what state records").isEqualTo(state);
        assertThat(aws.get("vpc")).isEqualTo(1);
        assertThat(aws.get("eks_node_group")).isEqualTo(5);

        Cli.Result again = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("No changes");

        Cli.Result destroyed = kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(destroyed.exit()).as(destroyed.all()).isZero();
        assertThat(destroyed.out()).contains("Nothing tagged for " + cluster + " remains.");
        assertThat(Census.inAws(sim.endpoint(), cluster).values()).as(Census.inAws(sim.endpoint(), cluster).toString())
                .allMatch(n -> n == 0);
        return applied.out() + destroyed.out();
    }

    @Test
    void everyCreateWhoseAnswerIsLostIsMadeOnce() throws Exception {
        sim = Simulator.start("realistic", SCALE, "lost=first", 5);
        convergesWithNothingTwice("lost");

        // Every kind of create kpc made (each action that AWS answered at least once) had an answer lost.
        Set<String> made = sim.proxy().answers().stream().filter(a -> Faults.makes(a.call()) && Faults.changes(a.call()))
                .filter(a -> a.status() >= 200 && a.status() < 300 || a.errorCode().equals("AnswerLost"))
                .map(a -> a.call().iamAction()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(sim.faults().lostAnswers())).isEqualTo(made);
        assertThat(made).contains("ec2:CreateVpc", "ec2:CreateSubnet", "ec2:AllocateAddress", "ec2:CreateSecurityGroup",
                "ec2:CreateNatGateway", "ec2:RunInstances", "kms:CreateKey", "iam:CreateRole", "eks:CreateCluster",
                "eks:CreateNodegroup", "elasticfilesystem:CreateFileSystem", "elasticfilesystem:CreateAccessPoint",
                "acm:RequestCertificate");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void aStormOfThrottlingErrorsAndResetsConvergesInOneApplyAndOneDestroy(long seed) throws Exception {
        sim = Simulator.start("realistic", SCALE, "throttle=0.4,5xx=0.1,reset=0.05", seed);
        String out = convergesWithNothingTwice("storm" + seed);
        // Long retries are said on the step's line, not left as silent gaps.
        assertThat(out).containsPattern("\\] [a-z0-9-]+ +throttled by [A-Z0-9]+ \\([A-Za-z]+\\), retry \\d+ of 29 in ");
        long faults = sim.faults().injected();
        assertThat((double) faults / sim.proxy().answers().size()).isBetween(0.4, 0.7);
    }
}
