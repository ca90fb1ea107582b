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
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteResponse;
import software.amazon.awssdk.services.ec2.model.DeleteRouteRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * A default route alone, EC2 faked at the SDK's interface: routes have no id or tags, so one is found in its table
 * by destination and target; a route to the NAT gateway names it as a NAT gateway (EC2 refuses it as a gateway id),
 * one to the internet gateway as a gateway; the same destination to another target is not this route; destroy
 * deletes it from its table, and one already gone is no error.
 */
class RouteHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<Route> routes = new ArrayList<>();
        boolean routeGone;

        @Override
        public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
            return DescribeRouteTablesResponse.builder().routeTables(RouteTable.builder().routeTableId("rtb-1").routes(routes).build()).build();
        }

        @Override
        public CreateRouteResponse createRoute(CreateRouteRequest r) {
            calls.add("CreateRoute " + r.routeTableId() + " " + r.destinationCidrBlock() + (r.natGatewayId() != null ? " nat " + r.natGatewayId()
                    : " gateway " + r.gatewayId()));
            routes.add(Route.builder().destinationCidrBlock(r.destinationCidrBlock()).natGatewayId(r.natGatewayId()).gatewayId(r.gatewayId()).build());
            return CreateRouteResponse.builder().returnValue(true).build();
        }

        @Override
        public DeleteRouteResponse deleteRoute(DeleteRouteRequest r) {
            calls.add("DeleteRoute " + r.routeTableId() + " " + r.destinationCidrBlock());
            if (routeGone) throw Ec2Fake.error("InvalidRoute.NotFound");
            return DeleteRouteResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    static final Spec.Route PRIVATE = new Spec.Route(new Ref("route-table-private"), "0.0.0.0/0", new Ref("nat-gateway"));
    static final Spec.Route PUBLIC = new Spec.Route(new Ref("route-table-private"), "0.0.0.0/0", new Ref("internet-gateway"));

    StepContext step(String id, Spec.Route spec) {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("route-table-private", "route_table", "rtb-1", Map.of(), Map.of());
        fixture.state.created("nat-gateway", "nat_gateway", "nat-0abc", Map.of(), Map.of());
        fixture.state.created("internet-gateway", "internet_gateway", "igw-0def", Map.of(), Map.of());
        return fixture.step(id, spec);
    }

    @Test
    void toTheNatGatewayAsANatGatewayFoundByDestinationAndTarget() {
        StepContext ctx = step("route-private-default", PRIVATE);
        RouteHandler h = new RouteHandler();
        assertThat(h.observe(ctx, PRIVATE)).isEmpty();
        assertThat(h.create(ctx, PRIVATE).awsId()).isEqualTo("rtb-1/0.0.0.0/0");
        assertThat(ec2.calls).containsExactly("CreateRoute rtb-1 0.0.0.0/0 nat nat-0abc");
        assertThat(h.observe(ctx, PRIVATE)).map(Live::awsId).contains("rtb-1/0.0.0.0/0");
        // the same destination to the internet gateway is another route
        assertThat(h.observe(step("route-public-default", PUBLIC), PUBLIC)).isEmpty();
    }

    @Test
    void toTheInternetGatewayAsAGateway() {
        StepContext ctx = step("route-public-default", PUBLIC);
        new RouteHandler().create(ctx, PUBLIC);
        assertThat(ec2.calls).containsExactly("CreateRoute rtb-1 0.0.0.0/0 gateway igw-0def");
    }

    @Test
    void destroyDeletesItFromItsTableAndOneAlreadyGoneIsNoError() {
        StepContext ctx = step("route-private-default", PRIVATE);
        new RouteHandler().delete(ctx, PRIVATE, Live.of("rtb-1/0.0.0.0/0"));
        ec2.routeGone = true;
        new RouteHandler().delete(ctx, PRIVATE, Live.of("rtb-1/0.0.0.0/0"));
        assertThat(ec2.calls).containsExactly("DeleteRoute rtb-1 0.0.0.0/0", "DeleteRoute rtb-1 0.0.0.0/0");
    }
}
