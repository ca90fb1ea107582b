package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The NAT gateway in the public subnet. AWS takes one to two minutes either way, so both directions wait. */
public final class NatGatewayHandler implements Handler<Spec.NatGateway>, Handler.BatchObserver, Handler.Inventory {
    static final Duration CREATE = LatencyProfile.typicalCreate(Spec.NatGateway.LATENCY);
    static final Duration DELETE = LatencyProfile.typicalDelete(Spec.NatGateway.LATENCY);

    public Class<Spec.NatGateway> specType() { return Spec.NatGateway.class; }

    public List<String> actions() {
        return List.of("ec2:CreateNatGateway", "ec2:DescribeNatGateways", "ec2:DeleteNatGateway");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), alive(aws.ec2().describeNatGateways(r -> r.filter(Ec2Tags.cluster(cluster))).natGateways()), n -> n.tags(), n -> Live.of(n.natGatewayId()));
    }

    public Optional<Live> observe(StepContext ctx, Spec.NatGateway spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.NatGateway::tags, id -> alive(ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways()),
                () -> alive(ec2.describeNatGateways(r -> r.filter(Ec2Tags.mine(ctx))).natGateways()))
                .map(n -> Live.of(n.natGatewayId()));
    }

    public Live create(StepContext ctx, Spec.NatGateway spec) {
        NatGateway nat = ctx.settle(() -> ctx.aws().ec2().createNatGateway(r -> r.subnetId(ctx.id(spec.subnet()))
                .allocationId(ctx.id(spec.eip())).clientToken(ctx.clientToken())
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.NATGATEWAY)))).natGateway();
        return finish(ctx, spec, Live.of(nat.natGatewayId()));
    }

    public Live finish(StepContext ctx, Spec.NatGateway spec, Live live) {
        Poll.until(ctx, "available", CREATE, () -> {
            NatGateway n = describe(ctx, live.awsId());
            if (n.state() == NatGatewayState.FAILED) {
                throw new ai.katonic.kpc.errors.KpcException.OperationFailed(ctx.resourceId() + ": NAT gateway " + live.awsId()
                        + " failed (" + n.failureCode() + ": " + n.failureMessage() + "); fix the cause, then re-run `kpc apply`"
                        + " (a failed gateway is not adopted: a new one is made)");
            }
            return n.state() == NatGatewayState.AVAILABLE ? Poll.Seen.done("available", n)
                    : Poll.Seen.waiting(String.valueOf(n.state()));
        });
        return live;
    }

    public void delete(StepContext ctx, Spec.NatGateway spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "NAT gateway", () -> ctx.aws().ec2().deleteNatGateway(r -> r.natGatewayId(live.awsId())));
        // Its Elastic IP and subnet can only go once the gateway is fully deleted.
        Poll.untilGone(ctx, DELETE, () -> ctx.aws().ec2().describeNatGateways(r -> r.natGatewayIds(live.awsId()))
                .natGateways().stream().filter(n -> n.state() != NatGatewayState.DELETED).findFirst().map(NatGateway::stateAsString));
    }

    private static NatGateway describe(StepContext ctx, String id) {
        return ctx.aws().ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways().get(0);
    }

    /** Deleted NAT gateways stay visible for an hour; they do not count. */
    private static List<NatGateway> alive(List<NatGateway> ns) {
        return ns.stream().filter(n -> n.state() != NatGatewayState.DELETED && n.state() != NatGatewayState.DELETING
                && n.state() != NatGatewayState.FAILED).toList();
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("nat_gateway", cluster, aws.ec2().describeNatGateways(r -> r.filter(Ec2Tags.cluster(cluster))).natGateways().stream()
                .filter(x -> !java.util.Set.of("deleted", "deleting", "failed").contains(x.stateAsString())),
                x -> x.tags(), x -> x.natGatewayId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeNatGateways");
    }
}
