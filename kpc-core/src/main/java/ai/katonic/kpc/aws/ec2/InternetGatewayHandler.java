package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The internet gateway, attached to the VPC (create and attach are two calls; finish() does the second). */
public final class InternetGatewayHandler implements Handler<Spec.InternetGateway>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.InternetGateway> specType() { return Spec.InternetGateway.class; }

    public List<String> actions() {
        return List.of("ec2:CreateInternetGateway", "ec2:DescribeInternetGateways", "ec2:AttachInternetGateway",
                "ec2:DetachInternetGateway", "ec2:DeleteInternetGateway");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), aws.ec2().describeInternetGateways(r -> r.filters(Ec2Tags.cluster(cluster))).internetGateways(), g -> g.tags(), InternetGatewayHandler::live);
    }

    public Optional<Live> observe(StepContext ctx, Spec.InternetGateway spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.InternetGateway::tags, id -> ec2.describeInternetGateways(r -> r.internetGatewayIds(id)).internetGateways(),
                () -> ec2.describeInternetGateways(r -> r.filters(Ec2Tags.mine(ctx))).internetGateways())
                .map(InternetGatewayHandler::live);
    }

    public Live create(StepContext ctx, Spec.InternetGateway spec) {
        InternetGateway igw = ctx.aws().ec2().createInternetGateway(r -> r.tagSpecifications(
                Ec2Tags.spec(ctx, ResourceType.INTERNET_GATEWAY))).internetGateway();
        return finish(ctx, spec, live(igw));
    }

    public Live finish(StepContext ctx, Spec.InternetGateway spec, Live live) {
        String vpc = ctx.id(spec.vpc());
        if (!vpc.equals(live.outputs().get("vpc"))) {
            ctx.settle(() -> ctx.aws().ec2().attachInternetGateway(r -> r.internetGatewayId(live.awsId()).vpcId(vpc)));
        }
        return Live.of(live.awsId(), java.util.Map.of("vpc", vpc));
    }

    public void delete(StepContext ctx, Spec.InternetGateway spec, Live live) {
        Ec2Client ec2 = ctx.aws().ec2();
        String vpc = live.outputs().get("vpc");
        if (vpc != null) {
            try {
                ec2.detachInternetGateway(r -> r.internetGatewayId(live.awsId()).vpcId(vpc));
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e) && !AwsErrors.code(e).equals("Gateway.NotAttached")) throw e;
            }
        }
        Ec2Calls.deleteIgnoringNotFound(ctx, "internet gateway",
                () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(live.awsId())));
    }

    private static Live live(InternetGateway igw) {
        return igw.attachments().stream().findFirst()
                .map(a -> Live.of(igw.internetGatewayId(), java.util.Map.of("vpc", a.vpcId())))
                .orElse(Live.of(igw.internetGatewayId()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("internet_gateway", cluster, aws.ec2().describeInternetGateways(r -> r.filters(Ec2Tags.cluster(cluster))).internetGateways().stream(),
                x -> x.tags(), x -> x.internetGatewayId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeInternetGateways");
    }
}
