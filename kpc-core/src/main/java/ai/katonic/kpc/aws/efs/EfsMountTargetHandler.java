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
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;

/** A mount target in one private subnet. Mount targets take AWS about ninety seconds each way. */
public final class EfsMountTargetHandler implements Handler<Spec.EfsMountTarget>, Handler.BatchObserver {
    static final Duration READY = LatencyProfile.typicalCreate(Spec.EfsMountTarget.LATENCY);

    public Class<Spec.EfsMountTarget> specType() { return Spec.EfsMountTarget.class; }

    public List<String> actions() {
        return List.of("elasticfilesystem:CreateMountTarget", "elasticfilesystem:DescribeMountTargets",
                "elasticfilesystem:DeleteMountTarget", "ec2:DescribeSubnets", "ec2:CreateNetworkInterface",
                "ec2:DescribeNetworkInterfaces");
    }

    /** One DescribeMountTargets for the file system's mount targets in every subnet. */
    @Override
    public boolean absenceIsCertain() {
        return false; // found through the parents' ids, unknown before the walk when state is lost
    }

    public java.util.Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        java.util.Map<String, Live> out = new java.util.HashMap<>();
        if (mine.isEmpty()) return out;
        Live fs = run.live(((Spec.EfsMountTarget) mine.get(0).spec()).fileSystem().id());
        if (fs == null) return out;
        List<MountTargetDescription> all;
        try {
            all = run.aws().efs().describeMountTargets(r -> r.fileSystemId(fs.awsId())).mountTargets();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return out;
            throw e;
        }
        for (var r : mine) {
            Live subnet = run.live(((Spec.EfsMountTarget) r.spec()).subnet().id());
            if (subnet == null) continue;
            all.stream().filter(m -> subnet.awsId().equals(m.subnetId()) && m.lifeCycleState() != LifeCycleState.DELETING
                    && m.lifeCycleState() != LifeCycleState.DELETED).findFirst()
                    .ifPresent(m -> out.put(r.id(), Live.of(m.mountTargetId())));
        }
        return out;
    }

    public Optional<Live> observe(StepContext ctx, Spec.EfsMountTarget spec) {
        String subnet = ctx.id(spec.subnet());
        try {
            return ctx.aws().efs().describeMountTargets(r -> r.fileSystemId(ctx.id(spec.fileSystem()))).mountTargets().stream()
                    .filter(m -> subnet.equals(m.subnetId()) && m.lifeCycleState() != LifeCycleState.DELETING
                            && m.lifeCycleState() != LifeCycleState.DELETED)
                    .findFirst().map(m -> Live.of(m.mountTargetId()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.EfsMountTarget spec) {
        String id = ctx.settle(() -> ctx.aws().efs().createMountTarget(r -> r.fileSystemId(ctx.id(spec.fileSystem()))
                .subnetId(ctx.id(spec.subnet())).securityGroups(ctx.id(spec.securityGroup())))).mountTargetId();
        return finish(ctx, spec, Live.of(id));
    }

    public Live finish(StepContext ctx, Spec.EfsMountTarget spec, Live live) {
        Poll.until(ctx, "available", READY, () -> {
            MountTargetDescription m = ctx.aws().efs().describeMountTargets(r -> r.mountTargetId(live.awsId())).mountTargets().get(0);
            return m.lifeCycleState() == LifeCycleState.AVAILABLE ? Poll.Seen.done("available", m)
                    : Poll.Seen.waiting(m.lifeCycleStateAsString());
        });
        return live;
    }

    public void delete(StepContext ctx, Spec.EfsMountTarget spec, Live live) {
        try {
            ctx.aws().efs().deleteMountTarget(r -> r.mountTargetId(live.awsId()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return;
            throw e;
        }
        // The file system, subnet and security group can only go once the mount target's ENI is gone.
        Poll.untilGone(ctx, READY, () -> ctx.aws().efs().describeMountTargets(r -> r.mountTargetId(live.awsId()))
                .mountTargets().stream().filter(m -> m.lifeCycleState() != LifeCycleState.DELETED).findFirst()
                .map(MountTargetDescription::lifeCycleStateAsString));
    }
}
