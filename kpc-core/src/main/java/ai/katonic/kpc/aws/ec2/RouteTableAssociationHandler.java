package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;

/** A subnet's association with a route table, found through the table's associations. */
public final class RouteTableAssociationHandler implements Handler<Spec.RouteTableAssociation>, Handler.BatchObserver {
    public Class<Spec.RouteTableAssociation> specType() { return Spec.RouteTableAssociation.class; }

    public List<String> actions() {
        return List.of("ec2:AssociateRouteTable", "ec2:DescribeRouteTables", "ec2:DisassociateRouteTable");
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // found through the parents' ids, unknown before the walk when state is lost
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        java.util.Map<String, Live> out = new java.util.HashMap<>();
        for (var r : mine) {
            Spec.RouteTableAssociation spec = (Spec.RouteTableAssociation) r.spec();
            String table = RouteTables.idOf(run, spec.routeTable().id());
            String subnet = RouteTables.idOf(run, spec.subnet().id());
            var t = table == null ? null : RouteTables.find(run, table);
            if (t == null || subnet == null) continue;
            t.associations().stream().filter(a -> subnet.equals(a.subnetId())).findFirst()
                    .ifPresent(a -> out.put(r.id(), Live.of(a.routeTableAssociationId())));
        }
        return out;
    }

    public Optional<Live> observe(StepContext ctx, Spec.RouteTableAssociation spec) {
        String table = ctx.id(spec.routeTable());
        String subnet = ctx.id(spec.subnet());
        try {
            return ctx.aws().ec2().describeRouteTables(r -> r.routeTableIds(table)).routeTables().stream()
                    .flatMap(t -> t.associations().stream())
                    .filter(a -> subnet.equals(a.subnetId()))
                    .findFirst().map(a -> Live.of(a.routeTableAssociationId()));
        } catch (RuntimeException e) {
            // A table this run just made may not show yet: then nothing is associated with it either.
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.RouteTableAssociation spec) {
        String id = ctx.settle(() -> ctx.aws().ec2().associateRouteTable(r -> r.routeTableId(ctx.id(spec.routeTable()))
                .subnetId(ctx.id(spec.subnet())))).associationId();
        return Live.of(id);
    }

    public void delete(StepContext ctx, Spec.RouteTableAssociation spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "route table association",
                () -> ctx.aws().ec2().disassociateRouteTable(r -> r.associationId(live.awsId())));
    }
}
