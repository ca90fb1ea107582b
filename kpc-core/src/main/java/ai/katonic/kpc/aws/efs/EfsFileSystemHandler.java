package ai.katonic.kpc.aws.efs;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.PerformanceMode;
import software.amazon.awssdk.services.efs.model.Tag;

/** The EFS file system for datasets. Its creation token makes a repeated create return the same one. */
public final class EfsFileSystemHandler implements Handler<Spec.EfsFileSystem>, Handler.Inventory {
    static final Duration CREATE = LatencyProfile.typicalCreate(Spec.EfsFileSystem.LATENCY);

    public Class<Spec.EfsFileSystem> specType() { return Spec.EfsFileSystem.class; }

    public List<String> actions() {
        return List.of("elasticfilesystem:CreateFileSystem", "elasticfilesystem:DescribeFileSystems",
                "elasticfilesystem:TagResource", "elasticfilesystem:DeleteFileSystem");
    }

    /**
     * By the id in state; else by this install's creation token (a run killed mid-create); else, with
     * state lost (a new install generation, so another token), by kpc's two tags on the answer.
     */
    public Optional<Live> observe(StepContext ctx, Spec.EfsFileSystem spec) {
        var efs = ctx.aws().efs();
        if (ctx.recordedId() != null) {
            try {
                var found = alive(efs.describeFileSystems(r -> r.fileSystemId(ctx.recordedId())).fileSystems()).findFirst();
                if (found.isPresent()) return found.map(f -> Live.of(f.fileSystemId()));
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        var byToken = alive(efs.describeFileSystems(r -> r.creationToken(ctx.clientToken())).fileSystems()).findFirst();
        if (byToken.isPresent()) return byToken.map(f -> Live.of(f.fileSystemId()));
        return alive(efs.describeFileSystemsPaginator(r -> { }).fileSystems().stream().toList())
                .filter(f -> has(f.tags(), ai.katonic.kpc.config.ClusterConfig.OWNER_TAG, ctx.clusterName())
                        && has(f.tags(), StepContext.RESOURCE_TAG, ctx.resourceId()))
                .findFirst().map(f -> Live.of(f.fileSystemId()));
    }

    private static java.util.stream.Stream<software.amazon.awssdk.services.efs.model.FileSystemDescription> alive(
            List<software.amazon.awssdk.services.efs.model.FileSystemDescription> all) {
        return all.stream().filter(f -> f.lifeCycleState() != LifeCycleState.DELETED && f.lifeCycleState() != LifeCycleState.DELETING);
    }

    /** Whether EFS's tags hold {@code key=value} (the file systems' and their access points'). */
    static boolean has(List<Tag> tags, String key, String value) {
        return tags.stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value));
    }

    public Live create(StepContext ctx, Spec.EfsFileSystem spec) {
        List<Tag> tags = new java.util.ArrayList<>(ctx.tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        tags.add(Tag.builder().key("Name").value(spec.name()).build());
        String id;
        try {
            id = ctx.aws().efs().createFileSystem(r -> r.creationToken(ctx.clientToken()).encrypted(spec.encrypted())
                    .performanceMode(PerformanceMode.GENERAL_PURPOSE).tags(tags)).fileSystemId();
        } catch (RuntimeException e) {
            if (!AwsErrors.code(e).equals("FileSystemAlreadyExists")) throw e;
            id = observe(ctx, spec).orElseThrow(() -> e).awsId();
        }
        return finish(ctx, spec, Live.of(id));
    }

    public Live finish(StepContext ctx, Spec.EfsFileSystem spec, Live live) {
        Poll.until(ctx, "available", CREATE, () -> {
            FileSystemDescription f = ctx.aws().efs().describeFileSystems(r -> r.fileSystemId(live.awsId())).fileSystems().get(0);
            return f.lifeCycleState() == LifeCycleState.AVAILABLE ? Poll.Seen.done("available", f)
                    : Poll.Seen.waiting(f.lifeCycleStateAsString());
        });
        return live;
    }

    public void delete(StepContext ctx, Spec.EfsFileSystem spec, Live live) {
        try {
            ctx.aws().efs().deleteFileSystem(r -> r.fileSystemId(live.awsId()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return alive(aws.efs().describeFileSystemsPaginator(r -> { }).fileSystems().stream().toList())
                .filter(f -> has(f.tags(), ai.katonic.kpc.config.ClusterConfig.OWNER_TAG, cluster))
                .map(f -> "efs_file_system " + f.fileSystemId()).toList();
    }

    public List<String> leftoverActions() {
        return List.of("elasticfilesystem:DescribeFileSystems");
    }
}
