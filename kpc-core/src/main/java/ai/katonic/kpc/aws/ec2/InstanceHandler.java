package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The jump host: Amazon Linux from the public SSM parameter, encrypted gp3 root volume, IMDSv2
 * required, in the public subnet behind its own security group.
 */
public final class InstanceHandler implements Handler<Spec.Instance>, Handler.BatchObserver, Handler.Inventory {
    static final Duration RUNNING = LatencyProfile.typicalCreate(Spec.Instance.LATENCY);
    static final Duration TERMINATED = LatencyProfile.typicalDelete(Spec.Instance.LATENCY);
    private static final List<String> ALIVE = List.of("pending", "running", "stopping", "stopped");

    public Class<Spec.Instance> specType() { return Spec.Instance.class; }

    public List<String> actions() {
        return List.of("ssm:GetParameter", "ec2:RunInstances", "ec2:DescribeInstances", "ec2:TerminateInstances",
                "iam:PassRole");
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        String cluster = run.config().clusterName();
        var aws = run.aws();
        return Ec2Tags.byResource(run.config().clusterName(), instances(aws.ec2().describeInstances(r -> r.filters(Ec2Tags.cluster(cluster))).reservations().stream().flatMap(x -> x.instances().stream()).toList(), ALIVE), i -> i.tags(), InstanceHandler::live);
    }

    public Optional<Live> observe(StepContext ctx, Spec.Instance spec) {
        Ec2Client ec2 = ctx.aws().ec2();
        return Ec2Calls.find(ctx, software.amazon.awssdk.services.ec2.model.Instance::tags,
                id -> instances(ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                        .flatMap(x -> x.instances().stream()).toList(), ALIVE),
                () -> instances(ec2.describeInstances(r -> r.filters(Ec2Tags.mine(ctx))).reservations().stream()
                        .flatMap(x -> x.instances().stream()).toList(), ALIVE))
                .map(InstanceHandler::live);
    }

    public Live create(StepContext ctx, Spec.Instance spec) {
        String ami = ctx.aws().ssm().getParameter(r -> r.name(spec.amiParameter())).parameter().value();
        String keyName = spec.keyPair() != null ? ctx.id(spec.keyPair()) : spec.keyName();
        String userData = Base64.getEncoder().encodeToString(
                JumpHostUserData.render(ctx.config().eksVersion()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> name = Map.of("Name", spec.name());
        Instance i = ctx.settle(() -> ctx.aws().ec2().runInstances(r -> r.imageId(ami).instanceType(spec.instanceType())
                .minCount(1).maxCount(1).keyName(keyName).clientToken(ctx.clientToken())
                .subnetId(ctx.id(spec.subnet())).securityGroupIds(ctx.id(spec.securityGroup()))
                .iamInstanceProfile(p -> p.name(ctx.dep(spec.instanceProfile()).awsId()))
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(EbsBlockDevice.builder()
                        .volumeSize(spec.diskSizeGb()).volumeType(VolumeType.GP3).encrypted(true)
                        .deleteOnTermination(true).build()).build())
                .metadataOptions(InstanceMetadataOptionsRequest.builder().httpTokens(HttpTokensState.REQUIRED)
                        .httpPutResponseHopLimit(1).build())
                .userData(userData)
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.INSTANCE, name),
                        Ec2Tags.spec(ctx, ResourceType.VOLUME, name)))).instances().get(0);
        ctx.progress("launched " + i.instanceId() + " from " + ami);
        return finish(ctx, spec, live(i));
    }

    public Live finish(StepContext ctx, Spec.Instance spec, Live live) {
        Instance i = Poll.until(ctx, "running", RUNNING, () -> {
            Instance now = describe(ctx, live.awsId());
            InstanceStateName s = now.state().name();
            return s == InstanceStateName.RUNNING ? Poll.Seen.done("running", now) : Poll.Seen.waiting(String.valueOf(s));
        });
        return live(i);
    }

    public void delete(StepContext ctx, Spec.Instance spec, Live live) {
        try {
            ctx.aws().ec2().terminateInstances(r -> r.instanceIds(live.awsId()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return;
            throw e;
        }
        // Its network interface holds the subnet and security group until it is terminated.
        Poll.untilGone(ctx, TERMINATED, () -> Optional.of(describe(ctx, live.awsId()).state().name())
                .filter(s -> s != InstanceStateName.TERMINATED).map(String::valueOf));
    }

    private static Instance describe(StepContext ctx, String id) {
        return ctx.aws().ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static List<Instance> instances(List<Instance> all, List<String> states) {
        return all.stream().filter(i -> states.contains(i.state().nameAsString())).toList();
    }

    private static Live live(Instance i) {
        Map<String, String> out = new HashMap<>();
        if (i.publicIpAddress() != null) out.put("public_ip", i.publicIpAddress());
        if (i.privateIpAddress() != null) out.put("private_ip", i.privateIpAddress());
        return Live.of(i.instanceId(), out);
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("instance", cluster, aws.ec2().describeInstances(r -> r.filters(Ec2Tags.cluster(cluster))).reservations().stream()
                .flatMap(x -> x.instances().stream())
                .filter(x -> !java.util.Set.of("terminated", "shutting-down").contains(x.state().nameAsString())),
                x -> x.tags(), x -> x.instanceId());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeInstances");
    }
}
