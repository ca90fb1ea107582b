package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.Teardown;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code kpc destroy} prints around {@link Teardown}: its plan, how it went, what is kept. */
final class TeardownText {
    private TeardownText() {}

    static void plan(PrintWriter human, Session s, Teardown.Plan plan, boolean deleteBackups) {
        human.println("Destroy plan for cluster " + s.config.clusterName() + " in " + s.aws.region() + ":");
        human.println("  - load balancers, security groups and network interfaces Kubernetes made in the VPC (before the subnets go)");
        for (Teardown.Step step : plan.steps()) {
            human.println(step.kept() ? "  = " + step.id() + ": KEPT with its backups (pass --delete-backups to delete it and every object version)"
                    : "  - " + step.id() + (step.awsId() != null ? " (" + step.awsId() + ")" : " (if it exists)"));
        }
        // Data a running platform made outside the graph: the claims' volumes, Velero's snapshots of them.
        plan.volumes().forEach(v -> human.println("  - " + v.line() + ": a claim's data, deleted once the cluster is gone"));
        plan.snapshots().forEach(v -> human.println(deleteBackups ? "  - " + v.line() + ": a backup, deleted (--delete-backups)"
                : "  = " + v.line() + ": KEPT with the backups (pass --delete-backups to delete it)"));
    }

    /** The summary (or one JSON object) and what is still tagged; a failed step or a leftover ends the command. */
    static void result(PrintWriter out, OutputOption output, Session s, Progress progress, ResourceGraph graph, Teardown.Result r,
                       boolean deleteBackups) {
        Map<String, Integer> counts = Timeline.counts(r.steps());
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            Timeline.putWalk(json, counts, progress, r.walkSeconds(), graph, r.steps());
            json.put("remaining", r.remaining());
            out.println(output.render(json));
        } else {
            out.println("Destroy finished in " + Progress.format(progress.elapsed()) + ": " + Timeline.summary(counts));
            if (!r.remaining().isEmpty()) {
                out.println("Still tagged kpc:cluster=" + s.config.clusterName() + " in AWS:");
                r.remaining().forEach(l -> out.println("  " + l));
            }
        }
        out.flush();
        if (!r.failed().isEmpty()) throw new KpcException.OperationFailed(r.failed().get(0).error() + "; re-run `kpc destroy` after fixing it");
        if (!r.remaining().isEmpty()) {
            throw new KpcException.OperationFailed(r.remaining().size() + " tagged resources remain (listed above); "
                    + "re-run `kpc destroy`, or delete them by hand");
        }
        if (!output.json()) {
            out.println("Nothing tagged for " + s.config.clusterName() + " remains"
                    + (deleteBackups ? "." : " but the backup bucket " + s.config.backup().bucket() + (r.keptSnapshots() == 0 ? ""
                    : " and " + r.keptSnapshots() + " EBS snapshot" + (r.keptSnapshots() == 1 ? "" : "s") + " of Velero's backups") + "."));
        }
    }
}
