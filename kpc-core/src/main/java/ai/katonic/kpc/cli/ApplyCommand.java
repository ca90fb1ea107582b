package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.Install;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            if (!allowOpenSsh && s.config.jumpHost().allowedCidrs().stream().anyMatch(cidr -> cidr.endsWith("/0"))) {
                throw new KpcException.InvalidInput(config.file + ": jump_host.allowed_cidrs opens SSH on the jump host to the "
                        + "whole internet; list your own networks, or pass --allow-open-ssh if that is really meant");
            }
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
            s.requireAccount(state, skipPreflight || !Install.changes(plan) ? Preflight.identity(s, human) : preflight(human, install));
            human.println("Plan for cluster " + s.config.clusterName() + " in " + s.aws.region() + ": " + PlanText.counts(plan)
                    + " (resources recorded in state are checked against AWS).");
            human.println("EKS version " + s.eksVersion.version() + ": " + s.eksVersion.why() + ".");
            StatePlan.print(human, plan);
            confirm(human, s, plan);
            try (Interrupt.Handling interrupts = Interrupt.install(human)) {
                Progress progress = new Progress(out, output.json());
                Install.Result r = install.run(s.run(state, progress), change.parallelism());
                if (r.interrupted()) return interrupted(human, s.graph.inOrder().size(), r.steps(), "apply");
                KpcException.OperationFailed failed = null;
                try {
                    report(out, s, r, progress);
                } catch (KpcException.OperationFailed e) {
                    failed = e; // a step failed: said once the state is copied (a failed run's state is worth keeping too)
                }
                boolean copied = !r.changed() || copyState(install, human);
                if (failed != null) throw failed;
                return copied ? 0 : 1;
            }
        }
    }

    /** Every preflight check, the notable ones printed; a failed one ends the command (exit 3). The caller's account. */
    private static String preflight(PrintWriter human, Install install) {
        Install.Preflight p = install.preflight();
        List<Check> notable = p.notable();
        human.println("Preflight: " + (p.checks().size() - notable.size()) + " of " + p.checks().size() + " checks passed"
                + (notable.isEmpty() ? "." : ":"));
        if (!notable.isEmpty()) PreflightCommand.print(human, notable);
        human.flush();
        PreflightCommand.verdict(p.checks());
        return p.account();
    }

    /** A saved plan is its own confirmation; a change that loses data needs the cluster's name typed (or --yes --allow-data-loss). */
    private void confirm(PrintWriter human, Session s, Plan plan) {
        boolean yes = change.yes;
        if (savedPlan != null) {
            human.println("Applying the saved plan " + savedPlan + ": the config and state are as it was made from.");
            yes = true;
        }
        List<String> losses = plan.changes().stream().map(StatePlan::dataLoss).flatMap(java.util.Optional::stream).toList();
        if (!losses.isEmpty()) {
            human.flush();
            Confirm.askName(yes && allowDataLoss, s.config.clusterName(), "This loses data that kpc cannot put back.",
                    yes ? "pass --allow-data-loss to apply a change that loses data" : null, human);
        } else if (plan.count(Plan.Action.CREATE) + plan.count(Plan.Action.UPDATE) + plan.count(Plan.Action.REPLACE)
                + plan.count(Plan.Action.DELETE) > 0) {
            Confirm.ask(yes, "Make these changes in AWS?", human);
        }
        human.flush();
    }

    /** After Ctrl-C: what was done, what was cut short, what did not start; exit 130, as a shell reports an interrupted command. */
    static int interrupted(PrintWriter out, int total, Map<String, Walk.Result> results, String command) {
        long done = results.values().stream().filter(r -> r.status() == Walk.Status.DONE).count();
        List<String> cut = results.values().stream().filter(r -> r.status() == Walk.Status.FAILED).map(Walk.Result::id).toList();
        out.println("Interrupted: " + done + " of " + total + " steps done" + (cut.isEmpty() ? "" : ", cut short: " + String.join(", ", cut))
                + ", " + (total - results.size()) + " not started; state is saved. Run `kpc " + command + "` again to finish.");
        out.flush();
        return 130;
    }

    /**
     * After every apply that changed something (also a failed one: its state is worth keeping too), the local state and the
     * config go to the backup bucket once it exists, for `kpc state pull`. A copy that fails fails
     * the command: the user relies on it to recover.
     */
    private boolean copyState(Install install, PrintWriter human) {
        try {
            install.copyState(config.file).ifPresent(at -> human.println("State and config copied to " + at + " (recover with `kpc state pull`)."));
            return true;
        } catch (RuntimeException e) {
            human.println("error: " + AwsErrors.explain("copy of the state to " + install.stateCopyLocation(), e));
            return false;
        } finally {
            human.flush();
        }
    }

    /** The run's summary (a table line, or one JSON object); a failed step ends the command, naming the first. */
    private void report(PrintWriter out, Session s, Install.Result r, Progress progress) {
        Map<String, Walk.Result> results = r.steps();
        Map<String, Integer> counts = Timeline.counts(results);
        List<Walk.Result> failed = r.failed();
        boolean noChange = failed.isEmpty() && counts.keySet().stream().allMatch(k -> k.equals("unchanged"));
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("result", failed.isEmpty() ? (noChange ? "no changes" : "applied") : "failed");
            json.put("counts", counts);
            json.put("elapsed_s", progress.elapsed().toMillis() / 1000.0);
            json.put("walk_s", r.walkSeconds());
            json.put("resources", Timeline.json(s.graph, results));
            json.put("errors", failed.stream().map(Walk.Result::error).toList());
            out.println(output.render(json));
        } else if (noChange) {
            out.println("No changes: all " + results.size() + " resources are in sync with the config.");
        } else {
            out.println("Apply " + (failed.isEmpty() ? "complete" : "FAILED") + " in " + Progress.format(progress.elapsed())
                    + ": " + Timeline.summary(counts));
        }
        out.flush();
        if (failed.isEmpty()) return;
        throw new KpcException.OperationFailed(failed.get(0).error()
                + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more failed steps above)" : "")
                + "; state is saved: fix the cause and re-run `kpc apply` to resume");
    }
}
