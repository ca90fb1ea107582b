package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The Elastic IP of the NAT gateway. */
public final class ElasticIpHandler implements Handler<Spec.ElasticIp>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.ElasticIp> specType() { return Spec.ElasticIp.class; }

    public List<String> actions() {
        return List.of("ec2:AllocateAddress", "ec2:DescribeAddresses", "ec2:ReleaseAddress");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), aws.ec2().describeAddresses(r -> r.filters(Ec2Tags.cluster(cluster))).addresses(), a -> a.tags(), ElasticIpHandler::live);
    }

    public Optional<Live> observe(StepContext ctx, Spec.ElasticIp spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.Address::tags, id -> ec2.describeAddresses(r -> r.allocationIds(id)).addresses(),
                () -> ec2.describeAddresses(r -> r.filters(Ec2Tags.mine(ctx))).addresses()).map(ElasticIpHandler::live);
    }

    public Live create(StepContext ctx, Spec.ElasticIp spec) {
        var a = ctx.aws().ec2().allocateAddress(r -> r.domain(DomainType.VPC)
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.ELASTIC_IP)));
        ctx.progress("allocated " + a.publicIp());
        return Live.of(a.allocationId(), Map.of("public_ip", a.publicIp()));
    }

    public void delete(StepContext ctx, Spec.ElasticIp spec, Live live) {
        // EC2 frees the address a moment after its NAT gateway is deleted (InvalidIPAddress.InUse until then).
        Ec2Calls.deleteIgnoringNotFound(ctx::progress, ctx.timeScale(), "Elastic IP", () -> ctx.aws().ec2().releaseAddress(r -> r.allocationId(live.awsId())),
                java.util.Set.of("DependencyViolation", "InvalidIPAddress.InUse"), java.time.Duration.ofMinutes(5));
    }

    private static Live live(Address a) {
        return Live.of(a.allocationId(), Map.of("public_ip", a.publicIp()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("elastic_ip", cluster, aws.ec2().describeAddresses(r -> r.filters(Ec2Tags.cluster(cluster))).addresses().stream(),
                x -> x.tags(), x -> x.allocationId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeAddresses");
    }
}
