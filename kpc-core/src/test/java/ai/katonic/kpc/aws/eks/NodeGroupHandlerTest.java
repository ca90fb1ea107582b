package ai.katonic.kpc.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.CreateNodegroupRequest;
import software.amazon.awssdk.services.eks.model.CreateNodegroupResponse;
import software.amazon.awssdk.services.eks.model.DeleteNodegroupRequest;
import software.amazon.awssdk.services.eks.model.DeleteNodegroupResponse;
import software.amazon.awssdk.services.eks.model.DescribeNodegroupRequest;
import software.amazon.awssdk.services.eks.model.DescribeNodegroupResponse;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupStatus;
import software.amazon.awssdk.services.eks.model.UpdateNodegroupConfigRequest;
import software.amazon.awssdk.services.eks.model.UpdateNodegroupConfigResponse;

/**
 * A managed node group alone, EKS and EC2 faked at the SDK's interface: its launch template (IMDSv2, encrypted gp3)
 * made first and tagged, then the group on it with the AL2023 image (NVIDIA's for the GPU group), its pool label,
 * taints, bounds, the autoscaler's discovery tags and this install's token; waited for until ACTIVE, a failed group
 * an error with EKS's health issues; a group found with other bounds brought to the config's (the desired size kept
 * within them); deleted, waited for, and its launch template removed — never a template of that name kpc did not tag.
 */
class NodeGroupHandlerTest extends KindTest {

    /** EKS's node groups: CREATING/UPDATING → {@code settlesTo}, DELETING → gone, on the next look. */
    static final class FakeEks extends EksFake {
        final Map<String, Nodegroup> groups = new LinkedHashMap<>();
        NodegroupStatus settlesTo = NodegroupStatus.ACTIVE;
        CreateNodegroupRequest created;

        @Override
        public DescribeNodegroupResponse describeNodegroup(DescribeNodegroupRequest r) {
            Nodegroup g = groups.get(r.nodegroupName());
            if (g == null) throw notFound();
            if (g.status() == NodegroupStatus.CREATING || g.status() == NodegroupStatus.UPDATING) {
                groups.put(r.nodegroupName(), g.toBuilder().status(settlesTo).health(h -> h.issues(i -> i.code("AsgInstanceLaunchFailures")
                        .message("Could not launch On-Demand Instances"))).build());
            } else if (g.status() == NodegroupStatus.DELETING) {
                groups.remove(r.nodegroupName());
            }
            return DescribeNodegroupResponse.builder().nodegroup(g).build();
        }

        @Override
        public CreateNodegroupResponse createNodegroup(CreateNodegroupRequest r) {
            created = r;
            calls.add("CreateNodegroup " + r.clusterName() + "/" + r.nodegroupName() + " " + r.amiTypeAsString() + " template "
                    + r.launchTemplate().id() + " v" + r.launchTemplate().version());
            Nodegroup g = Nodegroup.builder().nodegroupName(r.nodegroupName()).nodegroupArn("arn:ng/" + r.nodegroupName())
                    .status(NodegroupStatus.CREATING).scalingConfig(r.scalingConfig()).build();
            groups.put(r.nodegroupName(), g);
            return CreateNodegroupResponse.builder().nodegroup(g).build();
        }

        @Override
        public UpdateNodegroupConfigResponse updateNodegroupConfig(UpdateNodegroupConfigRequest r) {
            var s = r.scalingConfig();
            calls.add("UpdateNodegroupConfig " + r.nodegroupName() + " " + s.minSize() + "/" + s.desiredSize() + "/" + s.maxSize());
            groups.computeIfPresent(r.nodegroupName(), (k, g) -> g.toBuilder().status(NodegroupStatus.UPDATING).scalingConfig(s).build());
            return UpdateNodegroupConfigResponse.builder().build();
        }

        @Override
        public DeleteNodegroupResponse deleteNodegroup(DeleteNodegroupRequest r) {
            calls.add("DeleteNodegroup " + r.nodegroupName());
            Nodegroup g = groups.get(r.nodegroupName());
            if (g == null) throw notFound();
            groups.put(r.nodegroupName(), g.toBuilder().status(NodegroupStatus.DELETING).build());
            return DeleteNodegroupResponse.builder().build();
        }
    }

    /** EC2's launch templates, by name (moto and AWS answer an unknown name with InvalidLaunchTemplateName.NotFoundException). */
    static final class FakeEc2 implements Ec2Client {
        final List<String> calls = new ArrayList<>();
        final List<LaunchTemplate> templates = new ArrayList<>();
        CreateLaunchTemplateRequest created;

        @Override
        public DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest r) {
            List<LaunchTemplate> seen = templates.stream().filter(t -> r.launchTemplateNames().contains(t.launchTemplateName())).toList();
            if (seen.isEmpty()) throw KindFixture.<Ec2Exception>error(Ec2Exception.builder(), 400, "InvalidLaunchTemplateName.NotFoundException");
            return DescribeLaunchTemplatesResponse.builder().launchTemplates(seen).build();
        }

        @Override
        public CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest r) {
            created = r;
            calls.add("CreateLaunchTemplate " + r.launchTemplateName());
            LaunchTemplate t = LaunchTemplate.builder().launchTemplateId("lt-" + (templates.size() + 1)).launchTemplateName(r.launchTemplateName())
                    .tags(r.tagSpecifications().get(0).tags().stream().map(x -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                            .key(x.key()).value(x.value()).build()).toList()).build();
            templates.add(t);
            return CreateLaunchTemplateResponse.builder().launchTemplate(t).build();
        }

        @Override
        public DeleteLaunchTemplateResponse deleteLaunchTemplate(DeleteLaunchTemplateRequest r) {
            calls.add("DeleteLaunchTemplate " + r.launchTemplateId());
            templates.removeIf(t -> t.launchTemplateId().equals(r.launchTemplateId()));
            return DeleteLaunchTemplateResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {}
    }

    final FakeEks eks = new FakeEks();
    final FakeEc2 ec2 = new FakeEc2();
    final NodeGroupHandler h = new NodeGroupHandler();
    static final Spec.NodeGroup GPU = new Spec.NodeGroup(new Ref("eks-cluster"), new Ref("iam-role-nodes"),
            List.of(new Ref("subnet-private-a"), new Ref("subnet-private-b")), "gpu", "g4dn.xlarge", 0, 0, 2, 200,
            Map.of("katonic.ai/pool", "gpu"), List.of("nvidia.com/gpu=true:NoSchedule"));
    static final Spec.NodeGroup COMPUTE = new Spec.NodeGroup(new Ref("eks-cluster"), new Ref("iam-role-nodes"),
            List.of(new Ref("subnet-private-a")), "compute", "m5.4xlarge", 1, 1, 10, 128, Map.of("katonic.ai/pool", "compute"), List.of());

    StepContext step(String id, Spec.NodeGroup spec) {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(EksClient.class, eks, Ec2Client.class, ec2));
        fixture.state.created("eks-cluster", "eks_cluster", "katonic-prod", Map.of(), Map.of());
        fixture.state.created("iam-role-nodes", "iam_role", "katonic-prod-nodes", Map.of("arn", "arn:aws:iam::111122223333:role/katonic-prod-nodes"), Map.of());
        fixture.state.created("subnet-private-a", "subnet", "subnet-a", Map.of(), Map.of());
        fixture.state.created("subnet-private-b", "subnet", "subnet-b", Map.of(), Map.of());
        return fixture.step(id, spec);
    }

    static LaunchTemplate template(String id, String name, String cluster) {
        return LaunchTemplate.builder().launchTemplateId(id).launchTemplateName(name)
                .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key("kpc:cluster").value(cluster).build()).build();
    }

    @Test
    void theGpuGroupOnItsLaunchTemplateWithNvidiasImageItsTaintAndTheAutoscalersTags() {
        StepContext ctx = step("node-group-gpu", GPU);
        Live made = h.create(ctx, GPU);
        assertThat(ec2.calls).containsExactly("CreateLaunchTemplate katonic-prod-gpu");
        var data = ec2.created.launchTemplateData();
        assertThat(List.of(data.metadataOptions().httpTokensAsString(), data.metadataOptions().httpPutResponseHopLimit(),
                data.blockDeviceMappings().get(0).ebs().volumeSize(), data.blockDeviceMappings().get(0).ebs().encrypted()))
                .containsExactly("required", 1, 200, true);
        assertThat(eks.calls).containsExactly("CreateNodegroup katonic-prod/gpu AL2023_x86_64_NVIDIA template lt-1 v1");
        CreateNodegroupRequest r = eks.created;
        assertThat(r.clientRequestToken()).isEqualTo(ctx.clientToken());
        assertThat(r.nodeRole()).isEqualTo("arn:aws:iam::111122223333:role/katonic-prod-nodes");
        assertThat(r.subnets()).containsExactly("subnet-a", "subnet-b");
        assertThat(r.labels()).containsEntry("katonic.ai/pool", "gpu");
        assertThat(r.taints()).singleElement().satisfies(t -> assertThat(List.of(t.key(), t.value(), t.effectAsString()))
                .containsExactly("nvidia.com/gpu", "true", "NO_SCHEDULE"));
        assertThat(r.tags()).containsEntry("k8s.io/cluster-autoscaler/enabled", "true")
                .containsEntry("k8s.io/cluster-autoscaler/katonic-prod", "owned").containsEntry("kpc:cluster", "katonic-prod");
        assertThat(made.outputs()).containsEntry("scaling", "0/0/2");
    }

    @Test
    void aGroupThatFailsIsAnErrorWithEksHealthIssues() {
        eks.settlesTo = NodegroupStatus.CREATE_FAILED;
        StepContext ctx = step("node-group-compute", COMPUTE);
        assertThatThrownBy(() -> h.create(ctx, COMPUTE)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("CREATE_FAILED").hasMessageContaining("AsgInstanceLaunchFailures: Could not launch On-Demand Instances");
        assertThat(ec2.calls).containsExactly("CreateLaunchTemplate katonic-prod-compute");
    }

    @Test
    void aGroupFoundWithOtherBoundsIsBroughtToTheConfigsKeepingItsDesiredSizeWithinThem() {
        eks.groups.put("compute", Nodegroup.builder().nodegroupName("compute").nodegroupArn("arn:ng/compute").status(NodegroupStatus.ACTIVE)
                .scalingConfig(s -> s.minSize(2).desiredSize(12).maxSize(20)).build());
        StepContext ctx = step("node-group-compute", COMPUTE);
        Live found = h.observe(ctx, COMPUTE).orElseThrow();
        Live done = h.finish(ctx, COMPUTE, found);
        assertThat(eks.calls).containsExactly("UpdateNodegroupConfig compute 1/10/10");
        assertThat(done.outputs()).containsEntry("scaling", "1/10/10");
    }

    @Test
    void deletedWaitedForAndItsLaunchTemplateRemovedNeverATemplateKpcDidNotTag() {
        eks.groups.put("compute", Nodegroup.builder().nodegroupName("compute").status(NodegroupStatus.ACTIVE).build());
        ec2.templates.add(template("lt-mine", "katonic-prod-compute", "katonic-prod"));
        StepContext ctx = step("node-group-compute", COMPUTE);
        h.delete(ctx, COMPUTE, Live.of("compute"));
        assertThat(eks.groups).isEmpty();
        assertThat(ec2.calls).containsExactly("DeleteLaunchTemplate lt-mine");
        // a run killed between the two: the group is gone; a template of the name someone else made stays
        ec2.templates.add(template("lt-theirs", "katonic-prod-compute", "someone-else"));
        h.delete(ctx, COMPUTE, Live.of("compute"));
        assertThat(ec2.templates).extracting(LaunchTemplate::launchTemplateId).containsExactly("lt-theirs");
        assertThat(ec2.calls).containsExactly("DeleteLaunchTemplate lt-mine");
    }
}
