package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;

/** Taking something out of the config takes it out of AWS on the next apply, and resizing a node group happens in place. */
@EndToEnd
class ConfigChangeTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void removedResourcesAreDeletedAndScalingChangesInPlace() throws Exception {
        Path config = Moto.config(dir, "change");
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        String text = Files.readString(config);
        Files.writeString(config, text
                .replace("  gpu:        {instance_type: g4dn.xlarge, min_size: 0, desired_size: 0, max_size: 2, disk_size_gb: 200}  # optional\n", "")
                .replace("shared_storage: {create: true}", "shared_storage: {create: false}")
                .replace("network_policy: calico ", "network_policy: vpc-cni ")
                .replace("compute:    {instance_type: m5.4xlarge, min_size: 1, desired_size: 1, max_size: 10,",
                        "compute:    {instance_type: m5.4xlarge, min_size: 2, desired_size: 3, max_size: 12,"));

        Cli.Result status = moto.kpc("status", "-f", config.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).contains("nodegroup-gpu").contains("no longer in the config").contains("config changes min_size");

        // The plan knows the cluster: old → new for what changes in place, and the data a deletion loses.
        Cli.Result plan = moto.kpc("plan", "-f", config.toString());
        assertThat(plan.exit()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("~ nodegroup-compute: min_size 1 → 2, desired_size 1 → 3, max_size 10 → 12")
                .contains("- nodegroup-gpu: managed node group gpu").contains("its nodes are drained")
                .contains("! data loss: deletes the EFS file system efs and every dataset on kfs-shared")
                .doesNotContain("to create");
        // --yes alone does not lose data; nothing is changed
        Cli.Result refused = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(2);
        assertThat(refused.all()).contains("This loses data that kpc cannot put back.", "--allow-data-loss", "nothing was changed");
        assertThat(moto.client(EksClient.builder()).listNodegroups(b -> b.clusterName("change")).nodegroups()).contains("gpu");

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--allow-data-loss");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("- nodegroup-gpu: managed node group gpu").contains("(no longer in the config)")
                .contains("5 updated").contains("12 deleted");
        assertThat(r.out()).contains("~ addon-vpc-cni").contains("- addon-aws-efs-csi-driver").contains("- iam-role-efs-csi")
                .contains("- helm-tigera-operator")
                .contains("- helm-nvidia-device-plugin"); // the GPU group's device plugin goes with it

        EksClient eks = moto.client(EksClient.builder());
        assertThat(eks.listNodegroups(b -> b.clusterName("change")).nodegroups()).containsExactlyInAnyOrder(
                "platform", "compute", "deployment", "vectordb");
        var compute = eks.describeNodegroup(b -> b.clusterName("change").nodegroupName("compute")).nodegroup().scalingConfig();
        assertThat(compute.minSize()).isEqualTo(2);
        assertThat(compute.desiredSize()).isEqualTo(3);
        assertThat(compute.maxSize()).isEqualTo(12);
        // The CNI add-on enforces NetworkPolicies now; the EFS driver and its role are gone with EFS.
        assertThat(eks.describeAddon(b -> b.clusterName("change").addonName("vpc-cni")).addon().configurationValues())
                .isEqualTo("{\"enableNetworkPolicy\":\"true\"}");
        assertThat(eks.listAddons(b -> b.clusterName("change")).addons())
                .containsExactlyInAnyOrder("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver");
        assertThat(moto.client(software.amazon.awssdk.services.iam.IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL))
                .listRoles().roles()).noneMatch(role -> role.roleName().equals("change-efs-csi")).anyMatch(role -> role.roleName().equals("change-ebs-csi"));
        EfsClient efs = moto.client(EfsClient.builder());
        assertThat(efs.describeFileSystems().fileSystems()).noneMatch(f -> f.tags().stream().anyMatch(t -> t.value().equals("change")));
        Ec2Client ec2 = moto.client(Ec2Client.builder());
        assertThat(ec2.describeSecurityGroups(b -> b.filters(f -> f.name("tag:kpc:cluster").values("change"))).securityGroups())
                .hasSize(3);
        assertThat(Files.readString(dir.resolve(".kpc/us-east-1/change/state.json"))).doesNotContain("nodegroup-gpu").doesNotContain("efs-mount-target");
        assertThat(moto.kpc("status", "-f", config.toString()).exit()).isZero();
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");
    }

    @Test
    void destroyAlsoRemovesWhatTheConfigNoLongerNames() throws Exception {
        Path config = Moto.config(dir, "shrunk");
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        Files.writeString(config, Files.readString(config).replace("shared_storage: {create: true}", "shared_storage: {create: false}"));
        Cli.Result r = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("efs-mount-target-1").contains("Nothing tagged for shrunk remains.");
    }
}
