package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * destroy: walks the graph backwards — a resource goes once everything that depends on it is
 * gone — in parallel where the graph allows. Not-found is success. The backup bucket is kept
 * unless the user asked for its deletion.
 */
public final class Destroy {
    private final RunContext run;
    private final StateStore store;
    private final ResourceGraph graph;
    private final boolean deleteBackups;
    private boolean skipKubernetes;
    private Runnable beforeNetwork = () -> { };

    public Destroy(RunContext run, StateStore store, ResourceGraph graph, boolean deleteBackups) {
        this.run = run;
        this.store = store;
        run.saver(store::save);
        this.graph = graph;
        this.deleteBackups = deleteBackups;
    }

    /** Leaves what lives in the cluster to the cluster's deletion instead of deleting it through its API. */
    public Destroy skipKubernetes(boolean skip) {
        this.skipKubernetes = skip;
        return this;
    }

    /**
     * Runs {@code cleanup} once, just before the first subnet, internet gateway or the VPC goes — what
     * Kubernetes' load balancers would block. The graph orders each of those after the node groups
     * (through the NAT gateway's route, the cluster, the jump host), and the platform node group
     * after the load balancer controller and the Ingresses: so by then the controller is gone and
     * what it left in the VPC (load balancers, their security groups, ENIs) is not made again.
     */
    public Destroy beforeNetwork(Runnable cleanup) {
        this.beforeNetwork = cleanup;
        return this;
    }

    public static boolean keeps(Resource r, boolean deleteBackups) {
        return r.spec().holdsBackups() && !deleteBackups;
    }

    public Map<String, Walk.Result> run(int parallelism) {
        return run(parallelism, graph.inOrder().stream().map(Resource::id).toList());
    }

    /** Deletes only {@code ids} (apply uses this for resources the config no longer has). */
    public Map<String, Walk.Result> run(int parallelism, List<String> ids) {
        Map<String, Double> priority = CriticalPath.priorities(graph, false);
        run.progress().walk(ids, priority, run.timeScale());
        return Walk.run(ids, graph::dependentsOf, id -> graph.get(id).dependsOn(), parallelism, this::step, r -> {
            run.progress().problem(r);
            run.progress().ended(r.id());
        }, id -> priority.getOrDefault(id, 0.0));
    }

    private String step(String id) {
        run.progress().started(id);
        Resource r = graph.get(id);
        try {
            return destroy(r, run.kinds().of(r.spec()));
        } catch (ai.katonic.kpc.errors.KpcException e) {
            if (!r.spec().inCluster() || skipKubernetes) throw e;
            throw new ai.katonic.kpc.errors.KpcException.OperationFailed(e.getMessage() + " (to destroy without reaching the cluster's API, "
                    + "`kpc destroy --skip-kubernetes` leaves what is in the cluster to the cluster's deletion)", e);
        } finally {
            StepContext.leave();
        }
    }

    private <S extends Spec> String destroy(Resource r, Handler<S> h) {
        @SuppressWarnings("unchecked")
        S spec = (S) r.spec();
        StepContext ctx = new StepContext(r, run);
        ctx.enter();
        if (keeps(r, deleteBackups)) {
            ctx.progress("kept (backups stay unless --delete-backups)");
            return "kept";
        }
        if (skipKubernetes && spec.inCluster()) {
            ctx.progress("left to the cluster's deletion (--skip-kubernetes)");
            forget(r.id());
            return "absent";
        }
        if (spec.blockedByKubernetesLeftovers()) run.memo("kubernetes-leftovers", () -> { beforeNetwork.run(); return Boolean.TRUE; });
        Optional<Live> found;
        try {
            found = h.observe(ctx, spec);
        } catch (MissingDependency e) {
            found = Optional.empty(); // its dependency never existed, so neither did it
        }
        if (found.isEmpty()) {
            forget(r.id());
            return "absent";
        }
        ctx.progress("deleting " + found.get().awsId());
        Live recorded = run.live(r.id());
        boolean same = recorded != null && recorded.awsId().equals(found.get().awsId());
        h.delete(ctx, spec, same ? found.get().withRecorded(recorded.outputs()) : found.get());
        forget(r.id());
        ctx.progress("deleted " + found.get().awsId());
        return "deleted";
    }

    private void forget(String id) {
        run.state().removed(id);
        store.save(run.state());
    }
}
