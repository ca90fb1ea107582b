package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The VPC, with DNS support and DNS hostnames on (EKS private endpoints need both). */
public final class VpcHandler implements Handler<Spec.Vpc>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.Vpc> specType() { return Spec.Vpc.class; }

    public List<String> actions() {
        return List.of("ec2:CreateVpc", "ec2:DescribeVpcs", "ec2:ModifyVpcAttribute", "ec2:DeleteVpc", "ec2:CreateTags");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), aws.ec2().describeVpcs(r -> r.filters(Ec2Tags.cluster(cluster))).vpcs(), v -> v.tags(), v -> Live.of(v.vpcId()));
    }

    public Optional<Live> observe(StepContext ctx, Spec.Vpc spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.Vpc::tags, id -> ec2.describeVpcs(r -> r.vpcIds(id)).vpcs(),
                () -> ec2.describeVpcs(r -> r.filters(Ec2Tags.mine(ctx))).vpcs()).map(v -> Live.of(v.vpcId()));
    }

    public Live create(StepContext ctx, Spec.Vpc spec) {
        Vpc vpc = ctx.aws().ec2().createVpc(r -> r.cidrBlock(spec.cidr())
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.VPC))).vpc();
        return finish(ctx, spec, Live.of(vpc.vpcId()));
    }

    public Live finish(StepContext ctx, Spec.Vpc spec, Live live) {
        // One attribute per call: that is how the API is shaped.
        Ec2Client ec2 = ctx.aws().ec2();
        ctx.settle(() -> ec2.modifyVpcAttribute(r -> r.vpcId(live.awsId()).enableDnsSupport(AttributeBooleanValue.builder().value(true).build())));
        ctx.settle(() -> ec2.modifyVpcAttribute(r -> r.vpcId(live.awsId()).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build())));
        return live;
    }

    public void delete(StepContext ctx, Spec.Vpc spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "VPC", () -> ctx.aws().ec2().deleteVpc(r -> r.vpcId(live.awsId())));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("vpc", cluster, aws.ec2().describeVpcs(r -> r.filters(Ec2Tags.cluster(cluster))).vpcs().stream(),
                x -> x.tags(), x -> x.vpcId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeVpcs");
    }

    /** The cluster's VPC when state has lost it: the one carrying the cluster's tag (checked on the answer), if any. */
    public static Optional<String> tagged(ai.katonic.kpc.aws.AwsClients aws, String cluster) {
        return aws.ec2().describeVpcs(r -> r.filters(Ec2Tags.cluster(cluster))).vpcs().stream()
                .filter(v -> Ec2Tags.isCluster(cluster, v.tags())).map(v -> v.vpcId()).findFirst();
    }
}
