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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressRequest;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressRequest;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressResponse;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The NAT gateway's Elastic IP alone, EC2 faked at the SDK's interface: allocated in the VPC domain with kpc's
 * tags in the call, adopted by those tags only when the answer carries them; its release waits while EC2 still
 * holds it for a NAT gateway being deleted (InvalidIPAddress.InUse) and gives up when the wait's AWS time is out;
 * an address already released is no error.
 */
class ElasticIpHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<Address> addresses = new ArrayList<>();
        int inUse;

        @Override
        public DescribeAddressesResponse describeAddresses(DescribeAddressesRequest r) {
            // the filter is ignored, as a wrong one would be: the handler must read the tags itself
            List<Address> found = r.hasAllocationIds() ? addresses.stream().filter(a -> r.allocationIds().contains(a.allocationId())).toList() : addresses;
            return DescribeAddressesResponse.builder().addresses(found).build();
        }

        @Override
        public AllocateAddressResponse allocateAddress(AllocateAddressRequest r) {
            calls.add("AllocateAddress " + r.domain());
            String id = "eipalloc-" + (addresses.size() + 1);
            addresses.add(Address.builder().allocationId(id).publicIp("198.51.100." + (addresses.size() + 1)).domain(r.domain())
                    .tags(r.tagSpecifications().get(0).tags()).build());
            return AllocateAddressResponse.builder().allocationId(id).publicIp("198.51.100." + addresses.size()).domain(r.domain()).build();
        }

        @Override
        public ReleaseAddressResponse releaseAddress(ReleaseAddressRequest r) {
            calls.add("ReleaseAddress " + r.allocationId());
            if (inUse-- > 0) throw Ec2Fake.error("InvalidIPAddress.InUse");
            if (!addresses.removeIf(a -> a.allocationId().equals(r.allocationId()))) {
                throw Ec2Fake.error("InvalidAllocationID.NotFound");
            }
            return ReleaseAddressResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;
    static final Spec.ElasticIp NAT = new Spec.ElasticIp("nat");

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        return fixture.step("nat-eip", NAT);
    }

    static Address tagged(String id, String cluster, String resource) {
        return Address.builder().allocationId(id).publicIp("203.0.113.7").tags(Ec2Fake.kpcTags(cluster, resource)).build();
    }

    @Test
    void allocatedInTheVpcTaggedInTheCall() {
        StepContext ctx = step();
        ElasticIpHandler h = new ElasticIpHandler();
        assertThat(h.observe(ctx, NAT)).isEmpty();
        Live made = h.create(ctx, NAT);
        assertThat(made.awsId()).isEqualTo("eipalloc-1");
        assertThat(made.out("public_ip")).isEqualTo("198.51.100.1");
        assertThat(ec2.calls).containsExactly("AllocateAddress " + DomainType.VPC);
        assertThat(ec2.addresses.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("nat-eip").build());
    }

    @Test
    void adoptedByItsTagsOnlyWhenTheAnswerCarriesThem() {
        ec2.addresses.add(tagged("eipalloc-staging", "staging", "nat-eip"));
        StepContext ctx = step();
        ElasticIpHandler h = new ElasticIpHandler();
        assertThat(h.observe(ctx, NAT)).isEmpty();
        ec2.addresses.add(tagged("eipalloc-mine", "katonic-prod", "nat-eip"));
        assertThat(h.observe(ctx, NAT)).map(Live::awsId).contains("eipalloc-mine");
        assertThat(ec2.calls).isEmpty();
    }

    @Test
    void releasedOnceItsNatGatewayLetsGoAndAlreadyReleasedIsNoError() {
        ec2.addresses.add(tagged("eipalloc-1", "katonic-prod", "nat-eip"));
        ec2.inUse = 2;
        StepContext ctx = step();
        new ElasticIpHandler().delete(ctx, NAT, Live.of("eipalloc-1"));
        assertThat(ec2.calls).containsExactly("ReleaseAddress eipalloc-1", "ReleaseAddress eipalloc-1", "ReleaseAddress eipalloc-1");
        assertThat(ec2.addresses).isEmpty();
        assertThat(fixture.said.toString()).contains("InvalidIPAddress.InUse");

        new ElasticIpHandler().delete(ctx, NAT, Live.of("eipalloc-1")); // gone: success
        ec2.inUse = 1_000_000; // never let go: the five minutes of AWS time run out
        ec2.addresses.add(tagged("eipalloc-2", "katonic-prod", "nat-eip"));
        assertThatThrownBy(() -> new ElasticIpHandler().delete(ctx, NAT, Live.of("eipalloc-2"))).isInstanceOf(Ec2Exception.class)
                .hasMessageContaining("InvalidIPAddress.InUse");
    }
}
