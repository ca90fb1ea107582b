package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/** S3 (gateway, on the private route table) and EFS (interface, in the private subnets) endpoints. */
public final class VpcEndpointHandler implements Handler<Spec.VpcEndpoint>, Handler.BatchObserver, Handler.Inventory {

    public Class<Spec.VpcEndpoint> specType() { return Spec.VpcEndpoint.class; }

    public List<String> actions() {
        return List.of("ec2:CreateVpcEndpoint", "ec2:DescribeVpcEndpoints", "ec2:DeleteVpcEndpoints");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), alive(aws.ec2().describeVpcEndpoints(r -> r.filters(Ec2Tags.cluster(cluster))).vpcEndpoints()), e -> e.tags(), e -> Live.of(e.vpcEndpointId()));
    }

    public Optional<Live> observe(StepContext ctx, Spec.VpcEndpoint spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.VpcEndpoint::tags, id -> alive(ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(id)).vpcEndpoints()),
                () -> alive(ec2.describeVpcEndpoints(r -> r.filters(Ec2Tags.mine(ctx))).vpcEndpoints()))
                .map(e -> Live.of(e.vpcEndpointId()));
    }

    public Live create(StepContext ctx, Spec.VpcEndpoint spec) {
        String service = "com.amazonaws." + ctx.aws().region() + "." + spec.service();
        boolean gateway = spec.kind().equals("Gateway");
        VpcEndpoint e = ctx.settle(() -> ctx.aws().ec2().createVpcEndpoint(r -> {
            r.vpcId(ctx.id(spec.vpc())).serviceName(service).clientToken(ctx.clientToken())
                    .vpcEndpointType(gateway ? VpcEndpointType.GATEWAY : VpcEndpointType.INTERFACE)
                    .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.VPC_ENDPOINT));
            if (gateway) {
                r.routeTableIds(ids(ctx, spec.routeTables()));
            } else {
                r.subnetIds(ids(ctx, spec.subnets())).securityGroupIds(ids(ctx, spec.securityGroups())).privateDnsEnabled(true);
            }
        })).vpcEndpoint();
        return finish(ctx, spec, Live.of(e.vpcEndpointId()));
    }

    public Live finish(StepContext ctx, Spec.VpcEndpoint spec, Live live) {
        Poll.until(ctx, "available", LatencyProfile.typicalCreate(spec.latencyKind()), () -> {
            VpcEndpoint e = ctx.aws().ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(live.awsId())).vpcEndpoints().get(0);
            String state = String.valueOf(e.stateAsString()).toLowerCase(Locale.ROOT);
            if (state.equals("failed")) {
                throw new ai.katonic.kpc.errors.KpcException.OperationFailed(ctx.resourceId() + ": VPC endpoint " + live.awsId()
                        + " failed (com.amazonaws." + ctx.aws().region() + "." + spec.service() + "); delete it and re-run `kpc apply`");
            }
            return state.equals("available") ? Poll.Seen.done(state, e) : Poll.Seen.waiting(state);
        });
        return live;
    }

    public void delete(StepContext ctx, Spec.VpcEndpoint spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "VPC endpoint",
                () -> ctx.aws().ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(live.awsId())));
        // An interface endpoint's ENIs hold its subnets and security group until it is gone.
        Poll.untilGone(ctx, LatencyProfile.typicalDelete(spec.latencyKind()),
                () -> ctx.aws().ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(live.awsId())).vpcEndpoints().stream()
                        .filter(e -> !GONE.contains(String.valueOf(e.stateAsString()).toLowerCase(Locale.ROOT)))
                        .findFirst().map(VpcEndpoint::stateAsString));
    }

    private static List<String> ids(StepContext ctx, List<Ref> refs) {
        return refs.stream().map(ctx::id).toList();
    }

    /** States after which an endpoint no longer holds its subnets. */
    private static final List<String> GONE = List.of("deleted", "rejected", "failed", "expired");

    /** Endpoints that count as existing for adoption (one being deleted does not). */
    private static List<VpcEndpoint> alive(List<VpcEndpoint> es) {
        return es.stream().filter(e -> {
            String s = String.valueOf(e.stateAsString()).toLowerCase(Locale.ROOT);
            return !GONE.contains(s) && !s.equals("deleting");
        }).toList();
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("vpc_endpoint", cluster, aws.ec2().describeVpcEndpoints(r -> r.filters(Ec2Tags.cluster(cluster))).vpcEndpoints().stream()
                .filter(x -> !java.util.Set.of("deleted", "deleting", "rejected", "failed").contains(x.stateAsString().toLowerCase(java.util.Locale.ROOT))),
                x -> x.tags(), x -> x.vpcEndpointId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeVpcEndpoints");
    }
}
