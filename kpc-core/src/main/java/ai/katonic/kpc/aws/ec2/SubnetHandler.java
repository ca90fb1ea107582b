package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * A subnet, tagged for Kubernetes: {@code kubernetes.io/cluster/<name>} and the load balancer role
 * tag the AWS Load Balancer Controller uses to pick subnets (elb public, internal-elb private).
 */
public final class SubnetHandler implements Handler<Spec.Subnet>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.Subnet> specType() { return Spec.Subnet.class; }

    public List<String> actions() {
        return List.of("ec2:CreateSubnet", "ec2:DescribeSubnets", "ec2:ModifySubnetAttribute", "ec2:DeleteSubnet");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), aws.ec2().describeSubnets(r -> r.filters(Ec2Tags.cluster(cluster))).subnets(), s -> s.tags(), SubnetHandler::live);
    }

    public Optional<Live> observe(StepContext ctx, Spec.Subnet spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.Subnet::tags, id -> ec2.describeSubnets(r -> r.subnetIds(id)).subnets(),
                () -> ec2.describeSubnets(r -> r.filters(Ec2Tags.mine(ctx))).subnets()).map(SubnetHandler::live);
    }

    public Live create(StepContext ctx, Spec.Subnet spec) {
        Map<String, String> k8s = Map.of(
                "Name", spec.name(),
                "kubernetes.io/cluster/" + ctx.clusterName(), "shared",
                spec.isPublic() ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb", "1");
        Subnet s = ctx.settle(() -> ctx.aws().ec2().createSubnet(r -> r.vpcId(ctx.id(spec.vpc())).cidrBlock(spec.cidr())
                .availabilityZone(spec.zone()).tagSpecifications(Ec2Tags.spec(ctx, ResourceType.SUBNET, k8s)))).subnet();
        return finish(ctx, spec, live(s));
    }

    public Live finish(StepContext ctx, Spec.Subnet spec, Live live) {
        if (spec.isPublic()) {
            // The jump host gets a public address without naming one in RunInstances.
            ctx.settle(() -> ctx.aws().ec2().modifySubnetAttribute(r -> r.subnetId(live.awsId())
                    .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build())));
        }
        return live;
    }

    public void delete(StepContext ctx, Spec.Subnet spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "subnet", () -> ctx.aws().ec2().deleteSubnet(r -> r.subnetId(live.awsId())));
    }

    private static Live live(Subnet s) {
        return Live.of(s.subnetId(), Map.of("zone", s.availabilityZone(), "cidr", s.cidrBlock()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("subnet", cluster, aws.ec2().describeSubnets(r -> r.filters(Ec2Tags.cluster(cluster))).subnets().stream(),
                x -> x.tags(), x -> x.subnetId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeSubnets");
    }
}
