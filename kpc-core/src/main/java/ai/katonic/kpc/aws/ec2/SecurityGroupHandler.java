package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** A security group and its inbound rules (outbound stays AWS's default allow-all). */
public final class SecurityGroupHandler implements Handler<Spec.SecurityGroup>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.SecurityGroup> specType() { return Spec.SecurityGroup.class; }

    public List<String> actions() {
        return List.of("ec2:CreateSecurityGroup", "ec2:DescribeSecurityGroups", "ec2:AuthorizeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), aws.ec2().describeSecurityGroups(r -> r.filters(Ec2Tags.cluster(cluster))).securityGroups(), g -> g.tags(), g -> Live.of(g.groupId()));
    }

    public Optional<Live> observe(StepContext ctx, Spec.SecurityGroup spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.SecurityGroup::tags, id -> ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups(),
                () -> ec2.describeSecurityGroups(r -> r.filters(Ec2Tags.mine(ctx))).securityGroups())
                .map(g -> Live.of(g.groupId()));
    }

    public Live create(StepContext ctx, Spec.SecurityGroup spec) {
        String id = ctx.settle(() -> ctx.aws().ec2().createSecurityGroup(r -> r.groupName(spec.name()).description(spec.description())
                .vpcId(ctx.id(spec.vpc())).tagSpecifications(Ec2Tags.spec(ctx, ResourceType.SECURITY_GROUP,
                        Map.of("Name", spec.name()))))).groupId();
        return finish(ctx, spec, Live.of(id));
    }

    public Live finish(StepContext ctx, Spec.SecurityGroup spec, Live live) {
        if (spec.ingress().isEmpty()) return live;
        List<IpPermission> perms = new ArrayList<>();
        for (Spec.Ingress in : spec.ingress()) {
            IpPermission.Builder p = IpPermission.builder().ipProtocol(in.protocol()).fromPort(in.fromPort()).toPort(in.toPort());
            if (in.fromGroup() != null) {
                p.userIdGroupPairs(UserIdGroupPair.builder().groupId(ctx.id(in.fromGroup())).description(in.why()).build());
            } else {
                p.ipRanges(in.cidrs().stream().map(c -> IpRange.builder().cidrIp(c).description(in.why()).build()).toList());
            }
            perms.add(p.build());
        }
        try {
            ctx.settle(() -> ctx.aws().ec2().authorizeSecurityGroupIngress(r -> r.groupId(live.awsId()).ipPermissions(perms)));
        } catch (RuntimeException e) {
            // Rules added by an interrupted run are already there: that is the state we want.
            if (!AwsErrors.code(e).equals("InvalidPermission.Duplicate")) throw e;
        }
        return live;
    }

    public void delete(StepContext ctx, Spec.SecurityGroup spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "security group", () -> ctx.aws().ec2().deleteSecurityGroup(r -> r.groupId(live.awsId())));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("security_group", cluster, aws.ec2().describeSecurityGroups(r -> r.filters(Ec2Tags.cluster(cluster))).securityGroups().stream(),
                x -> x.tags(), x -> x.groupId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeSecurityGroups");
    }
}
