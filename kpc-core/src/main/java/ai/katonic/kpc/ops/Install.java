package ai.katonic.kpc.ops;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.aws.preflight.PreflightChecks;
import ai.katonic.kpc.backup.StateCopy;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.Apply;
import ai.katonic.kpc.engine.Destroy;
import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Orphans;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creating or converging a cluster, as an operation: the preflight a plan with changes needs
 * ({@link #preflight}), the walk that makes the config real and then removes what the config no
 * longer asks for ({@link #run}), and the state's copy to the backup bucket ({@link #copyState}).
 * The CLI shows the plan, asks, and prints what these return.
 */
public final class Install {
    private final ClusterConfig config;
    private final AwsClients aws;
    private final StateStore store;
    private final State state;
    private final ResourceGraph graph;
    private final List<Resource> orphans;

    public Install(ClusterConfig config, AwsClients aws, StateStore store, State state, ResourceGraph graph, List<Resource> orphans) {
        this.config = config;
        this.aws = aws;
        this.store = store;
        this.state = state;
        this.graph = graph;
        this.orphans = orphans;
    }

    /** Whether the plan creates, replaces or deletes anything (what the full preflight guards). */
    public static boolean changes(Plan plan) {
        return plan.count(Plan.Action.CREATE) + plan.count(Plan.Action.REPLACE) + plan.count(Plan.Action.DELETE) > 0;
    }

    /** The preflight checks and the caller's account. */
    public record Preflight(List<Check> checks, String account) {
        public List<Check> notable() {
            return checks.stream().filter(c -> c.verdict() != Check.Verdict.PASS).toList();
        }
    }

    /** Every preflight check (a create state says was cut short is expected to exist), with the run's redirects. */
    public Preflight preflight(ai.katonic.kpc.runtime.Overrides overrides) {
        PreflightChecks preflight = new PreflightChecks(aws, config, overrides).interruptedCreates(state::createInterrupted);
        List<Check> checks = preflight.run();
        return new Preflight(checks, preflight.callerAccount());
    }

    /** How a run went: each step's result (the orphans' deletions too), and whether Ctrl-C cut it short. */
    public record Result(Map<String, Walk.Result> steps, double walkSeconds, boolean interrupted) {
        public List<Walk.Result> failed() {
            return steps.values().stream().filter(r -> r.status() == Walk.Status.FAILED).toList();
        }

        /** Whether anything in AWS or the cluster was made, changed or deleted (also by a failed run). */
        public boolean changed() {
            return steps.values().stream().anyMatch(r -> !r.what().equals("unchanged"));
        }
    }

    /**
     * Creates what is missing and converges what drifted (at most {@code parallelism} at a time); once
     * all of that is done, deletes what the config no longer asks for, dependants first.
     */
    public Result run(RunContext run, int parallelism) {
        long start = System.nanoTime();
        Map<String, Walk.Result> results = new LinkedHashMap<>(new Apply(run, store, graph).run(parallelism));
        if (Interrupt.requested()) return new Result(results, seconds(start), true);
        boolean applied = results.values().stream().noneMatch(r -> r.status() != Walk.Status.DONE);
        if (applied && !orphans.isEmpty()) {
            results.putAll(new Destroy(run, store, Orphans.with(graph, orphans), false)
                    .run(parallelism, orphans.stream().map(Resource::id).toList()));
        }
        return new Result(results, seconds(start), Interrupt.requested());
    }

    /**
     * The local state and the config, copied to the backup bucket once it exists (for `kpc state pull`):
     * where they went, or empty when there is no bucket to copy to yet. A failed copy throws.
     */
    public java.util.Optional<String> copyState(Path configFile) {
        if (!StateCopy.applies(config) || !state.isCreated(Ids.BACKUP_BUCKET)) return java.util.Optional.empty();
        StateCopy.push(aws, config, store.localDir().resolve("state.json"), configFile);
        return java.util.Optional.of(StateCopy.location(config));
    }

    /** Where {@link #copyState} copies to. */
    public String stateCopyLocation() {
        return StateCopy.location(config);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
