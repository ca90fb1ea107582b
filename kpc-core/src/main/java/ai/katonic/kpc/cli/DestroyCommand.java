package ai.katonic.kpc.cli;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.engine.Leftovers;
import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.aws.ec2.PersistentVolumes;
import ai.katonic.kpc.aws.elb.KubernetesLeftovers;
import ai.katonic.kpc.engine.Destroy;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.Walk;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Orphans;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ec2.model.Filter;

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
            String recordedBucket = state.awsId(Ids.BACKUP_BUCKET);
            if (recordedBucket != null && !recordedBucket.equals(s.config.backup().bucket())) {
                // Destroying by the config would look for the new name and forget the bucket that holds the backups.
                throw new KpcException.InvalidInput("state records the backup bucket " + recordedBucket + ", the config names "
                        + s.config.backup().bucket() + "; nothing was changed. Run `kpc apply` first (it makes the new bucket and "
                        + "keeps the old one), or set backup.bucket back to " + recordedBucket);
            }
            ResourceGraph graph = Orphans.with(s.graph, s.orphans(state));
            human.println("Destroy plan for cluster " + s.config.clusterName() + " in " + s.aws.region() + ":");
            human.println("  - load balancers, security groups and network interfaces Kubernetes made in the VPC (before the subnets go)");
            List<Resource> reverse = new ArrayList<>(graph.inOrder());
            java.util.Collections.reverse(reverse);
            for (Resource r : reverse) {
                if (Destroy.keeps(r, deleteBackups)) {
                    human.println("  = " + r.id() + ": KEPT with its backups (pass --delete-backups to delete it and every object version)");
                } else {
                    human.println("  - " + r.id() + (state.awsId(r.id()) != null ? " (" + state.awsId(r.id()) + ")" : " (if it exists)"));
                }
            }
            // Data a running platform made outside the graph: the claims' volumes, Velero's snapshots of them.
            List<PersistentVolumes.Data> volumes = PersistentVolumes.volumes(s.aws, s.config.clusterName());
            List<PersistentVolumes.Data> snapshots = PersistentVolumes.snapshots(s.aws, s.config.clusterName());
            volumes.forEach(v -> human.println("  - " + v.line() + ": a claim's data, deleted once the cluster is gone"));
            snapshots.forEach(v -> human.println(deleteBackups ? "  - " + v.line() + ": a backup, deleted (--delete-backups)"
                    : "  = " + v.line() + ": KEPT with the backups (pass --delete-backups to delete it)"));
            Confirm.askName(change.yes, s.config.clusterName(), "Everything above is deleted from AWS.", null, human);
            Progress progress = new Progress(out, output.json());
            RunContext run = s.run(state, progress);
            String vpc = vpcId(s, state);
            long walkStart = System.nanoTime();
            Map<String, Walk.Result> results;
            try (ai.katonic.kpc.engine.Interrupt.Handling interrupts = ai.katonic.kpc.engine.Interrupt.install(human)) {
                results = new Destroy(run, s.store, graph, deleteBackups).skipKubernetes(skipKubernetes)
                        .beforeNetwork(() -> { if (vpc != null) new KubernetesLeftovers(s.aws, s.config.clusterName(), progress).clean(vpc); })
                        .run(change.parallelism());
                if (ai.katonic.kpc.engine.Interrupt.requested()) return ApplyCommand.interrupted(human, graph.inOrder().size(), results, "destroy");
            }
            if (results.values().stream().noneMatch(r -> r.status() == Walk.Status.FAILED)) {
                // The cluster is gone: nothing mounts the claims' volumes now (asked again: the driver may have made more).
                List<PersistentVolumes.Data> data = new ArrayList<>(PersistentVolumes.volumes(s.aws, s.config.clusterName()));
                if (deleteBackups) data.addAll(PersistentVolumes.snapshots(s.aws, s.config.clusterName()));
                PersistentVolumes.delete(s.aws, data, line -> progress.line("persistent-volumes", line));
            }
            double walkSeconds = (System.nanoTime() - walkStart) / 1e9;
            Map<String, Integer> counts = Timeline.counts(results);
            List<String> left = remaining(s, graph);
            if (output.json()) {
                Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("counts", counts);
                json.put("elapsed_s", progress.elapsed().toMillis() / 1000.0);
                json.put("walk_s", walkSeconds);
                json.put("resources", Timeline.json(graph, results));
                json.put("remaining", left);
                out.println(output.render(json));
            } else {
                out.println("Destroy finished in " + Progress.format(progress.elapsed()) + ": "
                        + Timeline.summary(counts));
                if (!left.isEmpty()) {
                    out.println("Still tagged kpc:cluster=" + s.config.clusterName() + " in AWS:");
                    left.forEach(l -> out.println("  " + l));
                }
            }
            out.flush();
            List<Walk.Result> failed = results.values().stream().filter(r -> r.status() == Walk.Status.FAILED).toList();
            if (failed.isEmpty()) {
                // What is made next is a new install: tokens AWS still remembers for the deleted resources are not reused.
                state.newInstall();
                s.store.save(state);
            }
            if (!failed.isEmpty()) {
                throw new KpcException.OperationFailed(failed.get(0).error() + "; re-run `kpc destroy` after fixing it");
            }
            if (!left.isEmpty()) {
                throw new KpcException.OperationFailed(left.size() + " tagged resources remain (listed above); "
                        + "re-run `kpc destroy`, or delete them by hand");
            }
            if (!output.json()) {
                int kept = deleteBackups ? 0 : PersistentVolumes.snapshots(s.aws, s.config.clusterName()).size();
                out.println("Nothing tagged for " + s.config.clusterName() + " remains"
                        + (deleteBackups ? "." : " but the backup bucket " + s.config.backup().bucket()
                        + (kept == 0 ? "" : " and " + kept + " EBS snapshot" + (kept == 1 ? "" : "s") + " of Velero's backups") + "."));
            }
            return 0;
        }
    }

    private static String vpcId(Session s, State state) {
        if (state.awsId(Ids.VPC) != null) return state.awsId(Ids.VPC);
        Filter f = Filter.builder().name("tag:kpc:cluster").values(s.config.clusterName()).build();
        return s.aws.ec2().describeVpcs(r -> r.filters(f)).vpcs().stream().map(v -> v.vpcId()).findFirst().orElse(null);
    }

    private List<String> remaining(Session s, ResourceGraph graph) {
        List<Resource> removed = graph.inOrder().stream().filter(r -> !Destroy.keeps(r, deleteBackups)).toList();
        List<String> left = new ArrayList<>(Leftovers.find(s.aws, s.config.clusterName(), Catalog.KINDS, removed));
        PersistentVolumes.volumes(s.aws, s.config.clusterName()).forEach(v -> left.add(v.line()));
        if (deleteBackups) PersistentVolumes.snapshots(s.aws, s.config.clusterName()).forEach(v -> left.add(v.line()));
        return left;
    }
}
