package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.sim.Rules;
import ai.katonic.kpc.sim.SimProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * A step AWS refuses — an instance type it does not offer, refused by the simulator in front of
 * moto the way AWS refuses it — fails the run with its cause, keeps what was made (and the state's
 * copy in the backup bucket), and a corrected config finishes the job.
 */
@EndToEnd
class FailedStepTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void aRefusedStepFailsWithItsCauseAndACorrectedApplyFinishes() throws Exception {
        Ec2Client direct = moto.client(Ec2Client.builder());
        Set<String> offered = direct.describeInstanceTypeOfferingsPaginator(b -> b.build()).instanceTypeOfferings().stream()
                .map(o -> o.instanceTypeAsString()).collect(Collectors.toSet());
        assertThat(offered).contains("t3.medium").doesNotContain("t3.bogus");
        try (SimProxy proxy = new SimProxy(moto.endpoint()).with(Rules.instanceTypesMustExist(offered))) {
            Path config = Moto.config(dir, "failing");
            String good = Files.readString(config);
            Files.writeString(config, good.replace("instance_type: t3.medium", "instance_type: t3.bogus"));

            // Preflight would refuse t3.bogus before anything is made; skip it to see how a failing step is handled.
            Cli.Result r = Cli.run("--endpoint-url", proxy.endpoint(), "apply", "-f", config.toString(), "--yes", "--skip-preflight");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).contains("error: jump-host: Ec2 refused the request with InvalidParameterValue "
                    + "(Invalid value 't3.bogus' for InstanceType.)").contains("correct it in kpc.yaml");
            assertThat(r.out()).contains("Apply FAILED").contains("1 failed");
            String state = Files.readString(dir.resolve(".kpc/us-east-1/failing/state.json"));
            assertThat(state).contains("\"status\" : \"failed\"").contains("t3.bogus");
            assertThat(state).contains("\"eks-cluster\"");
            Filter mine = Filter.builder().name("tag:kpc:cluster").values("failing").build();
            assertThat(direct.describeVpcs(b -> b.filters(mine)).vpcs()).hasSize(1);
            // the failed run's state is copied to the backup bucket too (made in the same run): `kpc state pull` gets it back
            String bucket = java.util.regex.Pattern.compile("State and config copied to s3://([^/]+)/").matcher(r.all()).results()
                    .map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError("no copy of the state said:\n" + r.all()));
            var s3 = moto.client(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kpc/failing/state.json")).asUtf8String()).contains("t3.bogus");

            // status names the failure and its cause, not "missing".
            Cli.Result status = Cli.run("--endpoint-url", proxy.endpoint(), "status", "-f", config.toString());
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).containsPattern("jump-host +instance +- +failed +failed: jump-host: Ec2 refused the request with "
                    + "InvalidParameterValue");
            assertThat(status.out()).doesNotContainPattern("jump-host .* missing");

            Files.writeString(config, good);
            Cli.Result fixed = Cli.run("--endpoint-url", proxy.endpoint(), "apply", "-f", config.toString(), "--yes");
            assertThat(fixed.exit()).as(fixed.all()).isZero();
            assertThat(fixed.out()).contains("1 created").contains("73 unchanged");
            assertThat(direct.describeVpcs(b -> b.filters(mine)).vpcs()).hasSize(1);
            assertThat(direct.describeInstances(b -> b.filters(mine)).reservations()).hasSize(1);
        }
    }
}
