package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import java.util.List;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM names are global to the account, so kpc only adopts an IAM resource that carries its tag. */
final class IamTags {
    private IamTags() {}

    static List<Tag> of(StepContext ctx) {
        return ctx.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static void requireOurs(StepContext ctx, String what, List<Tag> tags) {
        boolean ours = tags.stream().anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(ctx.clusterName()));
        if (!ours) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": " + what + " already exists and is not tagged "
                    + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName() + "; kpc will not adopt it. Rename the cluster or remove it");
        }
    }
}
