package ai.katonic.kpc.cli;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.backup.BackupBucket;
import ai.katonic.kpc.backup.Velero;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.plan.GraphBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Platform backups without Velero's CLI: each subcommand writes or reads Velero's objects in the
 * cluster (through the same way to the API as apply: tunnel or direct) and reads the backup
 * bucket with the seed's backup permissions.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Platform backups (Velero, in the backup bucket).",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Describe.class,
                BackupCommand.Restore.class, BackupCommand.Delete.class, BackupCommand.Verify.class})
final class BackupCommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** What every subcommand works with: the config, Velero in the cluster, the bucket. */
    private record Ctx(Session session, Velero velero, BackupBucket bucket) {}

    private static <T> T with(picocli.CommandLine.Model.CommandSpec spec, ConfigFileOption config, java.util.function.Function<Ctx, T> body) {
        KpcCommand root = (KpcCommand) spec.root().userObject();
        try (Session s = new Session(root, config.file, spec.commandLine().getErr())) {
            RunContext run = s.run(s.store.load(), new Progress(spec.commandLine().getErr(), true));
            Live api = run.live(Ids.KUBERNETES_API);
            if (api == null) throw new KpcException.OperationFailed("kpc has not reached this cluster's Kubernetes API yet: run `kpc apply` first");
            Velero velero = new Velero(KubeClients.of(run, api));
            velero.requireInstalled();
            return body.apply(new Ctx(s, velero, new BackupBucket(s.aws, s.config.backup().bucket())));
        }
    }

    /** Polls until the object reaches a final phase or the time is up, printing each phase change. */
    private static GenericKubernetesResource await(PrintWriter out, String what, Duration timeout, Supplier<Optional<GenericKubernetesResource>> read) {
        long start = System.nanoTime();
        String last = null;
        long lastPrinted = 0;
        ai.katonic.kpc.runtime.Backoff backoff = ai.katonic.kpc.runtime.Backoff.every(Duration.ofSeconds(1), timeout);
        while (true) {
            GenericKubernetesResource r = read.get().orElseThrow(() -> new KpcException.OperationFailed(what + " disappeared while kpc waited"));
            String phase = Velero.phase(r);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            // each phase change, and every half minute while it stays (how far along, how long so far)
            if (!phase.equals(last) || System.nanoTime() - lastPrinted > 30_000_000_000L) {
                Object done = r.get("status", "progress", "itemsBackedUp") != null ? r.get("status", "progress", "itemsBackedUp") : r.get("status", "progress", "itemsRestored");
                Object total = r.get("status", "progress", "totalItems");
                out.printf("[%7s] %s: %s%s%n", Progress.format(elapsed), what, phase, total == null ? "" : " (" + done + "/" + total + " items)");
                out.flush();
                last = phase;
                lastPrinted = System.nanoTime();
            }
            if (Velero.FINAL.contains(phase)) return r;
            if (!backoff.pause()) {
                throw new KpcException.OperationFailed(what + " is still " + phase + " after " + timeout.toMinutes() + " min; `kpc backup list` shows it later");
            }
        }
    }

    /** The verdict line and exit code of a finished backup or restore. */
    private static int verdict(PrintWriter out, String what, GenericKubernetesResource r) {
        String phase = Velero.phase(r);
        String reason = Velero.status(r, "failureReason");
        String counts = "errors " + or0(Velero.status(r, "errors")) + ", warnings " + or0(Velero.status(r, "warnings"));
        out.println(what + " " + phase + (reason.isEmpty() ? "" : ": " + reason) + " (" + counts + ")");
        return phase.equals("Completed") ? 0 : KpcException.FAILED;
    }

    private static String or0(String s) {
        return s.isEmpty() ? "0" : s;
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
            Duration limit = TunnelCommand.parse(timeout);
            return with(spec, config, c -> {
                String n = name != null ? name : "kpc-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
                List<String> namespaces = GraphBuilder.namespaces(c.session().config);
                c.velero().createBackup(n, namespaces, c.session().config.backup().retentionDays() * 24 + "h0m0s");
                out.println("backup " + n + " requested: namespaces " + String.join(", ", namespaces) + ", kept "
                        + c.session().config.backup().retentionDays() + " days, in s3://" + c.session().config.backup().bucket() + "/velero/");
                if (!wait) return 0;
                return verdict(out, "backup " + n, await(out, "backup " + n, limit, () -> c.velero().backup(n)));
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
            return with(spec, config, c -> {
                Map<String, BackupBucket.Files> files = c.bucket().list();
                List<Map<String, Object>> rows = new ArrayList<>();
                for (GenericKubernetesResource b : c.velero().backups()) {
                    String n = b.getMetadata().getName();
                    BackupBucket.Files f = files.getOrDefault(n, new BackupBucket.Files(n, Map.of()));
                    String phase = Velero.phase(b);
                    // Only a finished backup has files to check; one whose files are gone is not a backup to count on.
                    boolean filesExpected = phase.equals("Completed") || phase.equals("PartiallyFailed");
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", n);
                    row.put("status", phase);
                    row.put("started", Velero.status(b, "startTimestamp"));
                    row.put("size_bytes", f.size());
                    row.put("expires", Velero.status(b, "expiration"));
                    row.put("errors", or0(Velero.status(b, "errors")));
                    row.put("warnings", or0(Velero.status(b, "warnings")));
                    row.put("files_missing", filesExpected ? f.missing() : List.of());
                    rows.add(row);
                }
                if (output.json()) {
                    out.println(output.render(rows));
                    return 0;
                }
                Table t = new Table("NAME", "STATUS", "STARTED", "SIZE", "EXPIRES", "ERRORS", "WARNINGS", "CHECK");
                for (Map<String, Object> r : rows) {
                    List<?> missing = (List<?>) r.get("files_missing");
                    t.row(r.get("name"), r.get("status"), r.get("started"), r.get("size_bytes"), r.get("expires"), r.get("errors"),
                            r.get("warnings"), missing.isEmpty() ? "files in bucket" : "FILES MISSING: " + String.join(", ", missing.stream().map(String::valueOf).toList()));
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
            return with(spec, config, c -> {
                GenericKubernetesResource b = c.velero().requireBackup(name);
                BackupBucket.Files f = c.bucket().files(name);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", name);
                d.put("spec", b.getAdditionalProperties().get("spec"));
                d.put("status", b.getAdditionalProperties().getOrDefault("status", Map.of()));
                d.put("files", f.objects());
                d.put("files_missing", f.missing());
                if (output.json()) {
                    out.println(output.render(d));
                    return 0;
                }
                String bucket = c.session().config.backup().bucket();
                Object namespaces = b.get("spec", "includedNamespaces");
                Object items = b.get("status", "progress", "itemsBackedUp");
                Object total = b.get("status", "progress", "totalItems");
                Table t = new Table("", "");
                t.row("Name:", name);
                t.row("Phase:", Velero.phase(b) + (Velero.status(b, "failureReason").isEmpty() ? "" : " (" + Velero.status(b, "failureReason") + ")"));
                t.row("Namespaces:", namespaces instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : "all");
                t.row("Storage:", String.valueOf((Object) b.get("spec", "storageLocation")) + " (s3://" + bucket + "/" + BackupBucket.PREFIX + name + "/)");
                t.row("Kept for:", (Object) b.get("spec", "ttl") + (Velero.status(b, "expiration").isEmpty() ? "" : ", until " + Velero.status(b, "expiration")));
                t.row("Started:", Velero.status(b, "startTimestamp").isEmpty() ? "-" : Velero.status(b, "startTimestamp"));
                t.row("Completed:", Velero.status(b, "completionTimestamp").isEmpty() ? "-" : Velero.status(b, "completionTimestamp"));
                t.row("Items:", total == null ? "-" : items + " of " + total + " backed up");
                t.row("Errors:", or0(Velero.status(b, "errors")) + ", warnings " + or0(Velero.status(b, "warnings")));
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
        public Integer call() throws Exception {
            if (!policy.equals("none") && !policy.equals("update")) {
                throw new KpcException.InvalidInput("--existing-resource-policy must be none or update, not '" + policy + "'");
            }
            PrintWriter out = out();
            Duration limit = TunnelCommand.parse(timeout);
            return with(spec, config, c -> {
                GenericKubernetesResource b = c.velero().requireBackup(name);
                if (!Velero.phase(b).equals("Completed") && !Velero.phase(b).equals("PartiallyFailed")) {
                    throw new KpcException.OperationFailed("backup " + name + " is " + Velero.phase(b) + ": only a finished backup can be restored");
                }
                if (policy.equals("none")) refuseIfPresent(c, name, namespaces);
                String restore = name + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
                c.velero().createRestore(restore, name, namespaces, policy);
                out.println("restore " + restore + " of backup " + name + " requested"
                        + (namespaces.isEmpty() ? "" : " (namespaces " + String.join(", ", namespaces) + ")"));
                if (!wait) return 0;
                return verdict(out, "restore " + restore, await(out, "restore " + restore, limit, () -> c.velero().restore(restore)));
            });
        }

        /** The backup's own resource list, checked object by object against the cluster. */
        private static void refuseIfPresent(Ctx c, String backup, List<String> only) {
            Map<String, List<String>> listed;
            try {
                listed = c.bucket().resourceList(backup);
            } catch (java.io.IOException e) {
                throw new KpcException.OperationFailed("cannot read backup " + backup + "'s resource list: " + e.getMessage());
            }
            List<String> present = new ArrayList<>();
            var k = c.velero();
            for (Map.Entry<String, List<String>> kind : listed.entrySet()) {
                int cut = kind.getKey().lastIndexOf('/');
                String apiVersion = kind.getKey().substring(0, cut);
                String kindName = kind.getKey().substring(cut + 1);
                for (String item : kind.getValue()) {
                    if (!item.contains("/")) continue; // cluster-scoped objects are not what a namespace restore collides with
                    String ns = item.substring(0, item.indexOf('/'));
                    if (!only.isEmpty() && !only.contains(ns)) continue;
                    if (k.exists(apiVersion, kindName, ns, item.substring(item.indexOf('/') + 1))) present.add(kindName + " " + item);
                }
            }
            if (!present.isEmpty()) {
                throw new KpcException.OperationFailed("the cluster already holds " + present.size() + " of backup " + backup + "'s objects ("
                        + String.join(", ", present.subList(0, Math.min(5, present.size()))) + (present.size() > 5 ? ", ..." : "")
                        + "); Velero would leave them as they are. Add --existing-resource-policy update to update them, or delete them first");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a backup: Velero removes its files and snapshots.")
    static final class Delete extends ClusterCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return with(spec, config, c -> {
                c.velero().requireBackup(name);
                c.velero().requestDelete(name);
                out().println("deletion of backup " + name + " requested; Velero removes its files from s3://"
                        + c.session().config.backup().bucket() + "/velero/backups/" + name + "/ and its snapshots");
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
            return with(spec, config, c -> {
                if (c.bucket().files(name).objects().isEmpty() && c.velero().backup(name).isEmpty()) {
                    throw new KpcException.OperationFailed("no backup named " + name + ": neither the cluster's Velero nor s3://"
                            + c.session().config.backup().bucket() + "/" + BackupBucket.PREFIX + " has one (`kpc backup list` shows them)");
                }
                BackupBucket.Verdict v = c.bucket().verify(name);
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
