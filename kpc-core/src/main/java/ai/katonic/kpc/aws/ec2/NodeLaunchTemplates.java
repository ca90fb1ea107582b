package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.StepContext;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The launch template of a managed node group, made and removed by the node group's own step (as
 * Cluster API Provider AWS reconciles a managed machine pool's template with the pool). It exists
 * for what EKS's defaults leave open: instance metadata only through IMDSv2 tokens with a hop
 * limit of 1, so pods (which are one network hop further) cannot take the node's role and must
 * use their own (IRSA); and an encrypted gp3 root volume, which a launch template must then carry.
 */
public final class NodeLaunchTemplates {
    private NodeLaunchTemplates() {}

    public static List<String> actions() {
        return List.of("ec2:CreateLaunchTemplate", "ec2:DescribeLaunchTemplates", "ec2:DeleteLaunchTemplate", "ec2:CreateTags");
    }

    /** Named {@code <cluster>-<group>}: found by name when a killed run made it, else made. Returns its id. */
    public static String ensure(StepContext ctx, String name, int diskSizeGb) {
        var existing = find(ctx, name);
        if (existing != null) {
            Ec2Tags.requireCluster(ctx, "launch template " + name, existing.tags(), "kpc will not use it");
            return existing.launchTemplateId();
        }
        // The node group step's token (of this install's generation): EC2 scopes tokens per API.
        return ctx.aws().ec2().createLaunchTemplate(r -> r.launchTemplateName(name).clientToken(ctx.clientToken())
                .versionDescription("kpc: IMDSv2 with hop limit 1, encrypted gp3 root volume")
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.LAUNCH_TEMPLATE))
                .launchTemplateData(d -> d
                        .metadataOptions(m -> m.httpTokens(LaunchTemplateHttpTokensState.REQUIRED).httpPutResponseHopLimit(1)
                                .httpEndpoint("enabled"))
                        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(diskSizeGb)
                                .volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)))))
                .launchTemplate().launchTemplateId();
    }

    /** Destroy's last look: the launch templates tagged for the cluster (on the answer, not trusted to the filter). */
    public static List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster) {
        return Ec2Tags.leftovers("launch_template", cluster, aws.ec2().describeLaunchTemplates(r -> r.filters(Ec2Tags.cluster(cluster)))
                .launchTemplates().stream(), t -> t.tags(), t -> t.launchTemplateName());
    }

    /** Deleting one that is gone counts as done; one of that name not tagged for this cluster is left alone (it is not kpc's). */
    public static void delete(StepContext ctx, String name) {
        var existing = find(ctx, name);
        if (existing == null) return;
        if (!Ec2Tags.isCluster(ctx.clusterName(), existing.tags())) {
            ctx.progress("left alone: launch template " + name + " is not tagged " + ai.katonic.kpc.config.ClusterConfig.OWNER_TAG
                    + "=" + ctx.clusterName());
            return;
        }
        try {
            ctx.aws().ec2().deleteLaunchTemplate(r -> r.launchTemplateId(existing.launchTemplateId()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e) && !AwsErrors.code(e).startsWith("InvalidLaunchTemplateId")) throw e;
        }
    }

    private static LaunchTemplate find(StepContext ctx, String name) {
        try {
            return ctx.aws().ec2().describeLaunchTemplates(r -> r.launchTemplateNames(name)).launchTemplates().stream()
                    .findFirst().orElse(null);
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e) || AwsErrors.code(e).startsWith("InvalidLaunchTemplateName")) return null;
            throw e;
        }
    }
}
