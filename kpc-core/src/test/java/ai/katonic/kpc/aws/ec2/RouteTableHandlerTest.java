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
import software.amazon.awssdk.services.ec2.model.CreateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.DeleteRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The route table kind alone, EC2 faked at the SDK's interface: made in its VPC with kpc's tags (and its
 * name) in the create call, adopted by those tags only when the answer carries them, a delete of one
 * already gone is no error, and destroy's last look names only this cluster's.
 */
class RouteTableHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<RouteTable> tables = new ArrayList<>();
        String deleteError;

        @Override
        public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
            // the filter is ignored, as a wrong one would be: the handler must read the tags itself
            List<RouteTable> found = r.hasRouteTableIds() ? tables.stream().filter(t -> r.routeTableIds().contains(t.routeTableId())).toList() : tables;
            return DescribeRouteTablesResponse.builder().routeTables(found).build();
        }

        @Override
        public CreateRouteTableResponse createRouteTable(CreateRouteTableRequest r) {
            calls.add("CreateRouteTable " + r.vpcId());
            RouteTable t = RouteTable.builder().routeTableId("rtb-" + (tables.size() + 1)).vpcId(r.vpcId())
                    .tags(r.tagSpecifications().get(0).tags()).build();
            tables.add(t);
            return CreateRouteTableResponse.builder().routeTable(t).build();
        }

        @Override
        public DeleteRouteTableResponse deleteRouteTable(DeleteRouteTableRequest r) {
            calls.add("DeleteRouteTable " + r.routeTableId());
            if (deleteError != null) throw Ec2Fake.error(deleteError);
            return DeleteRouteTableResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;
    final Spec.RouteTable spec = new Spec.RouteTable(new Ref("vpc"), "katonic-prod-private", false);

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("vpc", "vpc", "vpc-1", Map.of(), Map.of());
        return fixture.step("route-table-private", spec);
    }

    static RouteTable tagged(String id, String cluster, String resource) {
        return RouteTable.builder().routeTableId(id).tags(Ec2Fake.kpcTags(cluster, resource)).build();
    }

    @Test
    void madeInItsVpcTaggedAndNamedInTheCreateCall() {
        StepContext ctx = step();
        RouteTableHandler h = new RouteTableHandler();
        assertThat(h.observe(ctx, spec)).isEmpty();
        assertThat(h.create(ctx, spec).awsId()).isEqualTo("rtb-1");
        assertThat(ec2.calls).containsExactly("CreateRouteTable vpc-1");
        assertThat(ec2.tables.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("route-table-private").build(), Tag.builder().key("Name").value("katonic-prod-private").build());
    }

    @Test
    void adoptedByItsTagsOnlyWhenTheAnswerCarriesThem() {
        ec2.tables.add(tagged("rtb-staging", "staging", "route-table-private"));
        ec2.tables.add(tagged("rtb-public", "katonic-prod", "route-table-public"));
        StepContext ctx = step();
        RouteTableHandler h = new RouteTableHandler();
        assertThat(h.observe(ctx, spec)).isEmpty();
        ec2.tables.add(tagged("rtb-mine", "katonic-prod", "route-table-private"));
        assertThat(h.observe(ctx, spec)).map(Live::awsId).contains("rtb-mine");
        assertThat(ec2.calls).noneMatch(c -> c.startsWith("Create") || c.startsWith("Delete"));
    }

    @Test
    void aTableAlreadyGoneIsDeletedAndOtherErrorsAreNotSwallowed() {
        StepContext ctx = step();
        ec2.deleteError = "InvalidRouteTableID.NotFound";
        new RouteTableHandler().delete(ctx, spec, Live.of("rtb-1"));
        ec2.deleteError = "UnauthorizedOperation";
        assertThatThrownBy(() -> new RouteTableHandler().delete(ctx, spec, Live.of("rtb-1"))).isInstanceOf(Ec2Exception.class);
    }

    @Test
    void destroysLastLookNamesOnlyThisClustersTables() {
        ec2.tables.add(tagged("rtb-staging", "staging", "route-table-private"));
        ec2.tables.add(tagged("rtb-mine", "katonic-prod", "route-table-private"));
        step();
        var aws = ai.katonic.kpc.aws.AwsClients.given("us-east-1", Map.of(Ec2Client.class, ec2));
        RouteTableHandler h = new RouteTableHandler();
        assertThat(h.leftovers(aws, "katonic-prod", List.of())).containsExactly("route_table rtb-mine");
        assertThat(h.leftoverActions()).isSubsetOf(h.actions());
    }
}
