package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

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
import software.amazon.awssdk.services.ec2.model.AttachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.AttachInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.CreateInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DeleteInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DeleteInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DetachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DetachInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The internet gateway kind alone, EC2 faked at the SDK's interface. Made and attached in two calls, so a run
 * killed between them leaves a tagged, unattached gateway: the next run finds it by its tags and attaches it,
 * and one already attached is not attached again. Destroy detaches before it deletes; a gateway already
 * detached or gone is no error.
 */
class InternetGatewayHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<InternetGateway> gateways = new ArrayList<>();
        String detachError;
        String deleteError;

        @Override
        public DescribeInternetGatewaysResponse describeInternetGateways(DescribeInternetGatewaysRequest r) {
            List<InternetGateway> found = r.hasInternetGatewayIds()
                    ? gateways.stream().filter(g -> r.internetGatewayIds().contains(g.internetGatewayId())).toList() : gateways;
            return DescribeInternetGatewaysResponse.builder().internetGateways(found).build();
        }

        @Override
        public CreateInternetGatewayResponse createInternetGateway(CreateInternetGatewayRequest r) {
            calls.add("CreateInternetGateway");
            InternetGateway g = InternetGateway.builder().internetGatewayId("igw-" + (gateways.size() + 1))
                    .tags(r.tagSpecifications().get(0).tags()).build();
            gateways.add(g);
            return CreateInternetGatewayResponse.builder().internetGateway(g).build();
        }

        @Override
        public AttachInternetGatewayResponse attachInternetGateway(AttachInternetGatewayRequest r) {
            calls.add("AttachInternetGateway " + r.internetGatewayId() + " " + r.vpcId());
            return AttachInternetGatewayResponse.builder().build();
        }

        @Override
        public DetachInternetGatewayResponse detachInternetGateway(DetachInternetGatewayRequest r) {
            calls.add("DetachInternetGateway " + r.internetGatewayId() + " " + r.vpcId());
            if (detachError != null) throw Ec2Fake.error(detachError);
            return DetachInternetGatewayResponse.builder().build();
        }

        @Override
        public DeleteInternetGatewayResponse deleteInternetGateway(DeleteInternetGatewayRequest r) {
            calls.add("DeleteInternetGateway " + r.internetGatewayId());
            if (deleteError != null) throw Ec2Fake.error(deleteError);
            return DeleteInternetGatewayResponse.builder().build();
        }
    }

    static final Spec.InternetGateway SPEC = new Spec.InternetGateway(new Ref("vpc"));

    final FakeEc2 ec2 = new FakeEc2();

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("vpc", "vpc", "vpc-1", Map.of(), Map.of());
        return fixture.step("internet-gateway", SPEC);
    }

    static InternetGateway ours(String id, String attachedTo) {
        InternetGateway.Builder b = InternetGateway.builder().internetGatewayId(id).tags(
                Tag.builder().key("kpc:cluster").value("katonic-prod").build(), Tag.builder().key("kpc:resource").value("internet-gateway").build());
        if (attachedTo != null) b.attachments(InternetGatewayAttachment.builder().vpcId(attachedTo).build());
        return b.build();
    }

    @Test
    void madeTaggedThenAttachedToItsVpc() {
        StepContext ctx = step();
        Live made = new InternetGatewayHandler().create(ctx, SPEC);
        assertThat(made.outputs()).containsEntry("vpc", "vpc-1");
        assertThat(ec2.calls).containsExactly("CreateInternetGateway", "AttachInternetGateway igw-1 vpc-1");
        assertThat(ec2.gateways.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build());
    }

    @Test
    void aGatewayAKilledRunLeftUnattachedIsAttachedAndAnAttachedOneIsLeftAsItIs() {
        ec2.gateways.add(ours("igw-left", null));
        StepContext ctx = step();
        InternetGatewayHandler h = new InternetGatewayHandler();
        Live found = h.observe(ctx, SPEC).orElseThrow();
        h.finish(ctx, SPEC, found);
        assertThat(ec2.calls).containsExactly("AttachInternetGateway igw-left vpc-1");

        ec2.calls.clear();
        ec2.gateways.set(0, ours("igw-left", "vpc-1"));
        h.finish(ctx, SPEC, h.observe(ctx, SPEC).orElseThrow());
        assertThat(ec2.calls).isEmpty();
    }

    @Test
    void detachedBeforeDeletedAndNeitherADetachedNorAGoneGatewayIsAnError() {
        StepContext ctx = step();
        InternetGatewayHandler h = new InternetGatewayHandler();
        h.delete(ctx, SPEC, Live.of("igw-1", Map.of("vpc", "vpc-1")));
        assertThat(ec2.calls).containsExactly("DetachInternetGateway igw-1 vpc-1", "DeleteInternetGateway igw-1");

        ec2.detachError = "Gateway.NotAttached";
        ec2.deleteError = "InvalidInternetGatewayID.NotFound";
        h.delete(ctx, SPEC, Live.of("igw-1", Map.of("vpc", "vpc-1")));
        assertThat(ec2.calls).hasSize(4);
    }
}
