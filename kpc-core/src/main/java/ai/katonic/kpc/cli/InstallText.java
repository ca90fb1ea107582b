package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.Install;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code kpc apply} prints and asks around {@link Install}: the preflight, the plan, the confirmation, the summary. */
final class InstallText {
    private InstallText() {}

    /** Every preflight check, the notable ones printed; a failed one ends the command (exit 3). The caller's account. */
    static String preflight(PrintWriter human, Session s, Install install) {
        Install.Preflight p = install.preflight(s.overrides);
        List<Check> notable = p.notable();
        human.println("Preflight: " + (p.checks().size() - notable.size()) + " of " + p.checks().size() + " checks passed"
                + (notable.isEmpty() ? "." : ":"));
        if (!notable.isEmpty()) PreflightCommand.print(human, notable);
        human.flush();
        PreflightCommand.verdict(p.checks());
        return p.account();
    }

    static void plan(PrintWriter human, Session s, Plan plan) {
        human.println("Plan for cluster " + s.config.clusterName() + " in " + s.aws.region() + ": " + PlanText.counts(plan)
                + " (resources recorded in state are checked against AWS).");
        human.println("EKS version " + s.eksVersion.version() + ": " + s.eksVersion.why() + ".");
        StatePlan.print(human, plan);
    }

    /**
     * A saved plan is its own confirmation; a change that loses data needs the cluster's name typed (or --yes
     * --allow-data-loss); any other change a yes.
     */
    static void confirm(PrintWriter human, Session s, Plan plan, boolean yes, Path savedPlan, boolean allowDataLoss) {
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

    /** The run's summary: a table line, or one JSON object on stdout. */
    static void report(PrintWriter out, OutputOption output, ResourceGraph graph, Install.Result r, Progress progress) {
        Map<String, Walk.Result> results = r.steps();
        Map<String, Integer> counts = Timeline.counts(results);
        List<Walk.Result> failed = r.failed();
        boolean noChange = failed.isEmpty() && counts.keySet().stream().allMatch(k -> k.equals("unchanged"));
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("result", failed.isEmpty() ? (noChange ? "no changes" : "applied") : "failed");
            Timeline.putWalk(json, counts, progress, r.walkSeconds(), graph, results);
            json.put("errors", failed.stream().map(Walk.Result::error).toList());
            out.println(output.render(json));
        } else if (noChange) {
            out.println("No changes: all " + results.size() + " resources are in sync with the config.");
        } else {
            out.println("Apply " + (failed.isEmpty() ? "complete" : "FAILED") + " in " + Progress.format(progress.elapsed())
                    + ": " + Timeline.summary(counts));
        }
        out.flush();
    }

    /** A failed run's error, naming its first failed step (null when none failed). */
    static KpcException.OperationFailed failure(Install.Result r) {
        List<Walk.Result> failed = r.failed();
        if (failed.isEmpty()) return null;
        return new KpcException.OperationFailed(failed.get(0).error()
                + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more failed steps above)" : "")
                + "; state is saved: fix the cause and re-run `kpc apply` to resume");
    }

    /**
     * After every apply that changed something (also a failed one: its state is worth keeping too), the local state and the
     * config go to the backup bucket once it exists, for `kpc state pull`. A copy that fails fails
     * the command: the user relies on it to recover.
     */
    static boolean copyState(Install install, Path configFile, PrintWriter human) {
        try {
            install.copyState(configFile).ifPresent(at -> human.println("State and config copied to " + at + " (recover with `kpc state pull`)."));
            return true;
        } catch (RuntimeException e) {
            human.println("error: " + AwsErrors.explain("copy of the state to " + install.stateCopyLocation(), e));
            return false;
        } finally {
            human.flush();
        }
    }
}
