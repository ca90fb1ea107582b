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
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DisassociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.DisassociateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * A subnet's association with a route table alone, EC2 faked at the SDK's interface: it has no tags of its own,
 * so it is found through its table (the one state names) and its subnet: an association a killed run made is found
 * and not made twice, another subnet's is not taken for it, a table not visible yet means none; destroy
 * disassociates, and one already gone is no error.
 */
class RouteTableAssociationHandlerTest extends KindTest {

    static final class FakeEc2 extends Ec2Fake {
        final List<RouteTableAssociation> associations = new ArrayList<>();
        boolean tableNotVisible;
        String disassociateError;

        @Override
        public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
            if (tableNotVisible) throw Ec2Fake.error("InvalidRouteTableID.NotFound");
            return DescribeRouteTablesResponse.builder().routeTables(RouteTable.builder().routeTableId("rtb-1").associations(associations).build()).build();
        }

        @Override
        public AssociateRouteTableResponse associateRouteTable(AssociateRouteTableRequest r) {
            calls.add("AssociateRouteTable " + r.routeTableId() + " " + r.subnetId());
            String id = "rtbassoc-" + (associations.size() + 1);
            associations.add(RouteTableAssociation.builder().routeTableAssociationId(id).routeTableId(r.routeTableId()).subnetId(r.subnetId()).build());
            return AssociateRouteTableResponse.builder().associationId(id).build();
        }

        @Override
        public DisassociateRouteTableResponse disassociateRouteTable(DisassociateRouteTableRequest r) {
            calls.add("DisassociateRouteTable " + r.associationId());
            if (disassociateError != null) throw Ec2Fake.error(disassociateError);
            return DisassociateRouteTableResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    static final Spec.RouteTableAssociation SPEC = new Spec.RouteTableAssociation(new Ref("route-table-private"), new Ref("subnet-private-1"));

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        fixture.state.created("route-table-private", "route_table", "rtb-1", Map.of(), Map.of());
        fixture.state.created("subnet-private-1", "subnet", "subnet-a", Map.of(), Map.of());
        return fixture.step("rta-private-1", SPEC);
    }

    @Test
    void madeOnceAndFoundThroughItsTableAndSubnet() {
        ec2.associations.add(RouteTableAssociation.builder().routeTableAssociationId("rtbassoc-other").subnetId("subnet-b").build());
        StepContext ctx = step();
        RouteTableAssociationHandler h = new RouteTableAssociationHandler();
        assertThat(h.observe(ctx, SPEC)).as("another subnet's association is not this one").isEmpty();
        assertThat(h.create(ctx, SPEC).awsId()).isEqualTo("rtbassoc-2");
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("rtbassoc-2");
        assertThat(ec2.calls).containsExactly("AssociateRouteTable rtb-1 subnet-a");
    }

    @Test
    void aTableNotVisibleYetHasNoAssociation() {
        ec2.tableNotVisible = true;
        assertThat(new RouteTableAssociationHandler().observe(step(), SPEC)).isEmpty();
    }

    @Test
    void destroyDisassociatesAndOneAlreadyGoneIsNoError() {
        StepContext ctx = step();
        new RouteTableAssociationHandler().delete(ctx, SPEC, Live.of("rtbassoc-1"));
        ec2.disassociateError = "InvalidAssociationID.NotFound";
        new RouteTableAssociationHandler().delete(ctx, SPEC, Live.of("rtbassoc-1"));
        assertThat(ec2.calls).containsExactly("DisassociateRouteTable rtbassoc-1", "DisassociateRouteTable rtbassoc-1");
        ec2.disassociateError = "UnauthorizedOperation";
        assertThatThrownBy(() -> new RouteTableAssociationHandler().delete(ctx, SPEC, Live.of("rtbassoc-1"))).isInstanceOf(Ec2Exception.class);
    }
}
