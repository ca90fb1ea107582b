package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.LatencyProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

/** The APIs the simulator adds where moto has none, used through the real SDK clients as kpc will use them. */
@EndToEnd
class SimulatedApisTest {
    static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(LatencyProfile.load("realistic", 0.01).withConsistency(0, 0), null, 1);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static <C, B extends AwsClientBuilder<B, C>> C client(B builder) {
        return ai.katonic.kpc.engine.Moto.client(sim.endpoint(), builder);
    }

    private static String code(Runnable call) {
        return assertThrows(AwsServiceException.class, call::run).awsErrorDetails().errorCode();
    }

    @Test
    void eksAddOnsHaveTheirLifecycle() throws Exception {
        EksClient eks = client(EksClient.builder());
        String role = client(IamClient.builder()).createRole(b -> b.roleName("addons").assumeRolePolicyDocument("{}")).role().arn();
        Ec2Client ec2 = client(Ec2Client.builder());
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.0.0/24")).subnet().subnetId();
        eks.createCluster(b -> b.name("addons").roleArn(role).resourcesVpcConfig(v -> v.subnetIds(subnet)));

        var created = eks.createAddon(b -> b.clusterName("addons").addonName("vpc-cni").serviceAccountRoleArn(role)
                .configurationValues("{\"enableNetworkPolicy\":\"true\"}")).addon();
        assertThat(created.statusAsString()).isEqualTo("CREATING");
        assertThat(created.addonVersion()).isEqualTo("v1.18.3-eksbuild.1");
        assertThat(code(() -> eks.createAddon(b -> b.clusterName("addons").addonName("vpc-cni")))).isEqualTo("ResourceInUseException");
        assertThat(code(() -> eks.createAddon(b -> b.clusterName("addons").addonName("no-such-addon")))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> eks.listAddons(b -> b.clusterName("nope")))).isEqualTo("ResourceNotFoundException");
        assertThat(eks.listAddons(b -> b.clusterName("addons")).addons()).containsExactly("vpc-cni");
        Thread.sleep(700); // 60 s of AWS time at 0.01
        var active = eks.describeAddon(b -> b.clusterName("addons").addonName("vpc-cni")).addon();
        assertThat(active.statusAsString()).isEqualTo("ACTIVE");
        assertThat(active.serviceAccountRoleArn()).isEqualTo(role);
        assertThat(active.configurationValues()).contains("enableNetworkPolicy");
        assertThat(eks.updateAddon(b -> b.clusterName("addons").addonName("vpc-cni").addonVersion("v1.18.3-eksbuild.1"))
                .update().statusAsString()).isEqualTo("Successful");
        var versions = eks.describeAddonVersions(b -> b.addonName("coredns").kubernetesVersion("1.30")).addons();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).addonVersions().get(0).compatibilities().get(0).clusterVersion()).isEqualTo("1.30");

        assertThat(eks.deleteAddon(b -> b.clusterName("addons").addonName("vpc-cni")).addon().statusAsString()).isEqualTo("DELETING");
        Thread.sleep(400); // 30 s of AWS time
        assertThat(code(() -> eks.describeAddon(b -> b.clusterName("addons").addonName("vpc-cni")))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void serviceQuotasAnswerForTheCodesKpcChecks() {
        ServiceQuotasClient quotas = client(ServiceQuotasClient.builder());
        var q = quotas.getServiceQuota(b -> b.serviceCode("ec2").quotaCode("L-1216C47A")).quota();
        assertThat(q.value()).isEqualTo(1152.0);
        assertThat(q.quotaName()).startsWith("Running On-Demand Standard");
        assertThat(quotas.getAWSDefaultServiceQuota(b -> b.serviceCode("eks").quotaCode("L-6D54EA21")).quota().value()).isEqualTo(30.0);
        assertThat(quotas.listServiceQuotas(b -> b.serviceCode("eks")).quotas()).extracting(x -> x.quotaCode())
                .containsExactlyInAnyOrder("L-1194D53C", "L-6D54EA21");
        assertThat(code(() -> quotas.getServiceQuota(b -> b.serviceCode("ec2").quotaCode("L-NOPE")))).isEqualTo("NoSuchResourceException");
    }
}
