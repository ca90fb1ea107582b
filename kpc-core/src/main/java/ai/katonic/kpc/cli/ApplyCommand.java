package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.Install;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create or converge the cluster: shows the plan, asks, then creates in parallel. Resumable.")
final class ApplyCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChangeOptions change;

    @picocli.CommandLine.Mixin
    OutputOption output;

    @Option(names = "--skip-preflight", description = "Do not run the preflight checks (credentials are still checked). "
            + "They run when the plan creates or deletes something.")
    boolean skipPreflight;

    @Option(names = "--allow-open-ssh", description = "Allow jump_host.allowed_cidrs to include 0.0.0.0/0.")
    boolean allowOpenSsh;

    @Option(names = "--allow-data-loss", description = "With --yes: apply a change that loses data (the plan marks it '! data loss').")
    boolean allowDataLoss;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "PLAN", description = "A plan saved by `kpc plan --out`: applied as it is (its confirmation), refused if the config or state changed.")
    java.nio.file.Path savedPlan;

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Session s = session();
             StateStore.Lock lock = s.store.lock("apply")) {
            if (!allowOpenSsh) Configs.refuseOpenSsh(config.file, s.config);
            // With -o json, stdout carries one JSON object; what people read goes to stderr.
            PrintWriter human = output.json() ? err() : out;
            State state = s.store.load();
            // Chosen once: a later apply never upgrades the cluster because the newest version moved.
            if (s.eksVersion.chosenByKpc() && state.eksVersion() == null) state.recordEksVersion(s.eksVersion.version());
            List<Resource> orphans = s.orphans(state);
            Install install = new Install(s.config, s.aws, s.store, state, s.graph, orphans);
            Plan plan = StatePlan.of(s, state, orphans);
            // before anything else touches the state (preflight records the account)
            if (savedPlan != null) SavedPlan.requireCurrent(savedPlan, config.file, state, s.config.clusterName(), s.config.region(), plan);
            // Preflight guards changes; a cluster that state says is complete only needs working credentials.
            s.requireAccount(state, skipPreflight || !Install.changes(plan) ? Preflight.identity(s, human) : InstallText.preflight(human, s, install));
            InstallText.plan(human, s, plan);
            InstallText.confirm(human, s, plan, change.yes, savedPlan, allowDataLoss);
            try (Interrupt.Handling interrupts = Interrupt.install(human)) {
                Progress progress = new Progress(out, output.json());
                Install.Result r = install.run(s.run(state, progress), change.parallelism());
                if (r.interrupted()) return Timeline.interrupted(human, s.graph.inOrder().size(), r.steps(), "apply");
                InstallText.report(out, output, s.graph, r, progress);
                // a failed run's state is worth keeping too: copied before the failure is said
                boolean copied = !r.changed() || InstallText.copyState(install, config.file, human);
                KpcException.OperationFailed failed = InstallText.failure(r);
                if (failed != null) throw failed;
                return copied ? 0 : 1;
            }
        }
    }
}
