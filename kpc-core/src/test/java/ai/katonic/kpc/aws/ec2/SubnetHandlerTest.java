package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ModifySubnetAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifySubnetAttributeResponse;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The subnet kind alone, EC2 faked at the SDK's interface: made in its VPC and zone with kpc's tags and
 * Kubernetes' in the create call (the load balancer controller picks subnets by them), public ones
 * handing out addresses; adopted by tag only from this cluster; a delete EC2 refuses while something
 * is still in the subnet (DependencyViolation) is tried again until it goes, one that is gone succeeds.
 */
class SubnetHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<Subnet> subnets = new ArrayList<>();
        int busyDeletes;

        @Override
        public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
            calls.add("DescribeSubnets" + (r.hasSubnetIds() ? " " + r.subnetIds() : " filters"));
            List<Subnet> found = r.hasSubnetIds() ? subnets.stream().filter(s -> r.subnetIds().contains(s.subnetId())).toList() : subnets;
            return DescribeSubnetsResponse.builder().subnets(found).build();
        }

        @Override
        public CreateSubnetResponse createSubnet(CreateSubnetRequest r) {
            calls.add("CreateSubnet " + r.vpcId() + " " + r.cidrBlock() + " " + r.availabilityZone());
            Subnet s = Subnet.builder().subnetId("subnet-" + (subnets.size() + 1)).vpcId(r.vpcId()).cidrBlock(r.cidrBlock())
                    .availabilityZone(r.availabilityZone()).tags(r.tagSpecifications().get(0).tags()).build();
            subnets.add(s);
            return CreateSubnetResponse.builder().subnet(s).build();
        }

        @Override
        public ModifySubnetAttributeResponse modifySubnetAttribute(ModifySubnetAttributeRequest r) {
            calls.add("ModifySubnetAttribute " + r.subnetId() + " map-public-ip " + r.mapPublicIpOnLaunch().value());
            return ModifySubnetAttributeResponse.builder().build();
        }

        @Override
        public DeleteSubnetResponse deleteSubnet(DeleteSubnetRequest r) {
            calls.add("DeleteSubnet " + r.subnetId());
            if (busyDeletes-- > 0) throw Ec2Fake.error("DependencyViolation");
            if (!subnets.removeIf(s -> s.subnetId().equals(r.subnetId()))) {
                throw Ec2Fake.error("InvalidSubnetID.NotFound");
            }
            return DeleteSubnetResponse.builder().build();
        }
    }

    static final Spec.Subnet PUBLIC = new Spec.Subnet(new Ref("vpc"), "public", "10.0.0.0/24", "us-east-1a", true);

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("vpc", "vpc", "vpc-1", Map.of(), Map.of());
        return fixture.step("subnet-public", PUBLIC);
    }

    static Subnet tagged(String id, String cluster, String resource) {
        return Subnet.builder().subnetId(id).availabilityZone("us-east-1a").cidrBlock("10.0.0.0/24")
                .tags(Ec2Fake.kpcTags(cluster, resource)).build();
    }

    @Test
    void madeInItsVpcAndZoneWithKpcsAndKubernetesTagsAndPublicAddresses() {
        StepContext ctx = step();
        Live made = new SubnetHandler().create(ctx, PUBLIC);
        assertThat(made.outputs()).containsEntry("zone", "us-east-1a").containsEntry("cidr", "10.0.0.0/24");
        assertThat(ec2.calls).containsSubsequence("CreateSubnet vpc-1 10.0.0.0/24 us-east-1a", "ModifySubnetAttribute subnet-1 map-public-ip true");
        assertThat(ec2.subnets.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("subnet-public").build(),
                Tag.builder().key("kubernetes.io/cluster/katonic-prod").value("shared").build(),
                Tag.builder().key("kubernetes.io/role/elb").value("1").build());
    }

    @Test
    void adoptedByTagOnlyFromThisCluster() {
        ec2.subnets.add(tagged("subnet-staging", "staging", "subnet-public"));
        StepContext ctx = step();
        assertThat(new SubnetHandler().observe(ctx, PUBLIC)).isEmpty();
        ec2.subnets.add(tagged("subnet-mine", "katonic-prod", "subnet-public"));
        assertThat(new SubnetHandler().observe(ctx, PUBLIC)).map(Live::awsId).contains("subnet-mine");
    }

    @Test
    void aDeleteRefusedWhileTheSubnetIsInUseIsTriedAgainUntilItGoes() {
        ec2.subnets.add(tagged("subnet-1", "katonic-prod", "subnet-public"));
        ec2.busyDeletes = 3;
        StepContext ctx = step();
        new SubnetHandler().delete(ctx, PUBLIC, Live.of("subnet-1"));
        assertThat(ec2.calls).filteredOn(c -> c.startsWith("DeleteSubnet")).hasSize(4);
        assertThat(ec2.subnets).isEmpty();
        assertThat(fixture.said.toString()).contains("waiting: subnet still has dependencies (DependencyViolation)");

        new SubnetHandler().delete(ctx, PUBLIC, Live.of("subnet-1")); // gone: success
        ec2.busyDeletes = 1_000_000; // never lets go: the ten minutes of AWS time run out
        ec2.subnets.add(tagged("subnet-2", "katonic-prod", "subnet-public"));
        assertThatThrownBy(() -> new SubnetHandler().delete(ctx, PUBLIC, Live.of("subnet-2"))).isInstanceOf(Ec2Exception.class)
                .hasMessageContaining("DependencyViolation");
    }
}
