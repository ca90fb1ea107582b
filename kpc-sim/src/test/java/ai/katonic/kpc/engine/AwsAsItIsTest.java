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
 * AWS as it is on 2026-12-01 (#13), where the simulator used to be kinder than AWS: EKS's version
 * calendar, IAM's policy limits, client tokens that outlive their resources, tag filters moto ignored,
 * (two clusters in one account and other regions: AccountsAndRegionsTest). Each test fails on the kpc before its fix,
 * against the simulator as strict as AWS.
 */
@EndToEnd
class AwsAsItIsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    private static EksVersionCalendar calendar() {
        return moto.proxy().find(EksVersionCalendar.class).orElseThrow();
    }

    private static void today(String date) {
        calendar().clock(Clock.fixed(Instant.parse(date + "T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void realClock() {
        calendar().clock(Clock.systemUTC());
    }

    private static JsonNode state(Path dir, String region, String cluster) throws Exception {
        return JSON.readTree(dir.resolve(".kpc").resolve(region).resolve(cluster).resolve("state.json").toFile());
    }

    @Test
    void theSimulatedEksKeepsAwssCalendar() {
        today("2026-12-01");
        EksClient eks = moto.client(EksClient.builder());
        var offered = eks.describeClusterVersions(b -> { }).clusterVersions();
        assertThat(offered).extracting(v -> v.clusterVersion()).containsExactlyInAnyOrder("1.32", "1.33", "1.34", "1.35");
        assertThat(offered).filteredOn(v -> v.clusterVersion().equals("1.33")).first()
                .satisfies(v -> assertThat(v.versionStatusAsString()).isEqualTo("EXTENDED_SUPPORT"));
        // Past the end of extended support CreateCluster is refused, as EKS refuses it.
        assertThatThrownBy(() -> eks.createCluster(b -> b.name("old").version("1.31").roleArn("arn:aws:iam::123456789012:role/x")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-1"))))
                .hasMessageContaining("unsupported Kubernetes version 1.31");
    }

    @Test
    void iamRefusesPoliciesOverItsLimits() {
        IamClient iam = moto.client(IamClient.builder().region(Region.AWS_GLOBAL));
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + "\"ec2:DescribeVpcs\",".repeat(380)
                + "\"ec2:DescribeVpcs\"],\"Resource\":\"*\"}]}";
        assertThat(big.length()).isGreaterThan(6144);
        assertThatThrownBy(() -> iam.createPolicy(b -> b.policyName("too-big").policyDocument(big)))
                .satisfies(e -> assertThat(AwsErrors.code((RuntimeException) e)).isEqualTo("LimitExceeded"))
                .hasMessageContaining("PolicySize: 6144");
        iam.createUser(b -> b.userName("limits"));
        assertThatThrownBy(() -> iam.putUserPolicy(b -> b.userName("limits").policyName("inline").policyDocument(big)))
                .hasMessageContaining("2048");
        String small = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeVpcs\",\"Resource\":\"*\"}]}";
        for (int i = 1; i <= 10; i++) {
            int n = i;
            String arn = iam.createPolicy(b -> b.policyName("p" + n).policyDocument(small)).policy().arn();
            iam.attachUserPolicy(b -> b.userName("limits").policyArn(arn));
        }
        String eleventh = iam.createPolicy(b -> b.policyName("p11").policyDocument(small)).policy().arn();
        assertThatThrownBy(() -> iam.attachUserPolicy(b -> b.userName("limits").policyArn(eleventh)))
                .hasMessageContaining("PoliciesPerUser: 10");
    }

    @Test
    void clientTokensOutliveTheirResourcesAndTagFiltersHold() {
        Ec2Client ec2 = moto.client(Ec2Client.builder());
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.9.0.0/24")).subnet().subnetId();
        String eipA = ec2.allocateAddress(b -> { }).allocationId();
        String eipB = ec2.allocateAddress(b -> { }).allocationId();
        var tagA = software.amazon.awssdk.services.ec2.model.TagSpecification.builder().resourceType("natgateway")
                .tags(t -> t.key("kpc:cluster").value("tok-a")).build();
        var tagB = software.amazon.awssdk.services.ec2.model.TagSpecification.builder().resourceType("natgateway")
                .tags(t -> t.key("kpc:cluster").value("tok-b")).build();
        String a = ec2.createNatGateway(b -> b.subnetId(subnet).allocationId(eipA).clientToken("tok-1").tagSpecifications(tagA))
                .natGateway().natGatewayId();
        ec2.createNatGateway(b -> b.subnetId(subnet).allocationId(eipB).tagSpecifications(tagB));
        // The same token and parameters: the same gateway, even after it was deleted. Other parameters: refused.
        ec2.deleteNatGateway(b -> b.natGatewayId(a));
        assertThat(ec2.createNatGateway(b -> b.subnetId(subnet).allocationId(eipA).clientToken("tok-1").tagSpecifications(tagA))
                .natGateway().natGatewayId()).isEqualTo(a);
        assertThatThrownBy(() -> ec2.createNatGateway(b -> b.subnetId(subnet).allocationId(eipB).clientToken("tok-1")
                .tagSpecifications(tagA))).satisfies(e -> assertThat(AwsErrors.code((RuntimeException) e)).isEqualTo("IdempotentParameterMismatch"));
        // moto ignores tag filters on DescribeNatGateways; AWS (and the simulator) applies them.
        var found = ec2.describeNatGateways(b -> b.filter(Filter.builder().name("tag:kpc:cluster").values("tok-b").build())).natGateways();
        assertThat(found).isNotEmpty().allSatisfy(n -> assertThat(Moto.tags(n.tags())).containsEntry("kpc:cluster", "tok-b"));
    }

    @Test
    void aVersionLeftOutIsChosenOnceKeptAndChosenAgainAfterADestroyAndReinstallNeverReusesTokens() throws Exception {
        today("2026-12-01");
        Path config = Moto.config(dir, "again");
        Files.writeString(config, Files.readString(config).replaceAll("(?m)^eks_version: .*\\n", ""));
        Cli.Result plan = moto.kpc("plan", "-f", config.toString());
        assertThat(plan.exit()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("EKS version 1.35: the newest EKS version in standard support until 2027-03-27, "
                + "per EKS DescribeClusterVersions in us-east-1");
        Cli.Result first = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains("EKS version 1.35");
        assertThat(state(dir, "us-east-1", "again").get("eks_version").asString()).isEqualTo("1.35");
        String generation = state(dir, "us-east-1", "again").get("generation").asString();
        assertThat(moto.client(EksClient.builder()).describeCluster(b -> b.name("again")).cluster().version()).isEqualTo("1.35");

        // Later, EKS's newest moves (here: the calendar of a day when 1.34 was the newest): the cluster keeps its version.
        today("2026-01-15");
        Cli.Result kept = moto.kpc("plan", "-f", config.toString());
        assertThat(kept.out()).contains("EKS version 1.35: chosen at the first apply and kept in state");
        today("2026-12-01");

        // A new backup.bucket is a replacement: the old bucket is kept with its backups, no longer tagged for the cluster.
        Path moved = dir.resolve("moved.yaml");
        Files.writeString(moved, Files.readString(config).replace("bucket: again-backups", "bucket: again-backups-2"));
        // Destroyed before that apply, the new name would find nothing and the old bucket would be forgotten: refused.
        Cli.Result early = moto.kpc("destroy", "-f", moved.toString(), "--yes", "--delete-backups");
        assertThat(early.exit()).as(early.all()).isEqualTo(2);
        assertThat(early.err()).contains("state records the backup bucket again-backups, the config names again-backups-2");
        Cli.Result replace = moto.kpc("apply", "-f", moved.toString(), "--yes");
        assertThat(replace.exit()).as(replace.all()).isZero();
        assertThat(replace.out()).contains("-/+ backup-bucket: bucket again-backups → again-backups-2 forces replacement; "
                + "the old bucket again-backups is KEPT with its backups");
        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        assertThat(s3.getBucketTagging(b -> b.bucket("again-backups")).tagSet()).noneMatch(t -> t.key().equals("kpc:cluster"));
        assertThat(s3.getBucketTagging(b -> b.bucket("again-backups-2")).tagSet())
                .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals("again"));

        Cli.Result destroy = moto.kpc("destroy", "-f", moved.toString(), "--yes", "--delete-backups");
        assertThat(destroy.exit()).as(destroy.all()).isZero();
        assertThat(state(dir, "us-east-1", "again").has("eks_version")).isFalse();
        assertThat(state(dir, "us-east-1", "again").get("generation").asString()).isNotEqualTo(generation);

        // The same name again: AWS still remembers the first install's tokens (the simulator does too); new ones are used.
        Cli.Result second = moto.kpc("apply", "-f", moved.toString(), "--yes");
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(moto.client(Ec2Client.builder()).describeInstances(b -> b.filters(Filter.builder().name("tag:kpc:cluster")
                .values("again").build())).reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> i.state().nameAsString().equals("running"))).hasSize(1);
        assertThat(moto.kpc("destroy", "-f", moved.toString(), "--yes", "--delete-backups").exit()).isZero();
    }

    @Test
    void preflightNamesVersionsEksNoLongerOffersAndWhatExtendedSupportCosts() throws Exception {
        today("2026-12-01");
        Path config = Moto.config(dir, "versions");
        String yaml = Files.readString(config);
        Files.writeString(config, yaml.replaceAll("(?m)^eks_version: .*$", "eks_version: \"1.31\""));
        Cli.Result gone = moto.kpc("preflight", "-f", config.toString());
        assertThat(gone.exit()).as(gone.all()).isEqualTo(3);
        assertThat(gone.all()).contains("1.31 is not offered by EKS in us-east-1 (offered: 1.32 (extended), 1.33 (extended), 1.34, 1.35)");

        Files.writeString(config, yaml.replaceAll("(?m)^eks_version: .*$", "eks_version: \"1.33\""));
        Cli.Result extended = moto.kpc("preflight", "-f", config.toString());
        assertThat(extended.all()).contains("1.33 is in extended support until 2027-07-29: EKS charges USD 0.6 per cluster-hour "
                + "instead of 0.1, about USD 365 more per month");

        // A minor newer than kpc knows: validation warns; EKS does not offer it and no autoscaler ships for it.
        Files.writeString(config, yaml.replaceAll("(?m)^eks_version: .*$", "eks_version: \"1.36\""));
        assertThat(Cli.run("validate", "-f", config.toString()).err()).contains("warning: eks_version: 1.36 is not in kpc's EKS calendar");
        Cli.Result unknown = moto.kpc("preflight", "-f", config.toString());
        assertThat(unknown.exit()).isEqualTo(3);
        assertThat(unknown.all()).contains("has no cluster-autoscaler chart for Kubernetes 1.36");
    }

    @Test
    void everyMinorEksOffersHasAnAutoscalerPinThatTheRepositoryHas() {
        today("2026-12-01");
        for (var v : moto.client(EksClient.builder()).describeClusterVersions(b -> { }).clusterVersions()) {
            String pin = ai.katonic.kpc.plan.Charts.AUTOSCALER.get(v.clusterVersion());
            assertThat(pin).as("autoscaler pin for " + v.clusterVersion()).isNotNull();
            assertThat(ai.katonic.kpc.helm.ChartSource.newestShipping(ai.katonic.kpc.sim.ChartMirror.url(), "cluster-autoscaler",
                    v.clusterVersion() + ".")).as("a published chart for " + v.clusterVersion()).isPresent();
        }
    }
}
