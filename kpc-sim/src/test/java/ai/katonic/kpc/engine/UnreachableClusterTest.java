package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * A cluster whose Kubernetes API cannot be reached any more (jump host gone, API cut off): destroy
 * stops before the cluster, saying how to go on; with --skip-kubernetes it leaves the in-cluster
 * objects to the cluster's deletion and removes everything in AWS.
 */
@EndToEnd
class UnreachableClusterTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void destroyWithoutTheClustersApiNeedsSkipKubernetesAndThenLeavesNothing() throws Exception {
        Path config = Moto.config(dir, "cutoff");
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        moto.stopKubernetesApi("cutoff");

        Cli.Result stuck = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(stuck.exit()).as(stuck.all()).isEqualTo(1);
        assertThat(stuck.all()).contains("could not reach the cluster's Kubernetes API").contains("kpc destroy --skip-kubernetes")
                .doesNotContain("\tat ");
        EksClient eks = moto.client(EksClient.builder());
        assertThat(eks.listClusters().clusters()).contains("cutoff");

        Cli.Result done = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups", "--skip-kubernetes");
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(done.out()).contains("left to the cluster's deletion (--skip-kubernetes)").contains("Nothing tagged for cutoff remains.");
        assertThat(eks.listClusters().clusters()).doesNotContain("cutoff");
    }
}
