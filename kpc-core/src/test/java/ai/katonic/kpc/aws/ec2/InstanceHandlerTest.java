package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;

/**
 * The jump host alone, EC2 and SSM faked at the SDK's interface: launched from the AMI the public SSM parameter
 * names, with IMDSv2 required (one hop), an encrypted gp3 root volume that goes with it, its instance profile and key
 * pair, this install's client token and kpc's tags on the instance and its volume; waited for until running, its IPs
 * recorded; adopted only with this cluster's tags on the answer (the fake ignores filters), never one shutting down;
 * terminated and waited for until gone (its interface holds the subnet), one already gone no error.
 */
class InstanceHandlerTest extends KindTest {

    /** EC2's instances: pending → running and shutting-down → terminated on the next look. */
    static final class FakeEc2 extends Ec2Fake {
        final List<Instance> instances = new ArrayList<>();
        RunInstancesRequest launched;

        @Override
        public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
            List<Instance> seen = instances.stream().filter(i -> !r.hasInstanceIds() || r.instanceIds().contains(i.instanceId())).toList();
            if (r.hasInstanceIds() && seen.isEmpty()) throw error("InvalidInstanceID.NotFound");
            instances.replaceAll(i -> i.state().name() == InstanceStateName.PENDING ? state(i, InstanceStateName.RUNNING).toBuilder()
                    .publicIpAddress("198.51.100.7").privateIpAddress("10.0.2.5").build()
                    : i.state().name() == InstanceStateName.SHUTTING_DOWN ? state(i, InstanceStateName.TERMINATED) : i);
            return DescribeInstancesResponse.builder().reservations(Reservation.builder().instances(seen).build()).build();
        }

        static Instance state(Instance i, InstanceStateName s) {
            return i.toBuilder().state(st -> st.name(s)).build();
        }

        @Override
        public RunInstancesResponse runInstances(RunInstancesRequest r) {
            launched = r;
            calls.add("RunInstances " + r.imageId() + " " + r.instanceType() + " key " + r.keyName() + " profile " + r.iamInstanceProfile().name()
                    + " subnet " + r.subnetId() + " groups " + r.securityGroupIds());
            Instance i = Instance.builder().instanceId("i-" + (instances.size() + 1)).state(s -> s.name(InstanceStateName.PENDING))
                    .tags(r.tagSpecifications().get(0).tags()).build();
            instances.add(i);
            return RunInstancesResponse.builder().instances(i).build();
        }

        @Override
        public TerminateInstancesResponse terminateInstances(TerminateInstancesRequest r) {
            calls.add("TerminateInstances " + r.instanceIds());
            if (instances.stream().noneMatch(i -> r.instanceIds().contains(i.instanceId()))) throw error("InvalidInstanceID.NotFound");
            instances.replaceAll(i -> r.instanceIds().contains(i.instanceId()) ? state(i, InstanceStateName.SHUTTING_DOWN) : i);
            return TerminateInstancesResponse.builder().build();
        }
    }

    static final class FakeSsm implements SsmClient {
        @Override
        public GetParameterResponse getParameter(GetParameterRequest r) {
            return GetParameterResponse.builder().parameter(p -> p.name(r.name()).value("ami-0abc")).build();
        }

        @Override
        public String serviceName() {
            return "ssm";
        }

        @Override
        public void close() {}
    }

    final FakeEc2 ec2 = new FakeEc2();
    final InstanceHandler h = new InstanceHandler();
    static final Spec.Instance SPEC = new Spec.Instance("katonic-prod-jump-host", "t3.medium", 50, new Ref("subnet-public"),
            new Ref("sg-jump-host"), new Ref("key-pair"), null, new Ref("instance-profile"),
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2, SsmClient.class, new FakeSsm()));
        fixture.state.created("subnet-public", "subnet", "subnet-pub", Map.of(), Map.of());
        fixture.state.created("sg-jump-host", "security_group", "sg-1", Map.of(), Map.of());
        fixture.state.created("key-pair", "key_pair", "katonic-prod", Map.of(), Map.of());
        fixture.state.created("instance-profile", "iam_instance_profile", "katonic-prod-jump-host", Map.of(), Map.of());
        return fixture.step("jump-host", SPEC);
    }

    @Test
    void launchedFromTheParametersAmiLockedDownAndWaitedForUntilRunning() {
        StepContext ctx = step();
        Live made = h.create(ctx, SPEC);
        assertThat(ec2.calls).containsExactly("RunInstances ami-0abc t3.medium key katonic-prod profile katonic-prod-jump-host subnet subnet-pub groups [sg-1]");
        RunInstancesRequest r = ec2.launched;
        assertThat(r.clientToken()).isEqualTo(ctx.clientToken());
        assertThat(r.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(r.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        var root = r.blockDeviceMappings().get(0).ebs();
        assertThat(List.of(root.volumeSize(), root.volumeTypeAsString(), root.encrypted(), root.deleteOnTermination()))
                .containsExactly(50, "gp3", true, true);
        assertThat(r.tagSpecifications()).extracting(t -> t.resourceType()).containsExactly(ResourceType.INSTANCE, ResourceType.VOLUME);
        assertThat(r.tagSpecifications()).allSatisfy(t -> assertThat(t.tags()).containsAll(Ec2Fake.kpcTags("katonic-prod", "jump-host")));
        assertThat(new String(Base64.getDecoder().decode(r.userData()), StandardCharsets.UTF_8)).contains("kubectl");
        assertThat(made.outputs()).containsEntry("public_ip", "198.51.100.7").containsEntry("private_ip", "10.0.2.5");
    }

    @Test
    void adoptedOnlyWithThisClustersTagsNeverOneShuttingDown() {
        ec2.instances.add(Instance.builder().instanceId("i-staging").state(s -> s.name(InstanceStateName.RUNNING))
                .tags(Ec2Fake.kpcTags("staging", "jump-host")).build());
        ec2.instances.add(Instance.builder().instanceId("i-going").state(s -> s.name(InstanceStateName.SHUTTING_DOWN))
                .tags(Ec2Fake.kpcTags("katonic-prod", "jump-host")).build());
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        ec2.instances.add(Instance.builder().instanceId("i-mine").state(s -> s.name(InstanceStateName.STOPPED))
                .tags(Ec2Fake.kpcTags("katonic-prod", "jump-host")).build());
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("i-mine");
    }

    @Test
    void terminatedAndWaitedForUntilGoneAndOneAlreadyGoneIsNoError() {
        ec2.instances.add(Instance.builder().instanceId("i-1").state(s -> s.name(InstanceStateName.RUNNING))
                .tags(Ec2Fake.kpcTags("katonic-prod", "jump-host")).build());
        StepContext ctx = step();
        h.delete(ctx, SPEC, Live.of("i-1"));
        assertThat(ec2.instances.get(0).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        h.delete(ctx, SPEC, Live.of("i-gone"));
        assertThat(ec2.calls).containsExactly("TerminateInstances [i-1]", "TerminateInstances [i-gone]");
    }
}
