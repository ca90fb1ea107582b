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
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;

/**
 * The NAT gateway alone, EC2 faked at the SDK's interface: made in the public subnet with the Elastic IP, this
 * install's client token and kpc's tags, then waited for until available; one that fails says EC2's reason; a
 * deleted or failed gateway carrying kpc's tags (EC2 shows them for an hour) is never adopted; destroy waits
 * until it is deleted (its address and subnet can only go then), and one already gone is no error.
 */
class NatGatewayHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<NatGateway> gateways = new ArrayList<>();
        /** How many describes of a gateway answer its transitional state before the final one. */
        int pendingLooks = 2;
        NatGatewayState finalState = NatGatewayState.AVAILABLE;
        String deleteError;

        @Override
        public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
            List<NatGateway> found = r.hasNatGatewayIds() ? gateways.stream().filter(n -> r.natGatewayIds().contains(n.natGatewayId())).toList() : gateways;
            if (r.hasNatGatewayIds() && !found.isEmpty() && pendingLooks-- <= 0) {
                NatGateway n = found.get(0);
                NatGateway settled = n.toBuilder().state(n.state() == NatGatewayState.DELETING ? NatGatewayState.DELETED : finalState)
                        .failureCode(finalState == NatGatewayState.FAILED ? "InsufficientFreeAddressesInSubnet" : null)
                        .failureMessage(finalState == NatGatewayState.FAILED ? "Subnet has insufficient free addresses" : null).build();
                gateways.set(gateways.indexOf(n), settled);
                found = List.of(settled);
            }
            return DescribeNatGatewaysResponse.builder().natGateways(found).build();
        }

        @Override
        public CreateNatGatewayResponse createNatGateway(CreateNatGatewayRequest r) {
            calls.add("CreateNatGateway " + r.subnetId() + " " + r.allocationId() + " token " + (r.clientToken() != null));
            NatGateway n = NatGateway.builder().natGatewayId("nat-" + (gateways.size() + 1)).state(NatGatewayState.PENDING)
                    .tags(r.tagSpecifications().get(0).tags()).build();
            gateways.add(n);
            return CreateNatGatewayResponse.builder().natGateway(n).build();
        }

        @Override
        public DeleteNatGatewayResponse deleteNatGateway(DeleteNatGatewayRequest r) {
            calls.add("DeleteNatGateway " + r.natGatewayId());
            if (deleteError != null) throw Ec2Fake.error(deleteError);
            gateways.replaceAll(n -> n.natGatewayId().equals(r.natGatewayId()) ? n.toBuilder().state(NatGatewayState.DELETING).build() : n);
            pendingLooks = 2;
            return DeleteNatGatewayResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    static final Spec.NatGateway SPEC = new Spec.NatGateway(new Ref("subnet-public"), new Ref("nat-eip"), new Ref("internet-gateway"));

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("subnet-public", "subnet", "subnet-pub", Map.of(), Map.of());
        fixture.state.created("nat-eip", "elastic_ip", "eipalloc-1", Map.of(), Map.of());
        fixture.state.created("internet-gateway", "internet_gateway", "igw-1", Map.of(), Map.of());
        return fixture.step("nat-gateway", SPEC);
    }

    static NatGateway tagged(String id, NatGatewayState state, String cluster) {
        return NatGateway.builder().natGatewayId(id).state(state).tags(Ec2Fake.kpcTags(cluster, "nat-gateway")).build();
    }

    @Test
    void madeWithItsAddressTokenAndTagsThenWaitedForUntilAvailable() {
        StepContext ctx = step();
        NatGatewayHandler h = new NatGatewayHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        assertThat(h.create(ctx, SPEC).awsId()).isEqualTo("nat-1");
        assertThat(ec2.calls).containsExactly("CreateNatGateway subnet-pub eipalloc-1 token true");
        assertThat(ec2.gateways.get(0).state()).isEqualTo(NatGatewayState.AVAILABLE);
        assertThat(ec2.gateways.get(0).tags()).containsAll(Ec2Fake.kpcTags("katonic-prod", "nat-gateway"));
    }

    @Test
    void oneThatFailsSaysEc2sReason() {
        ec2.finalState = NatGatewayState.FAILED;
        StepContext ctx = step();
        assertThatThrownBy(() -> new NatGatewayHandler().create(ctx, SPEC)).isInstanceOf(KpcException.class)
                .hasMessageContaining("InsufficientFreeAddressesInSubnet").hasMessageContaining("re-run `kpc apply`");
    }

    @Test
    void aDeletedOrFailedGatewayWithKpcsTagsIsNeverAdoptedNorAnotherClusters() {
        ec2.gateways.add(tagged("nat-deleted", NatGatewayState.DELETED, "katonic-prod"));
        ec2.gateways.add(tagged("nat-failed", NatGatewayState.FAILED, "katonic-prod"));
        ec2.gateways.add(tagged("nat-staging", NatGatewayState.AVAILABLE, "staging"));
        StepContext ctx = step();
        NatGatewayHandler h = new NatGatewayHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        ec2.gateways.add(tagged("nat-mine", NatGatewayState.AVAILABLE, "katonic-prod"));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("nat-mine");
    }

    @Test
    void destroyWaitsUntilItIsDeletedAndOneAlreadyGoneIsNoError() {
        ec2.gateways.add(tagged("nat-1", NatGatewayState.AVAILABLE, "katonic-prod"));
        StepContext ctx = step();
        new NatGatewayHandler().delete(ctx, SPEC, Live.of("nat-1"));
        assertThat(ec2.gateways.get(0).state()).isEqualTo(NatGatewayState.DELETED);
        ec2.deleteError = "NatGatewayNotFound";
        ec2.gateways.clear();
        new NatGatewayHandler().delete(ctx, SPEC, Live.of("nat-1"));
        assertThat(ec2.calls).containsExactly("DeleteNatGateway nat-1", "DeleteNatGateway nat-1");
    }
}
