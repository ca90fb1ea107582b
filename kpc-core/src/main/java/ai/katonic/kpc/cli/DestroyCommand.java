package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.Teardown;
import ai.katonic.kpc.plan.Orphans;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpc destroy}: the picocli side of {@link Teardown}: shows its plan, asks for the cluster's name, prints how it went. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Delete the cluster and everything kpc made, in reverse dependency order, and prove nothing tagged is left.")
final class DestroyCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChangeOptions change;

    @Option(names = "--delete-backups", description = "Also empty (every version) and delete the backup bucket.")
    boolean deleteBackups;

    @Option(names = "--skip-kubernetes", description = {"Do not reach the cluster's Kubernetes API (the jump host is gone or unreachable):",
            "what kpc made in the cluster goes with the cluster; load balancers Kubernetes made are still cleaned by their tags."})
    boolean skipKubernetes;

    @picocli.CommandLine.Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Session s = session();
             StateStore.Lock lock = s.store.lock("destroy")) {
            // With -o json, stdout carries one JSON object; what people read goes to stderr.
            PrintWriter human = output.json() ? err() : out;
            String account = Preflight.identity(s, human);
            State state = s.store.load();
            s.requireAccount(state, account);
            var graph = Orphans.with(s.graph, s.orphans(state));
            Teardown teardown = new Teardown(s.config, s.aws, s.store, state, graph, deleteBackups);
            printPlan(human, s, teardown.plan());
            Confirm.askName(change.yes, s.config.clusterName(), "Everything above is deleted from AWS.", null, human);
            Progress progress = new Progress(out, output.json());
            Teardown.Result r;
            try (Interrupt.Handling interrupts = Interrupt.install(human)) {
                r = teardown.run(s.run(state, progress), progress, change.parallelism(), skipKubernetes);
                if (r.interrupted()) return ApplyCommand.interrupted(human, graph.inOrder().size(), r.steps(), "destroy");
            }
            printResult(out, s, progress, graph, r);
            List<ai.katonic.kpc.engine.Walk.Result> failed = r.failed();
            if (!failed.isEmpty()) throw new KpcException.OperationFailed(failed.get(0).error() + "; re-run `kpc destroy` after fixing it");
            if (!r.remaining().isEmpty()) {
                throw new KpcException.OperationFailed(r.remaining().size() + " tagged resources remain (listed above); "
                        + "re-run `kpc destroy`, or delete them by hand");
            }
            if (!output.json()) {
                out.println("Nothing tagged for " + s.config.clusterName() + " remains"
                        + (deleteBackups ? "." : " but the backup bucket " + s.config.backup().bucket() + (r.keptSnapshots() == 0 ? ""
                        : " and " + r.keptSnapshots() + " EBS snapshot" + (r.keptSnapshots() == 1 ? "" : "s") + " of Velero's backups") + "."));
            }
            return 0;
        }
    }

    private void printPlan(PrintWriter human, Session s, Teardown.Plan plan) {
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

    private void printResult(PrintWriter out, Session s, Progress progress, ai.katonic.kpc.plan.ResourceGraph graph, Teardown.Result r) {
        Map<String, Integer> counts = Timeline.counts(r.steps());
        if (output.json()) {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("counts", counts);
            json.put("elapsed_s", progress.elapsed().toMillis() / 1000.0);
            json.put("walk_s", r.walkSeconds());
            json.put("resources", Timeline.json(graph, r.steps()));
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
    }
}
