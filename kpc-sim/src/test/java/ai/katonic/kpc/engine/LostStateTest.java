package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The laptop with `.kpc/` is lost: the next apply finds every resource again (by tag, or for the
 * untaggable ones — routes, associations, mount targets — by what they attach to) and creates
 * nothing; destroy then removes everything.
 */
@EndToEnd
class LostStateTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void applyWithoutStateAdoptsEverythingAndCreatesNothing() throws Exception {
        Path config = Moto.config(dir, "lost");
        Cli.Result first = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(first.exit()).as(first.all()).isZero();
        try (var walk = Files.walk(dir.resolve(".kpc"))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }

        Cli.Result again = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(again.exit()).as(again.all()).isZero();
        // Everything in AWS and in the cluster adopted; only kubernetes-api, which is kpc's own record
        // of how it reaches the API (nothing exists for it outside state), is made again, and the
        // ALB's address is read again (and its records printed) rather than adopted.
        assertThat(again.out()).contains("72 adopted, 2 created").containsPattern("kubernetes-api +created direct")
                .containsPattern("ingress-address +created k8s-katonic-");
        Ec2Client ec2 = moto.client(Ec2Client.builder());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values("lost").build();
        var tables = ec2.describeRouteTables(b -> b.filters(mine)).routeTables();
        assertThat(tables).allSatisfy(t -> assertThat(t.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())))
                .hasSize(1));
        assertThat(tables.stream().mapToLong(t -> t.associations().stream().filter(a -> !Boolean.TRUE.equals(a.main())).count()).sum())
                .isEqualTo(3);

        Cli.Result gone = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(gone.exit()).as(gone.all()).isZero();
        assertThat(gone.out()).contains("Nothing tagged for lost remains");
    }
}
