package ai.katonic.kpc.aws.efs;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.Tag;

/** The access point the kfs-shared storage class mounts through. */
public final class EfsAccessPointHandler implements Handler<Spec.EfsAccessPoint> {
    public Class<Spec.EfsAccessPoint> specType() { return Spec.EfsAccessPoint.class; }

    public List<String> actions() {
        return List.of("elasticfilesystem:CreateAccessPoint", "elasticfilesystem:DescribeAccessPoints",
                "elasticfilesystem:TagResource", "elasticfilesystem:DeleteAccessPoint");
    }

    public Optional<Live> observe(StepContext ctx, Spec.EfsAccessPoint spec) {
        try {
            return ctx.aws().efs().describeAccessPoints(r -> r.fileSystemId(ctx.id(spec.fileSystem()))).accessPoints().stream()
                    // this install's token, or both of kpc's tags (the file system's other access points are not ours to adopt)
                    .filter(a -> ctx.clientToken().equals(a.clientToken())
                            || (EfsFileSystemHandler.has(a.tags(), ai.katonic.kpc.config.ClusterConfig.OWNER_TAG, ctx.clusterName())
                            && EfsFileSystemHandler.has(a.tags(), StepContext.RESOURCE_TAG, ctx.resourceId())))
                    .findFirst().map(a -> Live.of(a.accessPointId()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.EfsAccessPoint spec) {
        List<Tag> tags = ctx.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        String id = ctx.aws().efs().createAccessPoint(r -> r.clientToken(ctx.clientToken()).fileSystemId(ctx.id(spec.fileSystem()))
                .posixUser(p -> p.uid((long) spec.uid()).gid((long) spec.gid()))
                .rootDirectory(d -> d.path(spec.path()).creationInfo(c -> c.ownerUid((long) spec.uid())
                        .ownerGid((long) spec.gid()).permissions("0775")))
                .tags(tags)).accessPointId();
        return Live.of(id);
    }

    public void delete(StepContext ctx, Spec.EfsAccessPoint spec, Live live) {
        try {
            ctx.aws().efs().deleteAccessPoint(r -> r.accessPointId(live.awsId()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }
}
