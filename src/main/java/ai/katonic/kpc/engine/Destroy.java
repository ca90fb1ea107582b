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

    public Destroy(RunContext run, StateStore store, ResourceGraph graph, boolean deleteBackups) {
        this.run = run;
        this.store = store;
        this.graph = graph;
        this.deleteBackups = deleteBackups;
    }

    public static boolean keeps(Resource r, boolean deleteBackups) {
        return r.spec() instanceof Spec.S3Bucket && !deleteBackups;
    }

    public Map<String, Walk.Result> run(int parallelism) {
        return run(parallelism, graph.inOrder().stream().map(Resource::id).toList());
    }

    /** Deletes only {@code ids} (apply uses this for resources the config no longer has). */
    public Map<String, Walk.Result> run(int parallelism, List<String> ids) {
        return Walk.run(ids, graph::dependentsOf, id -> graph.get(id).dependsOn(), parallelism, this::step, run.progress()::problem);
    }

    private String step(String id) {
        Resource r = graph.get(id);
        return destroy(r, Handlers.of(r.spec()));
    }

    private <S extends Spec> String destroy(Resource r, Handler<S> h) {
        @SuppressWarnings("unchecked")
        S spec = (S) r.spec();
        StepContext ctx = new StepContext(r, run);
        if (keeps(r, deleteBackups)) {
            ctx.progress("kept (backups stay unless --delete-backups)");
            return "kept";
        }
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
