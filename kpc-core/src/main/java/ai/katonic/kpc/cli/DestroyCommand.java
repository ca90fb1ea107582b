package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Interrupt;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.ops.Teardown;
import ai.katonic.kpc.plan.Orphans;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
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
            TeardownText.plan(human, s, teardown.plan(), deleteBackups);
            Confirm.askName(change.yes, s.config.clusterName(), "Everything above is deleted from AWS.", null, human);
            Progress progress = new Progress(out, output.json());
            Teardown.Result r;
            try (Interrupt.Handling interrupts = Interrupt.install(human)) {
                r = teardown.run(s.run(state, progress), progress, change.parallelism(), skipKubernetes);
                if (r.interrupted()) return Timeline.interrupted(human, graph.inOrder().size(), r.steps(), "destroy");
            }
            TeardownText.result(out, output, s, progress, graph, r, deleteBackups);
            return 0;
        }
    }
}
