package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;

/** A subnet's association with a route table, found through the table's associations. */
public final class RouteTableAssociationHandler implements Handler<Spec.RouteTableAssociation> {
    public Class<Spec.RouteTableAssociation> specType() { return Spec.RouteTableAssociation.class; }

    public List<String> actions() {
        return List.of("ec2:AssociateRouteTable", "ec2:DescribeRouteTables", "ec2:DisassociateRouteTable");
    }

    public Optional<Live> observe(StepContext ctx, Spec.RouteTableAssociation spec) {
        String table = ctx.id(spec.routeTable());
        String subnet = ctx.id(spec.subnet());
        return ctx.aws().ec2().describeRouteTables(r -> r.routeTableIds(table)).routeTables().stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> subnet.equals(a.subnetId()))
                .findFirst().map(a -> Live.of(a.routeTableAssociationId()));
    }

    public Live create(StepContext ctx, Spec.RouteTableAssociation spec) {
        String id = ctx.aws().ec2().associateRouteTable(r -> r.routeTableId(ctx.id(spec.routeTable()))
                .subnetId(ctx.id(spec.subnet()))).associationId();
        return Live.of(id);
    }

    public void delete(StepContext ctx, Spec.RouteTableAssociation spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "route table association",
                () -> ctx.aws().ec2().disassociateRouteTable(r -> r.associationId(live.awsId())));
    }
}
