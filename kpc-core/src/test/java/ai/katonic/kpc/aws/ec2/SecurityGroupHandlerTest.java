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
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The security group kind alone, EC2 faked at the SDK's interface: made in its VPC with kpc's tags and its name in
 * the create call, then its inbound rules (CIDRs, or another of the cluster's groups) in one call, each rule saying
 * why; rules an interrupted run already added are no error on the next; adopted only by kpc's tags on the answer;
 * a group already deleted is no error.
 */
class SecurityGroupHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<SecurityGroup> groups = new ArrayList<>();
        final List<IpPermission> rules = new ArrayList<>();
        String authorizeError;
        String deleteError;

        @Override
        public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
            // the filter is ignored, as a wrong one would be: the handler must read the tags itself
            List<SecurityGroup> found = r.hasGroupIds() ? groups.stream().filter(g -> r.groupIds().contains(g.groupId())).toList() : groups;
            return DescribeSecurityGroupsResponse.builder().securityGroups(found).build();
        }

        @Override
        public CreateSecurityGroupResponse createSecurityGroup(CreateSecurityGroupRequest r) {
            calls.add("CreateSecurityGroup " + r.groupName() + " in " + r.vpcId());
            SecurityGroup g = SecurityGroup.builder().groupId("sg-" + (groups.size() + 1)).groupName(r.groupName()).vpcId(r.vpcId())
                    .tags(r.tagSpecifications().get(0).tags()).build();
            groups.add(g);
            return CreateSecurityGroupResponse.builder().groupId(g.groupId()).build();
        }

        @Override
        public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest r) {
            calls.add("AuthorizeSecurityGroupIngress " + r.groupId() + " " + r.ipPermissions().size());
            if (authorizeError != null) throw Ec2Fake.error(authorizeError);
            rules.addAll(r.ipPermissions());
            return AuthorizeSecurityGroupIngressResponse.builder().build();
        }

        @Override
        public DeleteSecurityGroupResponse deleteSecurityGroup(DeleteSecurityGroupRequest r) {
            calls.add("DeleteSecurityGroup " + r.groupId());
            if (deleteError != null) throw Ec2Fake.error(deleteError);
            return DeleteSecurityGroupResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;
    static final Spec.SecurityGroup API = new Spec.SecurityGroup(new Ref("vpc"), "katonic-prod-cluster-api", "EKS private API endpoint",
            List.of(new Spec.Ingress("tcp", 443, 443, List.of(), new Ref("sg-jump-host"), "HTTPS from the jump host"),
                    new Spec.Ingress("tcp", 443, 443, List.of("10.0.0.0/21"), null, "HTTPS from the VPC")));

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("vpc", "vpc", "vpc-1", Map.of(), Map.of());
        fixture.state.created("sg-jump-host", "security_group", "sg-jump", Map.of(), Map.of());
        return fixture.step("sg-cluster-api", API);
    }

    static SecurityGroup tagged(String id, String cluster, String resource) {
        return SecurityGroup.builder().groupId(id).tags(Ec2Fake.kpcTags(cluster, resource)).build();
    }

    @Test
    void madeTaggedInItsVpcThenItsRulesInOneCallEachSayingWhy() {
        StepContext ctx = step();
        SecurityGroupHandler h = new SecurityGroupHandler();
        assertThat(h.observe(ctx, API)).isEmpty();
        assertThat(h.create(ctx, API).awsId()).isEqualTo("sg-1");
        assertThat(ec2.calls).containsExactly("CreateSecurityGroup katonic-prod-cluster-api in vpc-1", "AuthorizeSecurityGroupIngress sg-1 2");
        assertThat(ec2.groups.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("sg-cluster-api").build(), Tag.builder().key("Name").value("katonic-prod-cluster-api").build());
        IpPermission fromJumpHost = ec2.rules.get(0);
        assertThat(fromJumpHost.userIdGroupPairs()).singleElement().satisfies(p -> {
            assertThat(p.groupId()).isEqualTo("sg-jump");
            assertThat(p.description()).isEqualTo("HTTPS from the jump host");
        });
        assertThat(fromJumpHost.ipRanges()).isEmpty();
        assertThat(ec2.rules.get(1).ipRanges()).singleElement().satisfies(r -> {
            assertThat(r.cidrIp()).isEqualTo("10.0.0.0/21");
            assertThat(r.description()).isEqualTo("HTTPS from the VPC");
        });
        assertThat(ec2.rules).allMatch(p -> p.fromPort() == 443 && p.toPort() == 443 && p.ipProtocol().equals("tcp"));
    }

    @Test
    void rulesAnInterruptedRunAddedAreNoErrorOtherRefusalsAre() {
        StepContext ctx = step();
        ec2.authorizeError = "InvalidPermission.Duplicate";
        assertThat(new SecurityGroupHandler().finish(ctx, API, Live.of("sg-1")).awsId()).isEqualTo("sg-1");
        ec2.authorizeError = "InvalidPermission.Malformed"; // (a NotFound would be waited out: a group just made may not show yet)
        assertThatThrownBy(() -> new SecurityGroupHandler().finish(ctx, API, Live.of("sg-1"))).isInstanceOf(Ec2Exception.class);
    }

    @Test
    void adoptedOnlyByKpcsTagsOnTheAnswer() {
        ec2.groups.add(tagged("sg-staging", "staging", "sg-cluster-api"));
        ec2.groups.add(tagged("sg-efs", "katonic-prod", "sg-efs"));
        StepContext ctx = step();
        SecurityGroupHandler h = new SecurityGroupHandler();
        assertThat(h.observe(ctx, API)).isEmpty();
        ec2.groups.add(tagged("sg-mine", "katonic-prod", "sg-cluster-api"));
        assertThat(h.observe(ctx, API)).map(Live::awsId).contains("sg-mine");
        assertThat(ec2.calls).isEmpty();
    }

    @Test
    void aGroupAlreadyDeletedIsNoErrorAndDestroysLastLookNamesOnlyThisClusters() {
        StepContext ctx = step();
        ec2.deleteError = "InvalidGroup.NotFound";
        new SecurityGroupHandler().delete(ctx, API, Live.of("sg-1"));
        ec2.groups.add(tagged("sg-staging", "staging", "sg-efs"));
        ec2.groups.add(tagged("sg-mine", "katonic-prod", "sg-efs"));
        var aws = ai.katonic.kpc.aws.AwsClients.given("us-east-1", Map.of(Ec2Client.class, ec2));
        assertThat(new SecurityGroupHandler().leftovers(aws, "katonic-prod", List.of())).containsExactly("security_group sg-mine");
    }
}
