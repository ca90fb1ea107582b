package ai.katonic.kpc.aws.eks;

import ai.katonic.kpc.aws.ec2.NodeLaunchTemplates;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eks.model.AMITypes;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupStatus;
import software.amazon.awssdk.services.eks.model.Taint;
import software.amazon.awssdk.services.eks.model.TaintEffect;

/**
 * A managed node group, labelled {@code katonic.ai/pool=<name>} and tagged for the cluster
 * autoscaler's auto-discovery. Scaling sizes can change in place; everything else needs a new group.
 */
public final class NodeGroupHandler implements Handler<Spec.NodeGroup>, Handler.Updater<Spec.NodeGroup>, Handler.BatchObserver, Handler.Inventory {
    static final Duration CREATE = LatencyProfile.typicalCreate(Spec.NodeGroup.LATENCY);
    static final Duration DELETE = LatencyProfile.typicalDelete(Spec.NodeGroup.LATENCY);

    public Class<Spec.NodeGroup> specType() { return Spec.NodeGroup.class; }

    public List<String> actions() {
        List<String> all = new java.util.ArrayList<>(List.of("eks:CreateNodegroup", "eks:DescribeNodegroup", "eks:ListNodegroups",
                "eks:UpdateNodegroupConfig", "eks:DeleteNodegroup", "eks:TagResource", "iam:PassRole"));
        all.addAll(NodeLaunchTemplates.actions());
        return all;
    }

    private static String cluster(StepContext ctx, Spec.NodeGroup spec) {
        return ctx.id(spec.cluster());
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // listed through the cluster, unknown before the walk when state is lost
    }

    /** One ListNodegroups for all groups; a group being deleted is left to its own step to see. */
    public Map<String, Live> observeAll(ai.katonic.kpc.engine.RunContext run, List<ai.katonic.kpc.plan.Resource> mine) {
        if (mine.isEmpty()) return Map.of();
        Live cluster = run.live(((Spec.NodeGroup) mine.get(0).spec()).cluster().id());
        if (cluster == null) return Map.of();
        List<String> names;
        try {
            names = run.aws().eks().listNodegroups(r -> r.clusterName(cluster.awsId()).maxResults(100)).nodegroups();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Map.of();
            throw e;
        }
        return Handler.BatchObserver.byName(run, mine, names, r -> ((Spec.NodeGroup) r.spec()).name(), false);
    }

    public Optional<Live> observe(StepContext ctx, Spec.NodeGroup spec) {
        try {
            Nodegroup ng = ctx.aws().eks().describeNodegroup(r -> r.clusterName(cluster(ctx, spec)).nodegroupName(spec.name())).nodegroup();
            if (ng.status() == NodegroupStatus.DELETING) return Optional.empty();
            return Optional.of(live(ng));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.NodeGroup spec) {
        Map<String, String> tags = new LinkedHashMap<>(ctx.tags());
        tags.put("k8s.io/cluster-autoscaler/enabled", "true");
        tags.put("k8s.io/cluster-autoscaler/" + ctx.clusterName(), "owned");
        List<Taint> taints = spec.taints().stream().map(NodeGroupHandler::taint).toList();
        String template = NodeLaunchTemplates.ensure(ctx, templateName(ctx, spec), spec.diskSizeGb());
        Nodegroup ng = ctx.settle(() -> ctx.aws().eks().createNodegroup(r -> r.clusterName(cluster(ctx, spec)).nodegroupName(spec.name())
                .nodeRole(ctx.dep(spec.role()).out("arn")).subnets(spec.subnets().stream().map(ctx::id).toList())
                .instanceTypes(spec.instanceType()).amiType(amiType(spec)).launchTemplate(t -> t.id(template).version("1"))
                .labels(spec.labels()).taints(taints)
                .scalingConfig(s -> s.minSize(spec.minSize()).desiredSize(spec.desiredSize()).maxSize(spec.maxSize()))
                .clientRequestToken(ctx.clientToken()).tags(tags))).nodegroup();
        ctx.progress("creating " + ng.nodegroupArn());
        return finish(ctx, spec, live(ng));
    }

    /**
     * A group found without a record of it (a resumed run, lost state) is brought to the config's
     * bounds. Its desired size is left alone: the cluster autoscaler owns it once nodes run.
     */
    public Live finish(StepContext ctx, Spec.NodeGroup spec, Live live) {
        Live active = waitActive(ctx, spec);
        String[] now = String.valueOf(active.out("scaling")).split("/");
        if (now.length == 3 && now[0].equals(String.valueOf(spec.minSize())) && now[2].equals(String.valueOf(spec.maxSize()))) {
            return active;
        }
        ctx.progress("bounds " + now[0] + ".." + now[now.length - 1] + " become " + spec.minSize() + ".." + spec.maxSize());
        int desired = Math.max(spec.minSize(), Math.min(spec.maxSize(), now.length == 3 ? Integer.parseInt(now[1]) : spec.desiredSize()));
        ctx.aws().eks().updateNodegroupConfig(r -> r.clusterName(cluster(ctx, spec)).nodegroupName(spec.name())
                .scalingConfig(s -> s.minSize(spec.minSize()).desiredSize(desired).maxSize(spec.maxSize())));
        return waitActive(ctx, spec);
    }

    /** The bounds, and the taints (a group made before kpc tainted the platform group gets its taint here). */
    public Live update(StepContext ctx, Spec.NodeGroup spec, Live live) {
        String cluster = cluster(ctx, spec);
        List<Taint> want = spec.taints().stream().map(NodeGroupHandler::taint).toList();
        List<Taint> have = ctx.aws().eks().describeNodegroup(r -> r.clusterName(cluster).nodegroupName(spec.name())).nodegroup().taints();
        List<Taint> gone = have.stream().filter(t -> want.stream().noneMatch(w -> w.key().equals(t.key()))).toList();
        List<Taint> added = want.stream().filter(w -> !have.contains(w)).toList();
        ctx.aws().eks().updateNodegroupConfig(r -> {
            r.clusterName(cluster).nodegroupName(spec.name())
                    .scalingConfig(s -> s.minSize(spec.minSize()).desiredSize(spec.desiredSize()).maxSize(spec.maxSize()));
            if (!added.isEmpty() || !gone.isEmpty()) r.taints(t -> t.addOrUpdateTaints(added).removeTaints(gone));
        });
        return waitActive(ctx, spec);
    }

    /**
     * EKS's AL2023 images (AL2 ones are not offered from Kubernetes 1.33 on): the NVIDIA one, with its
     * drivers and container toolkit, for the group tainted for GPUs; the standard one for the rest.
     */
    static AMITypes amiType(Spec.NodeGroup spec) {
        return spec.taints().stream().anyMatch(t -> t.startsWith("nvidia.com/gpu")) ? AMITypes.AL2023_X86_64_NVIDIA : AMITypes.AL2023_X86_64_STANDARD;
    }

    private Live waitActive(StepContext ctx, Spec.NodeGroup spec) {
        Nodegroup ng = Poll.until(ctx, "ACTIVE", CREATE, () -> {
            Nodegroup now = ctx.aws().eks().describeNodegroup(r -> r.clusterName(cluster(ctx, spec)).nodegroupName(spec.name())).nodegroup();
            if (now.status() == NodegroupStatus.CREATE_FAILED || now.status() == NodegroupStatus.DEGRADED) {
                String issues = now.health() == null ? "" : now.health().issues().stream()
                        .map(i -> i.codeAsString() + ": " + i.message()).reduce((a, b) -> a + "; " + b).orElse("");
                throw new KpcException.OperationFailed(ctx.resourceId() + ": node group is " + now.statusAsString()
                        + (issues.isEmpty() ? "" : " (" + issues + ")") + "; fix the cause, then re-run `kpc apply`");
            }
            return now.status() == NodegroupStatus.ACTIVE ? Poll.Seen.done("ACTIVE", now) : Poll.Seen.waiting(now.statusAsString());
        });
        return live(ng);
    }

    public void delete(StepContext ctx, Spec.NodeGroup spec, Live live) {
        String cluster = cluster(ctx, spec);
        try {
            ctx.aws().eks().deleteNodegroup(r -> r.clusterName(cluster).nodegroupName(spec.name()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                NodeLaunchTemplates.delete(ctx, templateName(ctx, spec)); // a run killed between the two
                return;
            }
            if (!AwsErrors.code(e).equals("ResourceInUseException")) throw e;
        }
        Poll.untilGone(ctx, DELETE, () -> Optional.of(ctx.aws().eks().describeNodegroup(r -> r.clusterName(cluster)
                .nodegroupName(spec.name())).nodegroup().statusAsString()));
        NodeLaunchTemplates.delete(ctx, templateName(ctx, spec));
    }

    private static String templateName(StepContext ctx, Spec.NodeGroup spec) {
        return ctx.clusterName() + "-" + spec.name();
    }

    private static Taint taint(String t) {
        // key=value:Effect, as kubectl writes taints
        String[] kv = t.split("[=:]");
        TaintEffect effect = switch (kv.length > 2 ? kv[2] : "NoSchedule") {
            case "NoExecute" -> TaintEffect.NO_EXECUTE;
            case "PreferNoSchedule" -> TaintEffect.PREFER_NO_SCHEDULE;
            default -> TaintEffect.NO_SCHEDULE;
        };
        return Taint.builder().key(kv[0]).value(kv[1]).effect(effect).build();
    }

    private static Live live(Nodegroup ng) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("arn", ng.nodegroupArn());
        if (ng.scalingConfig() != null) {
            out.put("scaling", ng.scalingConfig().minSize() + "/" + ng.scalingConfig().desiredSize() + "/" + ng.scalingConfig().maxSize());
        }
        return Live.of(ng.nodegroupName(), out);
    }

    /** The launch templates kpc makes for the node groups (NodeLaunchTemplates), tagged with the cluster. */
    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return NodeLaunchTemplates.leftovers(aws, cluster);
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeLaunchTemplates");
    }
}
