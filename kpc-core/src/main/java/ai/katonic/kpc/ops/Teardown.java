package ai.katonic.kpc.ops;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.ec2.VpcHandler;
import ai.katonic.kpc.aws.ec2.PersistentVolumes;
import ai.katonic.kpc.aws.elb.KubernetesLeftovers;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.Destroy;
import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.Leftovers;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Deleting a cluster and everything kpc made for it, as an operation: what it will delete
 * ({@link #plan}), then the walk in reverse order with what Kubernetes made in the VPC cleaned
 * before the network goes, the claims' volumes once the cluster is gone, and the last look for
 * anything still tagged ({@link #run}). The CLI asks and prints; this decides and does.
 */
public final class Teardown {
    private final ClusterConfig config;
    private final AwsClients aws;
    private final StateStore store;
    private final State state;
    private final ResourceGraph graph;
    private final boolean deleteBackups;

    /** The graph is the config's with what state still records that the config no longer asks for. */
    public Teardown(ClusterConfig config, AwsClients aws, StateStore store, State state, ResourceGraph graph, boolean deleteBackups) {
        this.config = config;
        this.aws = aws;
        this.store = store;
        this.state = state;
        this.graph = graph;
        this.deleteBackups = deleteBackups;
        String recordedBucket = state.awsId(Ids.BACKUP_BUCKET);
        if (recordedBucket != null && !recordedBucket.equals(config.backup().bucket())) {
            // Destroying by the config would look for the new name and forget the bucket that holds the backups.
            throw new KpcException.InvalidInput("state records the backup bucket " + recordedBucket + ", the config names "
                    + config.backup().bucket() + "; nothing was changed. Run `kpc apply` first (it makes the new bucket and "
                    + "keeps the old one), or set backup.bucket back to " + recordedBucket);
        }
    }

    /** One resource of the plan, dependants first: deleted, or kept with the backups; its id in AWS if state has it. */
    public record Step(String id, String awsId, boolean kept) {}

    /** What a teardown deletes and keeps: the graph's resources, and the data a running platform made outside it. */
    public record Plan(List<Step> steps, List<PersistentVolumes.Data> volumes, List<PersistentVolumes.Data> snapshots) {}

    /** How it went: each step's result, what is still tagged afterwards, snapshots kept with the backups. */
    public record Result(Map<String, Walk.Result> steps, double walkSeconds, boolean interrupted, List<String> remaining, int keptSnapshots) {
        public List<Walk.Result> failed() {
            return steps.values().stream().filter(r -> r.status() == Walk.Status.FAILED).toList();
        }
    }

    public Plan plan() {
        List<Resource> reverse = new ArrayList<>(graph.inOrder());
        Collections.reverse(reverse);
        List<Step> steps = reverse.stream().map(r -> new Step(r.id(), state.awsId(r.id()), Destroy.keeps(r, deleteBackups))).toList();
        return new Plan(steps, PersistentVolumes.volumes(aws, config.clusterName()), PersistentVolumes.snapshots(aws, config.clusterName()));
    }

    /**
     * Deletes (at most {@code parallelism} at a time); when nothing failed, the claims' volumes too (and with
     * --delete-backups Velero's snapshots), and the state starts a new install. A Ctrl-C returns at once, interrupted.
     */
    public Result run(RunContext run, Progress progress, int parallelism, boolean skipKubernetes) {
        String vpc = vpcId();
        long walkStart = System.nanoTime();
        Map<String, Walk.Result> results = new Destroy(run, store, graph, deleteBackups).skipKubernetes(skipKubernetes)
                .beforeNetwork(() -> { if (vpc != null) new KubernetesLeftovers(aws, config.clusterName(), progress).clean(vpc); })
                .run(parallelism);
        if (Interrupt.requested()) return new Result(results, seconds(walkStart), true, List.of(), 0);
        boolean failed = results.values().stream().anyMatch(r -> r.status() == Walk.Status.FAILED);
        if (!failed) {
            // The cluster is gone: nothing mounts the claims' volumes now (asked again: the driver may have made more).
            List<PersistentVolumes.Data> data = new ArrayList<>(PersistentVolumes.volumes(aws, config.clusterName()));
            if (deleteBackups) data.addAll(PersistentVolumes.snapshots(aws, config.clusterName()));
            PersistentVolumes.delete(aws, data, line -> progress.line("persistent-volumes", line), run.timeScale());
        }
        double walkSeconds = seconds(walkStart);
        List<String> left = remaining();
        if (!failed) {
            // What is made next is a new install: tokens AWS still remembers for the deleted resources are not reused.
            state.newInstall();
            store.save(state);
        }
        int kept = deleteBackups ? 0 : PersistentVolumes.snapshots(aws, config.clusterName()).size();
        return new Result(results, walkSeconds, false, left, kept);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The cluster's VPC: state's, or the one carrying the cluster's tag (checked on the answer). */
    private String vpcId() {
        if (state.awsId(Ids.VPC) != null) return state.awsId(Ids.VPC);
        return VpcHandler.tagged(aws, config.clusterName()).orElse(null);
    }

    /** What is still tagged for the cluster in AWS: the kinds' last look, the claims' volumes, and (deleting backups) the snapshots. */
    private List<String> remaining() {
        List<Resource> removed = graph.inOrder().stream().filter(r -> !Destroy.keeps(r, deleteBackups)).toList();
        List<String> left = new ArrayList<>(Leftovers.find(aws, config.clusterName(), Catalog.KINDS, removed));
        PersistentVolumes.volumes(aws, config.clusterName()).forEach(v -> left.add(v.line()));
        if (deleteBackups) PersistentVolumes.snapshots(aws, config.clusterName()).forEach(v -> left.add(v.line()));
        return left;
    }
}
