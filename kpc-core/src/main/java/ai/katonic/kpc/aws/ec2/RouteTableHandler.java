package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/** A route table; its routes and associations are resources of their own so they can run in parallel. */
public final class RouteTableHandler implements Handler<Spec.RouteTable>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.RouteTable> specType() { return Spec.RouteTable.class; }

    public List<String> actions() {
        return List.of("ec2:CreateRouteTable", "ec2:DescribeRouteTables", "ec2:DeleteRouteTable");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.byResource(run.config().clusterName(), RouteTables.ofCluster(run), t -> t.tags(), t -> Live.of(t.routeTableId()));
    }

    public Optional<Live> observe(StepContext ctx, Spec.RouteTable spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.RouteTable::tags, id -> ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables(),
                () -> ec2.describeRouteTables(r -> r.filters(Ec2Tags.mine(ctx))).routeTables())
                .map(t -> Live.of(t.routeTableId()));
    }

    public Live create(StepContext ctx, Spec.RouteTable spec) {
        RouteTable t = ctx.settle(() -> ctx.aws().ec2().createRouteTable(r -> r.vpcId(ctx.id(spec.vpc()))
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.ROUTE_TABLE, Map.of("Name", spec.name()))))).routeTable();
        return Live.of(t.routeTableId());
    }

    public void delete(StepContext ctx, Spec.RouteTable spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "route table", () -> ctx.aws().ec2().deleteRouteTable(r -> r.routeTableId(live.awsId())));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("route_table", cluster, aws.ec2().describeRouteTables(r -> r.filters(Ec2Tags.cluster(cluster))).routeTables().stream(),
                x -> x.tags(), x -> x.routeTableId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeRouteTables");
    }
}
