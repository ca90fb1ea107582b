package ai.katonic.kpc.sim;

import ai.katonic.kpc.backup.BackupArchive;
import tools.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Velero's server in a simulated cluster, for the objects kpc writes (kpc never runs Velero's CLI):
 * a new Backup (no phase yet) of the namespaces it includes is written to its storage location's
 * bucket as Velero lays it out — {@code <prefix>/backups/<name>/velero-backup.json}, {@code <name>.tar.gz}
 * (metadata/version and one JSON file per object), {@code <name>-resource-list.json.gz}, {@code <name>-logs.gz}
 * — and goes New → InProgress → Completed, or Failed with the reason when the bucket refuses; a Restore
 * reads the tarball back and creates the objects (leaving, or with {@code existingResourcePolicy: update}
 * updating, those that exist); a DeleteBackupRequest removes the backup's files and its Backup. The
 * objects are the Kubernetes objects only: the simulated pods have no volumes to copy file by file.
 * Velero's server in the velero namespace runs only once the Velero release made its storage location.
 */
final class VeleroServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATED = Pattern.compile("/apis/velero\\.io/v1/namespaces/([^/]+)/(backups|restores|deletebackuprequests)");

    /** What a namespaced backup holds, as Velero names the folders: resource[.group] → apiVersion, kind. */
    private static final List<String[]> KINDS = List.of(new String[] {"configmaps", "v1", "ConfigMap"}, new String[] {"secrets", "v1", "Secret"},
            new String[] {"services", "v1", "Service"}, new String[] {"serviceaccounts", "v1", "ServiceAccount"},
            new String[] {"persistentvolumeclaims", "v1", "PersistentVolumeClaim"}, new String[] {"deployments.apps", "apps/v1", "Deployment"},
            new String[] {"statefulsets.apps", "apps/v1", "StatefulSet"}, new String[] {"daemonsets.apps", "apps/v1", "DaemonSet"},
            new String[] {"jobs.batch", "batch/v1", "Job"}, new String[] {"cronjobs.batch", "batch/v1", "CronJob"},
            new String[] {"ingresses.networking.k8s.io", "networking.k8s.io/v1", "Ingress"},
            new String[] {"roles.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "Role"},
            new String[] {"rolebindings.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "RoleBinding"});

    private static final Map<String, String> KIND = Map.of("backups", "Backup", "restores", "Restore", "deletebackuprequests", "DeleteBackupRequest");

    private final Supplier<KubernetesClient> clients;
    private final String s3Endpoint;
    private final String region;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulated-velero");
        t.setDaemon(true);
        return t;
    });

    VeleroServer(Supplier<KubernetesClient> clients, String s3Endpoint, String region) {
        this.clients = clients;
        this.s3Endpoint = s3Endpoint;
        this.region = region;
    }

    /** The API server made an object at {@code path}: Velero's server takes up its own kinds. */
    void created(String path, byte[] object) {
        Matcher m = CREATED.matcher(path);
        if (s3Endpoint == null || !m.matches() || !m.group(1).equals("velero")) return;
        try {
            var o = JSON.readTree(object);
            String name = o.path("metadata").path("name").asString();
            // Velero takes up a new object only; one made with a phase already (a copy, a test's) is left as it is.
            if (!o.path("status").path("phase").asString("New").equals("New")) return;
            String kind = m.group(2);
            worker.submit(() -> {
                try (KubernetesClient k = clients.get()) {
                    switch (kind) {
                        case "backups" -> backup(k, name);
                        case "restores" -> restore(k, name);
                        default -> deleteRequest(k, name);
                    }
                } catch (RuntimeException e) {
                    // a defect of the simulator, said where kpc reads it (rather than a phase that never ends)
                    try (KubernetesClient k = clients.get()) {
                        status(k, KIND.get(kind), name, Map.of("phase", "Failed", "failureReason", "the simulated Velero server failed: " + e));
                    } catch (RuntimeException ignored) {
                        // the API server is gone too
                    }
                }
            });
        } catch (tools.jackson.core.JacksonException e) {
            // not an object Velero can read
        }
    }

    private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> of(KubernetesClient k, String kind) {
        return k.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
                .withKind(kind).withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s").withNamespaced(true).build());
    }

    private static void status(KubernetesClient k, String kind, String name, Map<String, Object> status) {
        GenericKubernetesResource r = of(k, kind).inNamespace("velero").withName(name).get();
        if (r == null) return;
        @SuppressWarnings("unchecked")
        Map<String, Object> now = new LinkedHashMap<>((Map<String, Object>) r.getAdditionalProperties().getOrDefault("status", Map.of()));
        now.putAll(status);
        r.setAdditionalProperty("status", now);
        of(k, kind).inNamespace("velero").resource(r).update();
    }

    /** The storage location's bucket and prefix, or null when the Velero release made none of that name. */
    private static String[] location(KubernetesClient k, String name) {
        GenericKubernetesResource bsl = of(k, "BackupStorageLocation").inNamespace("velero").withName(name).get();
        if (bsl == null) return null;
        Object bucket = bsl.get("spec", "objectStorage", "bucket");
        Object prefix = bsl.get("spec", "objectStorage", "prefix");
        return new String[] {String.valueOf(bucket), prefix == null ? "" : prefix + "/"};
    }

    /** The storage location a backup names (default: "default"), as {@link #location}; a backup that is gone has the default's. */
    private static String[] locationOf(KubernetesClient k, GenericKubernetesResource backup) {
        Object locationName = backup == null ? null : backup.get("spec", "storageLocation");
        return location(k, locationName == null ? "default" : String.valueOf(locationName));
    }

    private void backup(KubernetesClient k, String name) {
        GenericKubernetesResource b = of(k, "Backup").inNamespace("velero").withName(name).get();
        if (b == null) return;
        Object locationName = b.get("spec", "storageLocation");
        String[] where = locationOf(k, b);
        if (where == null) {
            status(k, "Backup", name, Map.of("phase", "FailedValidation", "validationErrors",
                    List.of("an existing backup storage location was not specified at backup creation time and the default '" + (locationName == null ? "default" : locationName) + "' was not found")));
            return;
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Object ttl = b.get("spec", "ttl");
        status(k, "Backup", name, Map.of("phase", "InProgress", "startTimestamp", start.toString(), "formatVersion", "1.1.0", "version", 1,
                "expiration", start.plus(ttl(ttl == null ? "720h0m0s" : String.valueOf(ttl))).toString()));
        @SuppressWarnings("unchecked")
        List<String> namespaces = (List<String>) b.get("spec", "includedNamespaces");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Map<String, List<String>> listed = new TreeMap<>();
        tarEntry(tar, "metadata/version", "1\n".getBytes(StandardCharsets.UTF_8));
        int items = 0;
        for (String ns : namespaces == null ? List.<String>of() : namespaces) {
            if (k.namespaces().withName(ns).get() == null) continue;
            listed.computeIfAbsent("v1/Namespace", x -> new ArrayList<>()).add(ns);
            tarEntry(tar, "resources/namespaces/cluster/" + ns + ".json", json(k.namespaces().withName(ns).get()));
            items++;
            for (String[] kind : KINDS) {
                for (GenericKubernetesResource o : k.genericKubernetesResources(kind[1], kind[2]).inNamespace(ns).list().getItems()) {
                    String n = o.getMetadata().getName();
                    listed.computeIfAbsent(kind[1] + "/" + kind[2], x -> new ArrayList<>()).add(ns + "/" + n);
                    tarEntry(tar, "resources/" + kind[0] + "/namespaces/" + ns + "/" + n + ".json", json(o));
                    items++;
                }
            }
        }
        tar.writeBytes(new byte[1024]);
        String folder = where[1] + "backups/" + name + "/";
        try (S3Client s3 = s3()) {
            put(s3, where[0], folder + name + ".tar.gz", gzip(tar.toByteArray()));
            put(s3, where[0], folder + name + "-resource-list.json.gz", gzip(JSON.writeValueAsBytes(listed)));
            put(s3, where[0], folder + name + "-logs.gz", gzip(("level=info msg=\"Backed up a total of " + items + " items\" backup=velero/" + name + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> done = Map.of("phase", "Completed", "completionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    "progress", Map.of("totalItems", items, "itemsBackedUp", items));
            status(k, "Backup", name, done);
            put(s3, where[0], folder + "velero-backup.json", JSON.writeValueAsBytes(of(k, "Backup").inNamespace("velero").withName(name).get()));
        } catch (RuntimeException | IOException e) {
            status(k, "Backup", name, Map.of("phase", "Failed", "failureReason", "error uploading the backup to s3://" + where[0] + "/" + folder + ": "
                    + (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a ? a.awsErrorDetails().errorCode() : e.getMessage())));
        }
    }

    private void restore(KubernetesClient k, String name) {
        GenericKubernetesResource r = of(k, "Restore").inNamespace("velero").withName(name).get();
        if (r == null) return;
        String backup = String.valueOf((Object) r.get("spec", "backupName"));
        GenericKubernetesResource b = of(k, "Backup").inNamespace("velero").withName(backup).get();
        String[] where = b == null ? null : locationOf(k, b);
        if (where == null) {
            status(k, "Restore", name, Map.of("phase", "FailedValidation", "validationErrors", List.of("Error retrieving backup: backups.velero.io \"" + backup + "\" not found")));
            return;
        }
        status(k, "Restore", name, Map.of("phase", "InProgress", "startTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        @SuppressWarnings("unchecked")
        List<String> only = (List<String>) r.get("spec", "includedNamespaces");
        boolean update = "update".equals(r.get("spec", "existingResourcePolicy"));
        int restored = 0;
        int total = 0;
        int warnings = 0;
        int errors = 0;
        try (S3Client s3 = s3()) {
            byte[] tarGz = s3.getObjectAsBytes(g -> g.bucket(where[0]).key(where[1] + "backups/" + backup + "/" + backup + ".tar.gz")).asByteArray();
            for (Map.Entry<String, byte[]> e : BackupArchive.contents(tarGz).entrySet()) {
                String[] p = e.getKey().split("/");
                if (p.length != 5 || !p[0].equals("resources") || !p[2].equals("namespaces")) continue;
                if (only != null && !only.isEmpty() && !only.contains(p[3])) continue;
                total++;
                GenericKubernetesResource o = JSON.readValue(e.getValue(), GenericKubernetesResource.class);
                o.getMetadata().setResourceVersion(null);
                o.getMetadata().setUid(null);
                o.getMetadata().setCreationTimestamp(null);
                o.getMetadata().setManagedFields(null);
                o.getAdditionalProperties().remove("status");
                try {
                    var op = k.genericKubernetesResources(o.getApiVersion(), o.getKind()).inNamespace(p[3]);
                    GenericKubernetesResource existing = op.withName(o.getMetadata().getName()).get();
                    if (existing == null) {
                        op.resource(o).create();
                        restored++;
                    } else if (update) {
                        o.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                        op.resource(o).update();
                        restored++;
                    } else {
                        warnings++; // Velero: "could not restore, ... already exists", left as it is
                    }
                } catch (RuntimeException x) {
                    errors++;
                }
            }
        } catch (IOException | RuntimeException e) {
            status(k, "Restore", name, Map.of("phase", "Failed", "failureReason", "error reading the backup " + backup + ": " + e.getMessage()));
            return;
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("phase", errors > 0 ? "PartiallyFailed" : "Completed");
        done.put("completionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        done.put("progress", Map.of("totalItems", total, "itemsRestored", restored));
        if (warnings > 0) done.put("warnings", warnings);
        if (errors > 0) done.put("errors", errors);
        status(k, "Restore", name, done);
    }

    private void deleteRequest(KubernetesClient k, String name) {
        GenericKubernetesResource d = of(k, "DeleteBackupRequest").inNamespace("velero").withName(name).get();
        if (d == null) return;
        String backup = String.valueOf((Object) d.get("spec", "backupName"));
        GenericKubernetesResource b = of(k, "Backup").inNamespace("velero").withName(backup).get();
        String[] where = locationOf(k, b);
        status(k, "DeleteBackupRequest", name, Map.of("phase", "InProgress"));
        if (where != null) {
            try (S3Client s3 = s3()) {
                for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(where[0]).prefix(where[1] + "backups/" + backup + "/")).contents()) {
                    s3.deleteObject(x -> x.bucket(where[0]).key(o.key()));
                }
            } catch (RuntimeException e) {
                status(k, "DeleteBackupRequest", name, Map.of("phase", "Processed", "errors", List.of("error deleting the backup's files: " + e.getMessage())));
                return;
            }
        }
        if (b != null) of(k, "Backup").inNamespace("velero").withName(backup).delete();
        status(k, "DeleteBackupRequest", name, Map.of("phase", "Processed"));
    }

    private S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(s3Endpoint)).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Simulator.ACCESS_KEY, Simulator.SECRET_KEY)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    private static void put(S3Client s3, String bucket, String key, byte[] body) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    /** Go's duration as Velero's ttl has it ("720h0m0s"). */
    static Duration ttl(String s) {
        Matcher m = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(s);
        if (!m.matches()) return Duration.ofDays(30);
        return Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2))).plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    }

    private static byte[] json(Object o) {
        return JSON.writeValueAsBytes(o);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** A regular file as Go's archive/tar writes it: a PAX header first when the path is longer than ustar's 100 bytes. */
    static void tarEntry(ByteArrayOutputStream tar, String path, byte[] body) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > 100) {
            String rec = " path=" + path + "\n";
            int len = rec.length() + 1;
            while (String.valueOf(len).length() + rec.getBytes(StandardCharsets.UTF_8).length != len) len = String.valueOf(len).length() + rec.getBytes(StandardCharsets.UTF_8).length;
            header(tar, "PaxHeaders/" + path.substring(path.length() - 80), (len + rec).getBytes(StandardCharsets.UTF_8), 'x');
            header(tar, path.substring(path.length() - 100), body, '0');
        } else {
            header(tar, path, body, '0');
        }
    }

    private static void header(ByteArrayOutputStream tar, String name, byte[] body, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", body.length));
        put(h, 136, String.format("%011o", Instant.now().getEpochSecond()));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        h[262] = '0';
        h[263] = '0';
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte x : h) sum += x & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        tar.writeBytes(h);
        tar.writeBytes(body);
        tar.writeBytes(new byte[(512 - body.length % 512) % 512]);
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    void close() {
        worker.shutdownNow();
    }
}
