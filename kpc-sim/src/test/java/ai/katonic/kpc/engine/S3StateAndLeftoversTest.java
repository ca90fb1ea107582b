package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

@EndToEnd
class S3StateAndLeftoversTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void stateInS3IsWrittenAndLockedWithAConditionalWrite() throws Exception {
        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        s3.createBucket(b -> b.bucket("team-kpc-state"));
        Path config = Moto.config(dir, "s3state");
        Files.writeString(config, Files.readString(config).replace("state: {backend: local}",
                "state: {backend: s3, bucket: team-kpc-state}"));

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        String state = s3.getObjectAsBytes(b -> b.bucket("team-kpc-state").key("kpc/s3state/state.json")).asUtf8String();
        assertThat(state).contains("\"eks-cluster\"").contains("\"cluster_name\" : \"s3state\"");
        assertThat(dir.resolve(".kpc/us-east-1/s3state/state.json")).doesNotExist();
        assertThat(s3.listObjectsV2(b -> b.bucket("team-kpc-state")).contents()).extracting(o -> o.key())
                .containsExactly("kpc/s3state/state.json"); // the lock is gone after the run

        s3.putObject(b -> b.bucket("team-kpc-state").key("kpc/s3state/state.json.lock"),
                RequestBody.fromString("operation=apply\npid=4242\nsince=2026-11-25T10:00:00Z\n"));
        Cli.Result locked = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(locked.exit()).isEqualTo(4);
        assertThat(locked.err()).contains("locked by another run (operation=apply pid=4242 since=2026-11-25T10:00:00Z)");

        s3.deleteObject(b -> b.bucket("team-kpc-state").key("kpc/s3state/state.json.lock"));
        Cli.Result again = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(again.out()).contains("No changes");
    }

    @Test
    void destroyFailsWhenSomethingTaggedForTheClusterRemains() throws Exception {
        Path config = Moto.config(dir, "leaky");
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        // Made by hand outside kpc's graph, but tagged as the cluster's: destroy must not claim success.
        Ec2Client ec2 = moto.client(Ec2Client.builder());
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.9.0.0/16").tagSpecifications(t -> t.resourceType("vpc")
                .tags(tag -> tag.key("kpc:cluster").value("leaky")))).vpc().vpcId();

        Cli.Result r = moto.kpc("destroy", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("Still tagged kpc:cluster=leaky in AWS:").contains("vpc " + vpc);
        assertThat(r.err()).contains("1 tagged resources remain");
    }
}
