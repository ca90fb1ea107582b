package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.LatencyProfile;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * kpc against the simulated cloud: AWS's transitional states and ordering rules, and faults.
 * Time runs a hundred times faster than on AWS (KPC_TIME_SCALE tells kpc's waits so).
 */
@EndToEnd
class SimulatedCloudTest extends OnTheSimulator {
    private <C, B extends AwsClientBuilder<B, C>> C direct(B builder, String endpoint) {
        return Moto.client(endpoint, builder);
    }

    @Test
    void resourcesStayInTheirTransitionalStatesForTheirModeledTime() throws Exception {
        sim = Simulator.start(LatencyProfile.load("realistic", SCALE).withConsistency(0, 0), null, 1);
        EksClient eks = direct(EksClient.builder(), sim.endpoint());
        IamClient iam = direct(IamClient.builder(), sim.endpoint());
        Ec2Client ec2 = direct(Ec2Client.builder(), sim.endpoint());
        String role = iam.createRole(b -> b.roleName("r").assumeRolePolicyDocument("{}")).role().arn();
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        // 600 s of EKS at scale 0.01: CREATING for 6 s of the simulator's time. Each answer is held to the time it came
        // back (ACTIVE no sooner than 6 s after the create was sent) and the time it was asked (CREATING not when asked
        // later than 7.5 s), so a machine that stalls a call for seconds makes no answer wrong.
        long start = System.nanoTime();
        String created = eks.createCluster(b -> b.name("c").roleArn(role).resourcesVpcConfig(v -> v.subnetIds(subnet))).cluster().statusAsString();
        if ((System.nanoTime() - start) / 1e9 < 5.9) assertThat(created).isEqualTo("CREATING");
        // a node group on a cluster not yet ACTIVE is refused (answered later than 6 s, the cluster may be ACTIVE: either is right)
        String nodeGroup;
        try {
            eks.createNodegroup(b -> b.clusterName("c").nodegroupName("n").nodeRole(role).subnets(subnet));
            nodeGroup = "made";
        } catch (AwsServiceException e) {
            nodeGroup = e.awsErrorDetails().errorCode();
        }
        if ((System.nanoTime() - start) / 1e9 < 5.9) assertThat(nodeGroup).isEqualTo("InvalidRequestException");
        double lastCreatingAsked = 0;
        while (true) {
            double asked = (System.nanoTime() - start) / 1e9;
            String status = eks.describeCluster(b -> b.name("c")).cluster().statusAsString();
            double answered = (System.nanoTime() - start) / 1e9;
            if (!status.equals("CREATING")) {
                assertThat(status).isEqualTo("ACTIVE");
                assertThat(answered).as("ACTIVE no sooner than 600 s of EKS at scale 0.01").isGreaterThan(5.9);
                break;
            }
            lastCreatingAsked = asked;
            Thread.sleep(50);
        }
        assertThat(lastCreatingAsked).as("CREATING no longer than 600 s of EKS at scale 0.01 (and a little)").isLessThan(7.5);

        String instance = ec2.runInstances(b -> b.imageId("ami-12c6146b").instanceType("t3.micro").minCount(1).maxCount(1)
                .subnetId(subnet)).instances().get(0).instanceId();
        assertThat(ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0).state().nameAsString())
                .isEqualTo("pending");
        // AWS keeps a subnet while anything in it exists; moto does not check.
        AwsServiceException inUse = org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
                () -> ec2.deleteSubnet(b -> b.subnetId(subnet)));
        assertThat(inUse.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
        AwsServiceException vpcInUse = org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
                () -> ec2.deleteVpc(b -> b.vpcId(vpc)));
        assertThat(vpcInUse.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
    }

    @Test
    void destroyInDependencyOrderNeverMeetsADependencyViolation() throws Exception {
        sim = Simulator.start("realistic", SCALE, null, 2);
        Path config = Moto.config(dir, "ordered");
        assertThat(kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        // Deleting the VPC or a subnet first — the mistake kpc's graph prevents — is refused, as AWS refuses it.
        Ec2Client ec2 = direct(Ec2Client.builder(), sim.endpoint());
        String vpc = ec2.describeVpcs(b -> b.filters(Filter.builder().name("tag:kpc:cluster").values("ordered").build())).vpcs().get(0).vpcId();
        AwsServiceException first = org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
                () -> ec2.deleteVpc(b -> b.vpcId(vpc)));
        assertThat(first.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
        int mark = sim.proxy().answers().size();

        Cli.Result r = kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(r.exit()).as(r.all()).isZero();
        // Had destroy deleted a subnet before its jump host, NAT gateway, endpoint or mount targets were
        // gone (or the VPC before its subnets), the simulator would have answered DependencyViolation.
        List<String> violations = sim.proxy().answers().subList(mark, sim.proxy().answers().size()).stream()
                .filter(a -> Set.of("DependencyViolation", "ResourceInUseException", "FileSystemInUse").contains(a.errorCode()))
                .map(a -> a.call().iamAction()).toList();
        assertThat(violations).isEmpty();
        assertThat(r.out()).contains("waiting for deletion (shutting-down").contains("waiting for deletion (DELETING");
    }

    @Test
    void anElasticIpIsFreedOnlyOnceItsNatGatewayIsDeleted() throws Exception {
        sim = Simulator.start(LatencyProfile.load("realistic", SCALE).withConsistency(0, 0), null, 1);
        Ec2Client ec2 = direct(Ec2Client.builder(), sim.endpoint());
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.0.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String eip = ec2.allocateAddress(b -> b.domain("vpc")).allocationId();
        String nat = ec2.createNatGateway(b -> b.subnetId(subnet).allocationId(eip)).natGateway().natGatewayId();
        AwsServiceException inUse = org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
                () -> ec2.releaseAddress(b -> b.allocationId(eip)));
        assertThat(inUse.awsErrorDetails().errorCode()).isEqualTo("InvalidIPAddress.InUse");
        ec2.deleteNatGateway(b -> b.natGatewayId(nat));
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
                () -> ec2.releaseAddress(b -> b.allocationId(eip))).awsErrorDetails().errorCode()).isEqualTo("InvalidIPAddress.InUse");
        Thread.sleep((long) (60_000 * SCALE) + 200); // NAT gateway deletion: about a minute
        ec2.releaseAddress(b -> b.allocationId(eip));
        assertThat(ec2.describeAddresses().addresses()).noneMatch(a -> eip.equals(a.allocationId()));
    }

    @Test
    void acmValidationRecordsAreTheDomainsAndTheCertificatesOwn() throws Exception {
        sim = Simulator.start(LatencyProfile.instant(), null, 1);
        var acm = direct(software.amazon.awssdk.services.acm.AcmClient.builder(), sim.endpoint());
        java.util.function.Function<String, software.amazon.awssdk.services.acm.model.ResourceRecord> record = domain -> {
            String arn = acm.requestCertificate(b -> b.domainName(domain).validationMethod("DNS")).certificateArn();
            return acm.describeCertificate(b -> b.certificateArn(arn)).certificate().domainValidationOptions().get(0).resourceRecord();
        };
        var staging = record.apply("staging.example.com");
        var prod = record.apply("prod.example.com");
        assertThat(staging.name()).endsWith(".staging.example.com.").startsWith("_");
        assertThat(prod.name()).endsWith(".prod.example.com.");
        assertThat(staging.name().split("\\.")[0]).isNotEqualTo(prod.name().split("\\.")[0]);
        assertThat(staging.value()).isNotEqualTo(prod.value()).endsWith(".acm-validations.aws.");
    }

    @Test
    void applyWaitsOutEventualConsistencyInsteadOfFailing() throws Exception {
        // New EC2 ids invisible for 20 s and new instance profiles refused for 150 s of AWS time (0.2 s and
        // 1.5 s here)
        sim = Simulator.start(LatencyProfile.load("realistic", SCALE).withConsistency(20, 150), null, 3);
        // and at least to the first call naming them, however late it comes (on a busy machine it can be later than 0.2 s)
        sim.proxy().find(EventualConsistency.class).orElseThrow().atLeastOnce();
        Path config = Moto.config(dir, "consistent");
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        List<String> refused = sim.proxy().answers().stream().map(SimProxy.Answered::errorCode).filter(c -> !c.isEmpty()).toList();
        assertThat(refused).contains("InvalidVpcID.NotFound", "InvalidParameterValue");
        assertThat(r.out()).contains("waiting for AWS to see what");
        // One line per state, not one per retry: no resource says the same thing twice in a row.
        java.util.Map<String, String> last = new java.util.HashMap<>();
        r.out().lines().filter(l -> l.startsWith("[")).forEach(l -> {
            String[] parts = l.substring(l.indexOf(']') + 1).trim().split("\\s+", 2);
            if (parts.length < 2) return;
            assertThat(parts[1]).as("repeated by %s", parts[0]).isNotEqualTo(last.put(parts[0], parts[1]));
        });
        assertThat(kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");
    }

    @Test
    void applyAndDestroySurviveThrottlingServerErrorsAndResetsWithoutDuplicatesOrLeftovers() throws Exception {
        sim = Simulator.start("realistic", SCALE, "throttle=0.2,5xx=0.05,reset=0.02", 7);
        Path config = Moto.config(dir, "flaky");
        Cli.Result applied = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(applied.exit()).as(applied.all()).isZero();

        Ec2Client ec2 = direct(Ec2Client.builder(), sim.moto().endpoint());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values("flaky").build();
        assertThat(ec2.describeVpcs(b -> b.filters(mine)).vpcs()).hasSize(1);
        assertThat(ec2.describeSubnets(b -> b.filters(mine)).subnets()).hasSize(3);
        assertThat(ec2.describeAddresses(b -> b.filters(mine)).addresses()).hasSize(1);
        assertThat(ec2.describeNatGateways(b -> b.filter(mine)).natGateways()).hasSize(1);
        assertThat(ec2.describeInstances(b -> b.filters(mine)).reservations()).hasSize(1);
        assertThat(ec2.describeSecurityGroups(b -> b.filters(mine)).securityGroups()).hasSize(4);
        assertThat(direct(EksClient.builder(), sim.moto().endpoint()).listNodegroups(b -> b.clusterName("flaky")).nodegroups()).hasSize(5);

        Cli.Result destroyed = kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(destroyed.exit()).as(destroyed.all()).isZero();
        assertThat(destroyed.out()).contains("Nothing tagged for flaky remains.");

        List<SimProxy.Answered> answers = sim.proxy().answers();
        long faults = sim.faults().injected();
        assertThat(faults).isPositive();
        // Retries stay bounded: the share of faulted calls matches the injected rates (27 %), so
        // nothing retried in a loop, and the whole run stays within a fixed budget of calls.
        assertThat((double) faults / answers.size()).isBetween(0.15, 0.40);
        assertThat(answers.size()).isLessThan(1500);
    }
}
