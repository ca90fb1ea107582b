package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * apply: walks the graph forwards. Each step finds its resource (state id, then tag), creates it
 * if missing, finishes it if an interrupted run left it half-made, updates what can change in
 * place, and records the result in state before any dependant starts.
 */
public final class Apply {
    private final RunContext run;
    private final StateStore store;
    private final ResourceGraph graph;

    public Apply(RunContext run, StateStore store, ResourceGraph graph) {
        this.run = run;
        this.store = store;
        run.saver(store::save);
        this.graph = graph;
    }

    /**
     * Walks the graph; then deals with what replacements left behind (Terraform's create-before-destroy):
     * each old resource only once the new one and everything that depends on it succeeded, so an old
     * certificate goes only after the Ingresses moved to the new one.
     */
    public Map<String, Walk.Result> run(int parallelism) {
        List<String> ids = graph.inOrder().stream().map(Resource::id).toList();
        run.prefetch(graph);
        Map<String, Double> priority = CriticalPath.priorities(graph, true);
        run.progress().walk(ids, priority, run.timeScale());
        Map<String, Walk.Result> results = Walk.run(ids, id -> graph.get(id).dependsOn(), graph::dependentsOf, parallelism, this::step, r -> {
            if (r.status() == Walk.Status.FAILED) {
                run.state().failed(r.id(), graph.get(r.id()).type(), r.error());
                store.save(run.state());
            }
            run.progress().problem(r);
            run.progress().ended(r.id());
        }, id -> priority.getOrDefault(id, 0.0));
        for (Deposed d : deposed) {
            boolean settled = java.util.stream.Stream.concat(java.util.stream.Stream.of(d.resource().id()), descendants(d.resource().id()).stream())
                    .allMatch(id -> results.get(id) != null && results.get(id).status() == Walk.Status.DONE);
            // not settled (a dependant failed, or Ctrl-C): the old one is left as it is, tagged as this resource's,
            // and its handler's delete takes every one so tagged at destroy
            if (!settled) continue;
            StepContext ctx = new StepContext(d.resource(), run);
            ctx.enter();
            try {
                d.replacer().replaced(ctx, d.oldId());
                ctx.progress("replaced " + d.oldId());
            } finally {
                StepContext.leave();
            }
        }
        return results;
    }

    /** An old resource a replacement left, dealt with after the walk. */
    private record Deposed(Resource resource, Handler.Replacer replacer, String oldId) {}

    /** Resources made anew in this run: their dependants that can update in place take the new one. */
    private final java.util.Set<String> replacedThisRun = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final List<Deposed> deposed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private java.util.Set<String> descendants(String id) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(graph.dependentsOf(id));
        while (!todo.isEmpty()) {
            String d = todo.pop();
            if (out.add(d)) todo.addAll(graph.dependentsOf(d));
        }
        return out;
    }

    private String step(String id) {
        run.progress().started(id);
        Resource r = graph.get(id);
        try {
            return apply(r, run.kinds().of(r.spec()));
        } finally {
            StepContext.leave();
        }
    }

    private <S extends Spec> String apply(Resource r, Handler<S> h) {
        @SuppressWarnings("unchecked")
        S spec = (S) r.spec();
        StepContext ctx = new StepContext(r, run);
        ctx.enter();
        Map<String, Object> wanted = r.attributes();
        String recordedId = run.state().awsId(r.id());
        Optional<Live> found = run.takePrefetched(r.id());
        if (found == null) found = h.observe(ctx, spec);
        Live live;
        String what;
        if (found.isEmpty()) {
            ctx.progress("creating: " + r.describe());
            live = create(ctx, h, spec, Optional.empty());
            what = "created";
        } else if (run.state().isCreated(r.id()) && found.get().awsId().equals(run.state().awsId(r.id()))) {
            List<String> changed = Specs.changed(run.state().get(r.id()).spec(), wanted);
            List<String> replacedDeps = r.dependsOn().stream().filter(replacedThisRun::contains).toList();
            if (h instanceof Handler.Replacer rep && changed.stream().anyMatch(rep.forcesReplacement()::contains)) {
                ctx.progress("replacing: " + String.join(", ", changed) + " changed; making the new one first");
                live = create(ctx, h, spec, Optional.empty());
                what = "created";
            } else if (changed.isEmpty() && !replacedDeps.isEmpty() && h instanceof Handler.Updater<?>) {
                @SuppressWarnings("unchecked")
                Handler.Updater<S> u = (Handler.Updater<S>) h;
                ctx.progress("updating: " + String.join(", ", replacedDeps) + " replaced");
                live = u.update(ctx, spec, found.get());
                what = "updated";
            } else if (changed.isEmpty()) {
                live = found.get().withRecorded(run.state().get(r.id()).outputs());
                what = "unchanged";
            } else if (h instanceof Handler.Updater<?>) {
                @SuppressWarnings("unchecked")
                Handler.Updater<S> u = (Handler.Updater<S>) h;
                ctx.progress("updating " + String.join(", ", changed));
                live = u.update(ctx, spec, found.get());
                what = "updated";
            } else {
                throw new KpcException.OperationFailed(r.id() + ": the config changes " + String.join(", ", changed)
                        + " of this " + r.type() + ", which cannot be changed in place; revert the change, "
                        + "or destroy and re-apply the cluster");
            }
        } else {
            ctx.progress("adopting " + found.get().awsId() + " (found by tag)");
            live = create(ctx, h, spec, found);
            what = "adopted";
        }
        run.remember(r.id(), live);
        run.state().created(r.id(), r.type(), live.awsId(), live.outputs(), wanted);
        store.save(run.state());
        if (recordedId != null && !recordedId.equals(live.awsId()) && h instanceof Handler.Replacer rep) {
            if (rep.afterDependents()) deposed.add(new Deposed(r, rep, recordedId));
            else rep.replaced(ctx, recordedId);
            replacedThisRun.add(r.id());
            what = "replaced";
        }
        if (!what.equals("unchanged")) ctx.progress(what + " " + live.awsId());
        return what;
    }

    /** How often a create whose answer was lost is tried again (each time after looking for what it made). */
    static final int CREATE_ATTEMPTS = 10;

    /**
     * Creates the resource, or finishes the one {@code found} (adopted by tag). When an answer is
     * lost (the connection dropped, a timeout or a 5xx after AWS may have acted: the SDK does not
     * repeat a create without a client token), the resource is looked for by its tags before it is
     * made again: twice, a few seconds apart, since AWS lists a new resource a moment after it made
     * it. Found: finished (idempotently) and adopted, never made twice.
     */
    private <S extends Spec> Live create(StepContext ctx, Handler<S> h, S spec, Optional<Live> found) {
        for (int attempt = 1; ; attempt++) {
            try {
                return found.isPresent() ? h.finish(ctx, spec, found.get()) : h.create(ctx, spec);
            } catch (RuntimeException e) {
                if (!AwsErrors.answerMayBeLost(e) || attempt >= CREATE_ATTEMPTS) throw e;
                ctx.progress("no answer from AWS (" + AwsErrors.why(e) + "); looking for what it may have made before trying again");
                ctx.intendToCreate(); // kinds that search wider only after an interrupted create search now
                found = lookTwice(ctx, h, spec);
                found.ifPresent(f -> ctx.progress("AWS had made it: adopting " + f.awsId()));
            }
        }
    }

    private static <S extends Spec> Optional<Live> lookTwice(StepContext ctx, Handler<S> h, S spec) {
        Optional<Live> found = h.observe(ctx, spec);
        if (found.isPresent()) return found;
        Poll.sleep(Math.max(1, ctx.timeScale().of(java.time.Duration.ofSeconds(5)).toMillis()));
        return h.observe(ctx, spec);
    }
}
