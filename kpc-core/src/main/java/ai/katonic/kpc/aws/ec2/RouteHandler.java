package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Route;

/**
 * A default route. Routes have no id or tags of their own: a route is found in its (tagged) table
 * by destination, and its id in state is {@code <table>/<destination>}.
 */
public final class RouteHandler implements Handler<Spec.Route>, Handler.BatchObserver {
    public Class<Spec.Route> specType() { return Spec.Route.class; }

    public List<String> actions() {
        return List.of("ec2:CreateRoute", "ec2:DescribeRouteTables", "ec2:DeleteRoute");
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // found through the parents' ids, unknown before the walk when state is lost
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        java.util.Map<String, Live> out = new java.util.HashMap<>();
        for (var r : mine) {
            Spec.Route spec = (Spec.Route) r.spec();
            String table = RouteTables.idOf(run, spec.routeTable().id());
            String target = RouteTables.idOf(run, spec.gateway().id());
            var t = table == null ? null : RouteTables.find(run, table);
            if (t == null || target == null) continue; // the step looks for itself
            t.routes().stream().filter(rt -> spec.destination().equals(rt.destinationCidrBlock()) && target.equals(targetOf(rt)))
                    .findFirst().ifPresent(rt -> out.put(r.id(), Live.of(table + "/" + spec.destination())));
        }
        return out;
    }

    public Optional<Live> observe(StepContext ctx, Spec.Route spec) {
        String table = ctx.id(spec.routeTable());
        String target = ctx.id(spec.gateway());
        try {
            return ctx.aws().ec2().describeRouteTables(r -> r.routeTableIds(table)).routeTables().stream()
                    .flatMap(t -> t.routes().stream())
                    .filter(r -> spec.destination().equals(r.destinationCidrBlock()) && target.equals(targetOf(r)))
                    .findFirst().map(r -> Live.of(table + "/" + spec.destination()));
        } catch (RuntimeException e) {
            // A table this run just made may not show yet: then it has no route of ours either.
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.Route spec) {
        String table = ctx.id(spec.routeTable());
        String target = ctx.id(spec.gateway());
        boolean nat = target.startsWith("nat-");
        ctx.settle(() -> ctx.aws().ec2().createRoute(r -> {
            r.routeTableId(table).destinationCidrBlock(spec.destination());
            if (nat) r.natGatewayId(target);
            else r.gatewayId(target);
        }));
        return Live.of(table + "/" + spec.destination());
    }

    public void delete(StepContext ctx, Spec.Route spec, Live live) {
        String table = live.awsId().substring(0, live.awsId().indexOf('/'));
        Ec2Calls.deleteIgnoringNotFound(ctx, "route", () -> ctx.aws().ec2().deleteRoute(r -> r.routeTableId(table)
                .destinationCidrBlock(spec.destination())));
    }

    private static String targetOf(Route r) {
        return r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId();
    }
}
