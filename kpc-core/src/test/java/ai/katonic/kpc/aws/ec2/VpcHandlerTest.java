package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcResponse;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The VPC kind alone, EC2 faked at the SDK's interface (no moto, no network): it is made with kpc's tags
 * in the create call, adopted by those tags, never adopted (nor touched through a state id) when the
 * tags name another cluster — checked on the answer, whatever the filter asked — and a delete of a VPC
 * already gone succeeds.
 */
class VpcHandlerTest extends KindTest {

    /** EC2 as far as the VPC kind calls it: what it was asked, and the VPCs it holds. */
    static final class FakeEc2 extends Ec2Fake {
        final List<Vpc> vpcs = new ArrayList<>();
        Consumer<DeleteVpcRequest> onDelete = r -> { };

        @Override
        public DescribeVpcsResponse describeVpcs(DescribeVpcsRequest r) {
            calls.add("DescribeVpcs" + (r.hasVpcIds() ? " " + r.vpcIds() : "") + (r.hasFilters() ? " filters" : ""));
            List<Vpc> found = r.hasVpcIds() ? vpcs.stream().filter(v -> r.vpcIds().contains(v.vpcId())).toList() : vpcs;
            return DescribeVpcsResponse.builder().vpcs(found).build();
        }

        @Override
        public CreateVpcResponse createVpc(CreateVpcRequest r) {
            calls.add("CreateVpc " + r.cidrBlock());
            Vpc v = Vpc.builder().vpcId("vpc-" + (vpcs.size() + 1)).cidrBlock(r.cidrBlock()).tags(r.tagSpecifications().get(0).tags()).build();
            vpcs.add(v);
            return CreateVpcResponse.builder().vpc(v).build();
        }

        @Override
        public ModifyVpcAttributeResponse modifyVpcAttribute(ModifyVpcAttributeRequest r) {
            calls.add("ModifyVpcAttribute " + (r.enableDnsSupport() != null ? "dns-support" : "dns-hostnames"));
            return ModifyVpcAttributeResponse.builder().build();
        }

        @Override
        public DeleteVpcResponse deleteVpc(DeleteVpcRequest r) {
            calls.add("DeleteVpc " + r.vpcId());
            onDelete.accept(r);
            return DeleteVpcResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        return fixture.step("vpc", new Spec.Vpc("10.0.0.0/21"));
    }

    static Vpc tagged(String id, String cluster, String resource) {
        return Vpc.builder().vpcId(id).tags(Ec2Fake.kpcTags(cluster, resource)).build();
    }

    @Test
    void createsTaggedInTheCreateCallAndTurnsDnsOn() {
        StepContext ctx = step();
        VpcHandler h = new VpcHandler();
        assertThat(h.observe(ctx, new Spec.Vpc("10.0.0.0/21"))).isEmpty();
        Live made = h.create(ctx, new Spec.Vpc("10.0.0.0/21"));
        assertThat(made.awsId()).isEqualTo("vpc-1");
        assertThat(ec2.vpcs.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("vpc").build());
        assertThat(ec2.calls).containsSubsequence("CreateVpc 10.0.0.0/21", "ModifyVpcAttribute dns-support", "ModifyVpcAttribute dns-hostnames");
        assertThat(h.actions()).contains("ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:CreateTags");
    }

    @Test
    void adoptsByItsTagsAndOnlyWhenTheAnswerCarriesThem() {
        // EC2 answers a tag filter with what it holds; here the fake ignores the filter, as a filter
        // that is wrong or not applied would: the handler must look at the tags itself.
        ec2.vpcs.add(tagged("vpc-other", "staging", "vpc"));
        ec2.vpcs.add(tagged("vpc-subnet", "katonic-prod", "subnet-private-1"));
        StepContext ctx = step();
        VpcHandler h = new VpcHandler();
        assertThat(h.observe(ctx, new Spec.Vpc("10.0.0.0/21"))).isEmpty();
        ec2.vpcs.add(tagged("vpc-mine", "katonic-prod", "vpc"));
        assertThat(h.observe(ctx, new Spec.Vpc("10.0.0.0/21"))).map(Live::awsId).contains("vpc-mine");
    }

    @Test
    void aStateIdPointingAtAnotherClustersVpcIsLeftAlone() {
        ec2.vpcs.add(tagged("vpc-staging", "staging", "vpc"));
        StepContext ctx = step();
        fixture.state.created("vpc", "vpc", "vpc-staging", Map.of(), Map.of());
        assertThat(new VpcHandler().observe(ctx, new Spec.Vpc("10.0.0.0/21"))).isEmpty();
        assertThat(fixture.said.toString()).contains("left alone: vpc-staging");
        assertThat(ec2.calls).noneMatch(c -> c.startsWith("DeleteVpc") || c.startsWith("Modify"));
    }

    @Test
    void deletingAVpcAlreadyGoneSucceedsAndOtherErrorsAreNotSwallowed() {
        StepContext ctx = step();
        ec2.onDelete = r -> {
            throw Ec2Fake.error("InvalidVpcID.NotFound");
        };
        new VpcHandler().delete(ctx, new Spec.Vpc("10.0.0.0/21"), Live.of("vpc-1"));
        assertThat(ec2.calls).containsExactly("DeleteVpc vpc-1");

        ec2.onDelete = r -> {
            throw KindFixture.<Ec2Exception>error(Ec2Exception.builder(), 403, "UnauthorizedOperation");
        };
        assertThatThrownBy(() -> new VpcHandler().delete(ctx, new Spec.Vpc("10.0.0.0/21"), Live.of("vpc-1")))
                .isInstanceOf(Ec2Exception.class);
    }

    @Test
    void destroysLastLookListsOnlyThisClustersVpcsWhateverTheFilterLetThrough() {
        ec2.vpcs.add(tagged("vpc-staging", "staging", "vpc"));
        ec2.vpcs.add(tagged("vpc-mine", "katonic-prod", "vpc"));
        step();
        var aws = ai.katonic.kpc.aws.AwsClients.given("us-east-1", Map.of(Ec2Client.class, ec2));
        assertThat(new VpcHandler().leftovers(aws, "katonic-prod", List.of())).containsExactly("vpc vpc-mine");
        assertThat(new VpcHandler().leftoverActions()).isSubsetOf(new VpcHandler().actions());
    }

    @Test
    void theVpcFoundByTagWhenStateLostItIsThisClustersWhateverTheFilterLetThrough() {
        ec2.vpcs.add(tagged("vpc-staging", "staging", "vpc"));
        step();
        var aws = ai.katonic.kpc.aws.AwsClients.given("us-east-1", Map.of(Ec2Client.class, ec2));
        assertThat(VpcHandler.tagged(aws, "katonic-prod")).isEmpty();
        ec2.vpcs.add(tagged("vpc-mine", "katonic-prod", "vpc"));
        assertThat(VpcHandler.tagged(aws, "katonic-prod")).contains("vpc-mine");
    }
}
