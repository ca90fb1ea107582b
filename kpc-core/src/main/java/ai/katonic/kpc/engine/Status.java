package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** status: one row per resource — is it there, is it the one kpc made, is it as configured. */
public final class Status {
    public enum Sync { IN_SYNC, DRIFTED, MISSING, FAILED }

    public record Row(String id, String type, String awsId, Sync sync, String detail) {}

    private final RunContext run;
    private final ResourceGraph graph;

    public Status(RunContext run, ResourceGraph graph) {
        this.run = run;
        this.graph = graph;
    }

    public List<Row> rows(int parallelism) {
        Map<String, Row> rows = new ConcurrentHashMap<>();
        List<String> ids = graph.inOrder().stream().map(Resource::id).toList();
        run.prefetch(graph);
        // All at once: a resource's dependencies are looked up by the ids state recorded for them.
        Map<String, Walk.Result> results = Walk.run(ids, id -> List.of(), id -> List.of(), parallelism, id -> {
            Resource r = graph.get(id);
            rows.put(id, row(r, run.kinds().of(r.spec())));
            return "observed";
        }, r -> { });
        List<Row> out = new ArrayList<>();
        for (String id : ids) {
            Walk.Result res = results.get(id);
            Row row = rows.get(id);
            if (row == null) {
                row = new Row(id, graph.get(id).type(), run.state().awsId(id), Sync.MISSING,
                        res == null ? "not checked" : "could not check: " + res.error());
            }
            out.add(row);
        }
        return out;
    }

    private <S extends Spec> Row row(Resource r, Handler<S> h) {
        @SuppressWarnings("unchecked")
        S spec = (S) r.spec();
        StepContext ctx = new StepContext(r, run);
        State.Entry e = run.state().get(r.id());
        Optional<Live> found;
        try {
            found = run.takePrefetched(r.id());
            if (found == null) found = h.observe(ctx, spec);
        } catch (MissingDependency m) {
            found = Optional.empty();
        }
        boolean failed = e != null && "failed".equals(e.status());
        if (failed && (found.isEmpty() || e.awsId() == null)) {
            // The last apply's own words for why (state keeps them): more use than "missing".
            return new Row(r.id(), r.type(), found.map(Live::awsId).orElse(null), Sync.FAILED, "failed: " + e.error());
        }
        if (found.isEmpty()) {
            return new Row(r.id(), r.type(), e == null ? null : e.awsId(), Sync.MISSING,
                    e == null ? "not created yet" : "recorded in state but gone from AWS");
        }
        String id = found.get().awsId();
        if (e == null || !"created".equals(e.status())) {
            return new Row(r.id(), r.type(), id, failed ? Sync.FAILED : Sync.DRIFTED, (failed ? "failed: " + e.error() + "; it exists, "
                    : "exists but ") + "apply has not finished it; run `kpc apply`");
        }
        if (!id.equals(e.awsId())) {
            return new Row(r.id(), r.type(), id, Sync.DRIFTED, "state records " + e.awsId() + "; it was replaced outside kpc");
        }
        List<String> changed = Specs.changed(e.spec(), r.attributes());
        if (!changed.isEmpty()) {
            return new Row(r.id(), r.type(), id, Sync.DRIFTED, "config changes " + String.join(", ", changed));
        }
        return new Row(r.id(), r.type(), id, Sync.IN_SYNC, "");
    }
}
