package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.aws.AwsErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.sim.EksVersionCalendar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * AWS as it is on 2026-12-01 (#13), its accounts and regions: two clusters in one account never touch each other,
 * the example installs in regions other than us-east-1 with state per region, and state of the layout before
 * regions is moved once. (Apart from {@code AwsAsItIsTest} so the two run side by side: each is a few installs.)
 */
@EndToEnd
class AccountsAndRegionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    private static JsonNode state(Path dir, String region, String cluster) throws Exception {
        return JSON.readTree(dir.resolve(".kpc").resolve(region).resolve(cluster).resolve("state.json").toFile());
    }

    @Test
    void twoClustersInOneAccountNeverTouchEachOther() throws Exception {
        Path staging = Moto.config(dir, "staging.yaml", "staging", "us-east-1");
        Path prod = Moto.config(dir, "prod.yaml", "prod", "us-east-1");
        assertThat(moto.kpc("apply", "-f", staging.toString(), "--yes").exit()).isZero();
        Cli.Result p = moto.kpc("apply", "-f", prod.toString(), "--yes");
        assertThat(p.exit()).as(p.all()).isZero();
        assertThat(p.out()).doesNotContain("adopting");

        Ec2Client ec2 = moto.client(Ec2Client.builder());
        IamClient iam = moto.client(IamClient.builder().region(Region.AWS_GLOBAL));
        Map<String, String> prodIds = Map.of(
                "vpc", state(dir, "us-east-1", "prod").at("/resources/vpc/aws_id").asString(),
                "nat", state(dir, "us-east-1", "prod").at("/resources/nat-gateway/aws_id").asString(),
                "oidc", state(dir, "us-east-1", "prod").at("/resources/oidc-provider/aws_id").asString());
        Map<String, String> stagingIds = Map.of(
                "vpc", state(dir, "us-east-1", "staging").at("/resources/vpc/aws_id").asString(),
                "nat", state(dir, "us-east-1", "staging").at("/resources/nat-gateway/aws_id").asString(),
                "oidc", state(dir, "us-east-1", "staging").at("/resources/oidc-provider/aws_id").asString());
        for (String k : List.of("vpc", "nat", "oidc")) assertThat(prodIds.get(k)).as(k).isNotEqualTo(stagingIds.get(k));
        // Each resource carries its own cluster's tag (checked with plain SDK calls).
        assertThat(Moto.tags(ec2.describeNatGateways(b -> b.natGatewayIds(prodIds.get("nat"))).natGateways().get(0).tags()))
                .containsEntry("kpc:cluster", "prod");
        assertThat(iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(prodIds.get("oidc"))).tags())
                .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals("prod"));

        Cli.Result gone = moto.kpc("destroy", "-f", staging.toString(), "--yes", "--delete-backups");
        assertThat(gone.exit()).as(gone.all()).isZero();
        assertThat(ec2.describeVpcs(b -> b.vpcIds(prodIds.get("vpc"))).vpcs()).hasSize(1);
        assertThat(ec2.describeNatGateways(b -> b.natGatewayIds(prodIds.get("nat"))).natGateways().get(0).stateAsString()).isEqualTo("available");
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).extracting(o -> o.arn()).contains(prodIds.get("oidc"))
                .doesNotContain(stagingIds.get("oidc"));
        Cli.Result status = moto.kpc("status", "-f", prod.toString());
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.out()).doesNotContain("missing").doesNotContain("drifted");
    }

    @Test
    void theExampleInstallsInOtherRegionsWithStatePerRegion() throws Exception {
        for (String region : List.of("eu-west-1", "ap-south-1")) {
            // One name in two regions: two state files; bucket names are global, so each region's has its own.
            Path config = Moto.config(dir, region + ".yaml", "world", region);
            Files.writeString(config, Files.readString(config).replace("bucket: world-backups", "bucket: world-backups-" + region));
            Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
            assertThat(r.exit()).as(r.all()).isZero();
            JsonNode state = state(dir, region, "world");
            assertThat(state.get("region").asString()).isEqualTo(region);
            assertThat(state.at("/resources/eks-cluster/outputs/arn").asString()).startsWith("arn:aws:eks:" + region + ":");
            assertThat(state.at("/resources/addon-vpc-cni/status").asString()).isEqualTo("created");
            EksClient eks = EksClient.builder().region(Region.of(region)).endpointOverride(java.net.URI.create(moto.endpoint()))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing"))).build();
            assertThat(eks.listAddons(b -> b.clusterName("world")).addons()).contains("vpc-cni", "coredns", "aws-ebs-csi-driver");
        }
        // The same name's bucket of another region is not taken for this region's backups.
        Path crossed = dir.resolve("crossed.yaml");
        Files.writeString(crossed, Files.readString(dir.resolve("ap-south-1.yaml"))
                .replace("bucket: world-backups-ap-south-1", "bucket: world-backups-eu-west-1"));
        Cli.Result preflight = moto.kpc("preflight", "-f", crossed.toString());
        assertThat(preflight.exit()).as(preflight.all()).isEqualTo(3);
        assertThat(preflight.all()).contains("world-backups-eu-west-1 is this cluster's name's bucket but lies in eu-west-1, not ap-south-1");
    }

    @Test
    void stateOfTheLayoutBeforeRegionsIsMovedOnceAndKeysAreCheckedBeforeUse() throws Exception {
        Path config = Moto.config(dir, "layout");
        Path old = Files.createDirectories(dir.resolve(".kpc/layout"));
        Files.writeString(old.resolve("state.json"), "{\"version\":1,\"cluster_name\":\"layout\",\"region\":\"us-east-1\",\"resources\":{}}");
        Cli.Result r = Cli.run("plan", "-f", config.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).contains("note: moved").contains(".kpc/us-east-1/layout");
        assertThat(dir.resolve(".kpc/us-east-1/layout/state.json")).exists();
        assertThat(Cli.run("plan", "-f", config.toString()).err()).doesNotContain("moved");

        // A private key named as the public one never reaches ImportKeyPair: validation names the file.
        Path key = dir.resolve("id_rsa");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        String yaml = Files.readString(config);
        Files.writeString(config, yaml.replaceFirst("(?m)^(\\s*)# ssh_public_key: .*$", "$1ssh_public_key: id_rsa"));
        Cli.Result v = Cli.run("validate", "-f", config.toString());
        assertThat(v.exit()).as(v.all()).isEqualTo(2);
        assertThat(v.err()).contains("jump_host.ssh_public_key").contains(key.toString()).contains("is a private key")
                .doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
    }
}
