package ai.katonic.kpc.ops;

import ai.katonic.kpc.backup.BackupBucket;
import ai.katonic.kpc.backup.Velero;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.runtime.Backoff;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Platform backups as operations, without Velero's CLI: each writes or reads Velero's objects in the
 * cluster and reads the backup bucket; each returns a record for the CLI to print (as a table or
 * JSON) and reports a wait's progress as {@link Phase}s.
 */
public final class Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ClusterConfig config;
    private final Velero velero;
    private final BackupBucket bucket;
    private final Clock clock;
    private final ai.katonic.kpc.runtime.TimeScale scale;

    /** {@code scale}: the run's (a wait's timeout is AWS's time, shorter on a rehearsal's simulator). */
    public Backups(ClusterConfig config, Velero velero, BackupBucket bucket, Clock clock, ai.katonic.kpc.runtime.TimeScale scale) {
        this.config = config;
        this.scale = scale;
        this.velero = velero;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** A requested backup: its name, what it covers, how long it is kept and where. */
    public record Requested(String name, List<String> namespaces, int retentionDays, String bucket) {}

    /** A wait's news: the object's phase, and how far along when Velero says (null when it does not). */
    public record Phase(String what, String phase, Duration elapsed, Object done, Object total) {}

    /** A finished (or given up) backup or restore: its final phase and Velero's counts. */
    public record Finished(String what, String phase, String failureReason, String errors, String warnings) {
        public boolean completed() {
            return phase.equals("Completed");
        }
    }

    /** One backup as listed: Velero's view beside its files in the bucket. */
    public record Listed(String name, String status, String started, long sizeBytes, String expires, String errors,
            String warnings, List<String> filesMissing) {}

    /** One backup in full: Velero's object and its files in the bucket. */
    public record Described(String name, GenericKubernetesResource backup, BackupBucket.Files files, String bucket) {}

    /** Backs up the platform's namespaces now (default name: kpc-UTC time). */
    public Requested create(String name) {
        String n = name != null ? name : "kpc-" + ZonedDateTime.now(clock).format(STAMP);
        List<String> namespaces = GraphBuilder.namespaces(config);
        int days = config.backup().retentionDays();
        velero.createBackup(n, namespaces, days * 24 + "h0m0s");
        return new Requested(n, namespaces, days, config.backup().bucket());
    }

    public Finished awaitBackup(String name, Duration timeout, Consumer<Phase> progress) {
        return await("backup " + name, timeout, progress, () -> velero.backup(name));
    }

    public List<Listed> list() {
        Map<String, BackupBucket.Files> files = bucket.list();
        List<Listed> rows = new ArrayList<>();
        for (GenericKubernetesResource b : velero.backups()) {
            String n = b.getMetadata().getName();
            BackupBucket.Files f = files.getOrDefault(n, new BackupBucket.Files(n, Map.of()));
            String phase = Velero.phase(b);
            // Only a finished backup has files to check; one whose files are gone is not a backup to count on.
            boolean filesExpected = phase.equals("Completed") || phase.equals("PartiallyFailed");
            rows.add(new Listed(n, phase, Velero.status(b, "startTimestamp"), f.size(), Velero.status(b, "expiration"),
                    or0(Velero.status(b, "errors")), or0(Velero.status(b, "warnings")), filesExpected ? f.missing() : List.of()));
        }
        return rows;
    }

    public Described describe(String name) {
        GenericKubernetesResource b = velero.requireBackup(name);
        return new Described(name, b, bucket.files(name), config.backup().bucket());
    }

    /**
     * Restores a finished backup (existingResourcePolicy none or update); with none, refused when the
     * cluster already holds an object of the backup (Velero would leave it as it is). Returns the restore's name.
     */
    public String restore(String backup, List<String> namespaces, String existingResourcePolicy) {
        requirePolicy(existingResourcePolicy);
        GenericKubernetesResource b = velero.requireBackup(backup);
        if (!Velero.phase(b).equals("Completed") && !Velero.phase(b).equals("PartiallyFailed")) {
            throw new KpcException.OperationFailed("backup " + backup + " is " + Velero.phase(b) + ": only a finished backup can be restored");
        }
        if (existingResourcePolicy.equals("none")) refuseIfPresent(backup, namespaces);
        String restore = backup + "-" + ZonedDateTime.now(clock).format(STAMP);
        velero.createRestore(restore, backup, namespaces, existingResourcePolicy);
        return restore;
    }

    /** What Velero's existingResourcePolicy may be here: none (kpc refuses a collision) or update. */
    public static void requirePolicy(String existingResourcePolicy) {
        if (!existingResourcePolicy.equals("none") && !existingResourcePolicy.equals("update")) {
            throw new KpcException.InvalidInput("--existing-resource-policy must be none or update, not '" + existingResourcePolicy + "'");
        }
    }

    public Finished awaitRestore(String restore, Duration timeout, Consumer<Phase> progress) {
        return await("restore " + restore, timeout, progress, () -> velero.restore(restore));
    }

    /** Asks Velero to delete a backup (it removes the files and snapshots); the bucket's path of its files. */
    public String delete(String name) {
        velero.requireBackup(name);
        velero.requestDelete(name);
        return "s3://" + config.backup().bucket() + "/velero/backups/" + name + "/";
    }

    /** Downloads a backup's metadata and tarball and checks them; a name neither Velero nor the bucket knows is an error. */
    public BackupBucket.Verdict verify(String name) {
        if (bucket.files(name).objects().isEmpty() && velero.backup(name).isEmpty()) {
            throw new KpcException.OperationFailed("no backup named " + name + ": neither the cluster's Velero nor s3://"
                    + config.backup().bucket() + "/" + BackupBucket.PREFIX + " has one (`kpc backup list` shows them)");
        }
        return bucket.verify(name);
    }

    /** The backup's own resource list, checked object by object against the cluster. */
    private void refuseIfPresent(String backup, List<String> only) {
        Map<String, List<String>> listed;
        try {
            listed = bucket.resourceList(backup);
        } catch (java.io.IOException e) {
            throw new KpcException.OperationFailed("cannot read backup " + backup + "'s resource list: " + e.getMessage());
        }
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, List<String>> kind : listed.entrySet()) {
            int cut = kind.getKey().lastIndexOf('/');
            String apiVersion = kind.getKey().substring(0, cut);
            String kindName = kind.getKey().substring(cut + 1);
            for (String item : kind.getValue()) {
                if (!item.contains("/")) continue; // cluster-scoped objects are not what a namespace restore collides with
                String ns = item.substring(0, item.indexOf('/'));
                if (!only.isEmpty() && !only.contains(ns)) continue;
                if (velero.exists(apiVersion, kindName, ns, item.substring(item.indexOf('/') + 1))) present.add(kindName + " " + item);
            }
        }
        if (!present.isEmpty()) {
            throw new KpcException.OperationFailed("the cluster already holds " + present.size() + " of backup " + backup + "'s objects ("
                    + String.join(", ", present.subList(0, Math.min(5, present.size()))) + (present.size() > 5 ? ", ..." : "")
                    + "); Velero would leave them as they are. Add --existing-resource-policy update to update them, or delete them first");
        }
    }

    /** Polls until the object reaches a final phase or the time is up, reporting each look. */
    private Finished await(String what, Duration timeout, Consumer<Phase> progress, Supplier<Optional<GenericKubernetesResource>> read) {
        long start = System.nanoTime();
        Backoff backoff = scale.every(Duration.ofSeconds(1), timeout);
        while (true) {
            GenericKubernetesResource r = read.get().orElseThrow(() -> new KpcException.OperationFailed(what + " disappeared while kpc waited"));
            String phase = Velero.phase(r);
            Object done = r.get("status", "progress", "itemsBackedUp") != null ? r.get("status", "progress", "itemsBackedUp")
                    : r.get("status", "progress", "itemsRestored");
            progress.accept(new Phase(what, phase, Duration.ofNanos(System.nanoTime() - start), done, r.get("status", "progress", "totalItems")));
            if (Velero.FINAL.contains(phase)) {
                return new Finished(what, phase, Velero.status(r, "failureReason"), or0(Velero.status(r, "errors")), or0(Velero.status(r, "warnings")));
            }
            if (!backoff.pause()) {
                throw new KpcException.OperationFailed(what + " is still " + phase + " after " + timeout.toMinutes() + " min; `kpc backup list` shows it later");
            }
        }
    }

    public static String or0(String s) {
        return s.isEmpty() ? "0" : s;
    }
}
