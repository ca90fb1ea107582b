package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.RunContext;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/** The cluster's route tables, described once per run: tables, routes and associations are all read from them. */
final class RouteTables {
    private RouteTables() {}

    static List<RouteTable> ofCluster(RunContext run) {
        return run.memo("ec2:DescribeRouteTables", () -> run.aws().ec2().describeRouteTables(r -> r.filters(
                Ec2Tags.cluster(run.config().clusterName()))).routeTables());
    }

    /** The recorded AWS id of a resource, or null when the run does not know it yet. */
    static String idOf(RunContext run, String resourceId) {
        var live = run.live(resourceId);
        return live == null ? null : live.awsId();
    }

    static RouteTable find(RunContext run, String tableId) {
        return ofCluster(run).stream().filter(t -> t.routeTableId().equals(tableId)).findFirst().orElse(null);
    }
}
