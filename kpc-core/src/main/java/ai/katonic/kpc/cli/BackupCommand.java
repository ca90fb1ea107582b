package ai.katonic.kpc.cli;

import ai.katonic.kpc.backup.BackupBucket;
import ai.katonic.kpc.backup.Velero;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.ops.Backups;
import ai.katonic.kpc.plan.Ids;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kpc backup}: the picocli side of {@link Backups} (which does the work): options in, its
 * records out as tables or JSON. Each subcommand reaches the cluster's API the way apply does
 * (tunnel or direct) and reads the backup bucket with the seed's backup permissions.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Platform backups (Velero, in the backup bucket).",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Describe.class,
                BackupCommand.Restore.class, BackupCommand.Delete.class, BackupCommand.Verify.class})
final class BackupCommand {
    private static <T> T with(picocli.CommandLine.Model.CommandSpec spec, ConfigFileOption config, java.util.function.Function<Backups, T> body) {
        KpcCommand root = (KpcCommand) spec.root().userObject();
        try (Session s = new Session(root, config.file, spec.commandLine().getErr())) {
            RunContext run = s.run(s.store.load(), new Progress(spec.commandLine().getErr(), true));
            Live api = run.live(Ids.KUBERNETES_API);
            if (api == null) throw new KpcException.OperationFailed("kpc has not reached this cluster's Kubernetes API yet: run `kpc apply` first");
            Velero velero = new Velero(KubeClients.of(run, api));
            velero.requireInstalled();
            return body.apply(new Backups(s.config, velero, new BackupBucket(s.aws, s.config.backup().bucket()), java.time.Clock.systemUTC(), run.timeScale()));
        }
    }

    /** Prints a wait's phase at each change, and every half minute while it stays (how far along, how long so far). */
    private static Consumer<Backups.Phase> printer(PrintWriter out) {
        String[] last = {null};
        long[] lastPrinted = {0};
        return p -> {
            if (p.phase().equals(last[0]) && System.nanoTime() - lastPrinted[0] <= 30_000_000_000L) return;
            out.printf("[%7s] %s: %s%s%n", Progress.format(p.elapsed()), p.what(), p.phase(),
                    p.total() == null ? "" : " (" + p.done() + "/" + p.total() + " items)");
            out.flush();
            last[0] = p.phase();
            lastPrinted[0] = System.nanoTime();
        };
    }

    /** The verdict line and exit code of a finished backup or restore. */
    private static int verdict(PrintWriter out, Backups.Finished f) {
        out.println(f.what() + " " + f.phase() + (f.failureReason().isEmpty() ? "" : ": " + f.failureReason())
                + " (errors " + f.errors() + ", warnings " + f.warnings() + ")");
        return f.completed() ? 0 : KpcException.FAILED;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Back up the Katonic namespaces (their objects, and their volumes file by file) now.")
    static final class Create extends ClusterCommand implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "Backup name (default: kpc-<UTC time>).") String name;
        @Option(names = "--wait", description = "Show progress until the backup completes or fails; exit 1 unless it completes.") boolean wait;
        @Option(names = "--timeout", defaultValue = "60m", description = "How long --wait waits (like 30m, 2h; default ${DEFAULT-VALUE}).") String timeout;

        @Override
        public Integer call() {
            PrintWriter out = out();
            Duration limit = Hold.parse("--timeout", timeout);
            return with(spec, config, b -> {
                Backups.Requested r = b.create(name);
                out.println("backup " + r.name() + " requested: namespaces " + String.join(", ", r.namespaces()) + ", kept "
                        + r.retentionDays() + " days, in s3://" + r.bucket() + "/velero/");
                return wait ? verdict(out, b.awaitBackup(r.name(), limit, printer(out))) : 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The backups, each checked against its files in the bucket (one whose files are missing is flagged).")
    static final class ListBackups extends ClusterCommand implements Callable<Integer> {
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            PrintWriter out = out();
            return with(spec, config, b -> {
                List<Backups.Listed> rows = b.list();
                if (output.json()) {
                    List<Map<String, Object>> json = new ArrayList<>();
                    for (Backups.Listed r : rows) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("name", r.name());
                        row.put("status", r.status());
                        row.put("started", r.started());
                        row.put("size_bytes", r.sizeBytes());
                        row.put("expires", r.expires());
                        row.put("errors", r.errors());
                        row.put("warnings", r.warnings());
                        row.put("files_missing", r.filesMissing());
                        json.add(row);
                    }
                    out.println(output.render(json));
                    return 0;
                }
                Table t = new Table("NAME", "STATUS", "STARTED", "SIZE", "EXPIRES", "ERRORS", "WARNINGS", "CHECK");
                for (Backups.Listed r : rows) {
                    t.row(r.name(), r.status(), r.started(), r.sizeBytes(), r.expires(), r.errors(), r.warnings(),
                            r.filesMissing().isEmpty() ? "files in bucket" : "FILES MISSING: " + String.join(", ", r.filesMissing()));
                }
                t.print(out);
                if (rows.isEmpty()) out.println("no backups yet (`kpc backup create`, or wait for the schedule)");
                return 0;
            });
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "One backup: its Velero object and its files in the bucket.")
    static final class Describe extends ClusterCommand implements Callable<Integer> {
        @Mixin OutputOption output;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            PrintWriter out = out();
            return with(spec, config, backups -> {
                Backups.Described d = backups.describe(name);
                GenericKubernetesResource b = d.backup();
                BackupBucket.Files f = d.files();
                if (output.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("name", name);
                    json.put("spec", b.getAdditionalProperties().get("spec"));
                    json.put("status", b.getAdditionalProperties().getOrDefault("status", Map.of()));
                    json.put("files", f.objects());
                    json.put("files_missing", f.missing());
                    out.println(output.render(json));
                    return 0;
                }
                Object namespaces = b.get("spec", "includedNamespaces");
                Object items = b.get("status", "progress", "itemsBackedUp");
                Object total = b.get("status", "progress", "totalItems");
                String reason = Velero.status(b, "failureReason");
                Table t = new Table("", "");
                t.row("Name:", name);
                t.row("Phase:", Velero.phase(b) + (reason.isEmpty() ? "" : " (" + reason + ")"));
                t.row("Namespaces:", namespaces instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : "all");
                t.row("Storage:", String.valueOf((Object) b.get("spec", "storageLocation")) + " (s3://" + d.bucket() + "/" + BackupBucket.PREFIX + name + "/)");
                t.row("Kept for:", (Object) b.get("spec", "ttl") + (Velero.status(b, "expiration").isEmpty() ? "" : ", until " + Velero.status(b, "expiration")));
                t.row("Started:", Velero.status(b, "startTimestamp").isEmpty() ? "-" : Velero.status(b, "startTimestamp"));
                t.row("Completed:", Velero.status(b, "completionTimestamp").isEmpty() ? "-" : Velero.status(b, "completionTimestamp"));
                t.row("Items:", total == null ? "-" : items + " of " + total + " backed up");
                t.row("Errors:", Backups.or0(Velero.status(b, "errors")) + ", warnings " + Backups.or0(Velero.status(b, "warnings")));
                t.row("Files:", f.objects().isEmpty() ? "none in the bucket" : f.objects().size() + ", " + f.size() + " bytes"
                        + (f.missing().isEmpty() ? "" : " (MISSING: " + String.join(", ", f.missing()) + ")"));
                t.printRows(out);
                if (!f.objects().isEmpty()) {
                    out.println();
                    Table files = new Table("FILE", "BYTES");
                    f.objects().forEach((file, bytes) -> files.row(file, bytes));
                    files.print(out);
                }
                return 0;
            });
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            header = "Restore a backup into the cluster; objects that already exist are left as they are.",
            description = {"Restore a backup into the cluster. Objects of the backup that already exist are left as they are",
                    "unless --existing-resource-policy update; kpc refuses such a restore without it."})
    static final class Restore extends ClusterCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The backup to restore.") String name;
        @Option(names = "--namespace", paramLabel = "NS", description = "Restore only this namespace (repeatable; default: the backup's).") List<String> namespaces = new ArrayList<>();
        @Option(names = "--existing-resource-policy", defaultValue = "none", paramLabel = "POLICY",
                description = "none (default: refuse when the backup's objects exist) or update (update them).") String policy;
        @Option(names = "--wait", description = "Show progress until the restore completes or fails; exit 1 unless it completes.") boolean wait;
        @Option(names = "--timeout", defaultValue = "60m", description = "How long --wait waits (default ${DEFAULT-VALUE}).") String timeout;

        @Override
        public Integer call() {
            Backups.requirePolicy(policy); // before reaching the cluster
            PrintWriter out = out();
            Duration limit = Hold.parse("--timeout", timeout);
            return with(spec, config, b -> {
                String restore = b.restore(name, namespaces, policy);
                out.println("restore " + restore + " of backup " + name + " requested"
                        + (namespaces.isEmpty() ? "" : " (namespaces " + String.join(", ", namespaces) + ")"));
                return wait ? verdict(out, b.awaitRestore(restore, limit, printer(out))) : 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a backup: Velero removes its files and snapshots.")
    static final class Delete extends ClusterCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return with(spec, config, b -> {
                String files = b.delete(name);
                out().println("deletion of backup " + name + " requested; Velero removes its files from " + files + " and its snapshots");
                return 0;
            });
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Download a backup's metadata and tarball from the bucket and check they are whole and hold what they list; exit 1 otherwise.")
    static final class Verify extends ClusterCommand implements Callable<Integer> {
        @Mixin OutputOption output;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            PrintWriter out = out();
            return with(spec, config, b -> {
                BackupBucket.Verdict v = b.verify(name);
                if (output.json()) {
                    out.println(output.render(Map.of("name", name, "good", v.good(), "objects", v.objects(), "problems", v.problems())));
                } else if (v.good()) {
                    out.println("backup " + name + " verified: metadata and tarball whole, " + v.objects() + " objects"
                            + (v.expected() > 0 ? ", all " + v.expected() + " its resource list names" : ""));
                } else {
                    out.println("backup " + name + " FAILED verification:");
                    v.problems().forEach(p -> out.println("  - " + p));
                }
                return v.good() ? 0 : KpcException.FAILED;
            });
        }
    }
}
