package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointResponse;
import software.amazon.awssdk.services.ec2.model.DeleteVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.State;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The S3 (gateway) and EFS (interface) endpoints alone, EC2 faked at the SDK's interface: made with this install's
 * client token and kpc's tags, on the private route table or in the private subnets with private DNS; waited for
 * until available, a failed one an error; adopted only with this cluster's tags on the answer (the fake ignores
 * filters); deleted, and waited for until gone (an interface endpoint's ENIs hold its subnets).
 */
class VpcEndpointHandlerTest extends KindTest {

    /** EC2's endpoints: pending → {@code settlesTo} on the next look, deleting → deleted (then gone). */
    static final class FakeEc2 extends Ec2Fake {
        final List<VpcEndpoint> endpoints = new ArrayList<>();
        State settlesTo = State.AVAILABLE;

        @Override
        public DescribeVpcEndpointsResponse describeVpcEndpoints(DescribeVpcEndpointsRequest r) {
            List<VpcEndpoint> seen = endpoints.stream().filter(e -> !r.hasVpcEndpointIds() || r.vpcEndpointIds().contains(e.vpcEndpointId())).toList();
            endpoints.removeIf(e -> e.state() == State.DELETED);
            endpoints.replaceAll(e -> e.state() == State.PENDING ? e.toBuilder().state(settlesTo).build()
                    : e.state() == State.DELETING ? e.toBuilder().state(State.DELETED).build() : e);
            return DescribeVpcEndpointsResponse.builder().vpcEndpoints(seen).build();
        }

        @Override
        public CreateVpcEndpointResponse createVpcEndpoint(CreateVpcEndpointRequest r) {
            calls.add("CreateVpcEndpoint " + r.vpcEndpointTypeAsString() + " " + r.serviceName() + " route tables " + r.routeTableIds()
                    + " subnets " + r.subnetIds() + " groups " + r.securityGroupIds() + " private DNS " + r.privateDnsEnabled());
            VpcEndpoint e = VpcEndpoint.builder().vpcEndpointId("vpce-" + (endpoints.size() + 1)).state(State.PENDING)
                    .tags(r.tagSpecifications().get(0).tags()).build();
            endpoints.add(e);
            calls.add("token " + r.clientToken());
            return CreateVpcEndpointResponse.builder().vpcEndpoint(e).build();
        }

        @Override
        public DeleteVpcEndpointsResponse deleteVpcEndpoints(DeleteVpcEndpointsRequest r) {
            calls.add("DeleteVpcEndpoints " + r.vpcEndpointIds());
            endpoints.replaceAll(e -> r.vpcEndpointIds().contains(e.vpcEndpointId()) ? e.toBuilder().state(State.DELETING).build() : e);
            return DeleteVpcEndpointsResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    final VpcEndpointHandler h = new VpcEndpointHandler();
    KindFixture fixture;
    static final Spec.VpcEndpoint S3 = new Spec.VpcEndpoint(new Ref("vpc"), "s3", "Gateway", List.of(new Ref("route-table-private")),
            List.of(), List.of());
    static final Spec.VpcEndpoint EFS = new Spec.VpcEndpoint(new Ref("vpc"), "elasticfilesystem", "Interface", List.of(),
            List.of(new Ref("subnet-private-a"), new Ref("subnet-private-b")), List.of(new Ref("sg-endpoints")));

    StepContext step(String id, Spec.VpcEndpoint spec) {
        fixture = new KindFixture(dir, "eu-west-2", Map.of(Ec2Client.class, ec2));
        for (String[] r : new String[][] {{"vpc", "vpc", "vpc-1"}, {"route-table-private", "route_table", "rtb-1"},
                {"subnet-private-a", "subnet", "subnet-a"}, {"subnet-private-b", "subnet", "subnet-b"}, {"sg-endpoints", "security_group", "sg-1"}}) {
            fixture.state.created(r[0], r[1], r[2], Map.of(), Map.of());
        }
        return fixture.step(id, spec);
    }

    @Test
    void theGatewayOnThePrivateRouteTableTheInterfaceInThePrivateSubnetsBothWithTheInstallsToken() {
        StepContext s3 = step("vpc-endpoint-s3", S3);
        assertThat(h.create(s3, S3).awsId()).isEqualTo("vpce-1");
        StepContext efs = fixture.step("vpc-endpoint-efs", EFS);
        assertThat(h.create(efs, EFS).awsId()).isEqualTo("vpce-2");
        assertThat(ec2.calls).containsExactly(
                "CreateVpcEndpoint Gateway com.amazonaws.eu-west-2.s3 route tables [rtb-1] subnets [] groups [] private DNS null",
                "token " + s3.clientToken(),
                "CreateVpcEndpoint Interface com.amazonaws.eu-west-2.elasticfilesystem route tables [] subnets [subnet-a, subnet-b] groups [sg-1] private DNS true",
                "token " + efs.clientToken());
        assertThat(ec2.endpoints).allMatch(e -> e.state() == State.AVAILABLE);
        assertThat(ec2.endpoints.get(0).tags()).containsAll(Ec2Fake.kpcTags("katonic-prod", "vpc-endpoint-s3"));
    }

    @Test
    void aFailedEndpointIsAnErrorNamingIt() {
        ec2.settlesTo = State.FAILED;
        StepContext ctx = step("vpc-endpoint-s3", S3);
        assertThatThrownBy(() -> h.create(ctx, S3)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("vpce-1").hasMessageContaining("failed");
    }

    @Test
    void adoptedOnlyWithThisClustersTagsOnTheAnswer() {
        ec2.endpoints.add(VpcEndpoint.builder().vpcEndpointId("vpce-staging").state(State.AVAILABLE)
                .tags(Ec2Fake.kpcTags("staging", "vpc-endpoint-s3")).build());
        StepContext ctx = step("vpc-endpoint-s3", S3);
        assertThat(h.observe(ctx, S3)).isEmpty();
        ec2.endpoints.add(VpcEndpoint.builder().vpcEndpointId("vpce-mine").state(State.AVAILABLE)
                .tags(Ec2Fake.kpcTags("katonic-prod", "vpc-endpoint-s3")).build());
        assertThat(h.observe(ctx, S3)).map(Live::awsId).contains("vpce-mine");
    }

    @Test
    void deletedAndWaitedForUntilGone() {
        ec2.endpoints.add(VpcEndpoint.builder().vpcEndpointId("vpce-1").state(State.AVAILABLE).tags(Ec2Fake.kpcTags("katonic-prod", "vpc-endpoint-efs")).build());
        StepContext ctx = step("vpc-endpoint-efs", EFS);
        h.delete(ctx, EFS, Live.of("vpce-1"));
        assertThat(ec2.calls).containsExactly("DeleteVpcEndpoints [vpce-1]");
        assertThat(ec2.endpoints).isEmpty();
    }
}
