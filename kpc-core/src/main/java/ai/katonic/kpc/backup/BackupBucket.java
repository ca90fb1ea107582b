package ai.katonic.kpc.backup;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backups as Velero lays them out in the bucket: {@code velero/backups/<name>/} holding
 * {@code velero-backup.json} (the Backup object), {@code <name>.tar.gz} (the objects),
 * {@code <name>-resource-list.json.gz} (what the tarball should hold), logs and volume lists. Read
 * with the seed's backup permissions only (ListBucket, GetObject).
 */
public final class BackupBucket {
    public static final String PREFIX = "velero/backups/";
    private static final ObjectMapper JSON = ai.katonic.kpc.runtime.Jackson.JSON;

    private final AwsClients aws;
    private final String bucket;

    public BackupBucket(AwsClients aws, String bucket) {
        this.aws = aws;
        this.bucket = bucket;
    }

    /** A backup's files in the bucket: key under its folder → size. */
    public record Files(String name, Map<String, Long> objects) {
        public boolean hasMetadata() { return objects.containsKey("velero-backup.json"); }
        public boolean hasTarball() { return objects.containsKey(name + ".tar.gz"); }
        public long size() { return objects.values().stream().mapToLong(Long::longValue).sum(); }
        public List<String> missing() {
            List<String> m = new ArrayList<>();
            if (!hasMetadata()) m.add("velero-backup.json");
            if (!hasTarball()) m.add(name + ".tar.gz");
            return m;
        }
    }

    /** Every backup folder in the bucket, by name. */
    public Map<String, Files> list() {
        Map<String, Files> out = new TreeMap<>();
        try {
            for (S3Object o : aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX)).contents()) {
                String rest = o.key().substring(PREFIX.length());
                int slash = rest.indexOf('/');
                if (slash <= 0) continue;
                String name = rest.substring(0, slash);
                out.computeIfAbsent(name, n -> new Files(n, new TreeMap<>())).objects().put(rest.substring(slash + 1), o.size());
            }
        } catch (RuntimeException e) {
            throw refused("s3:ListBucket", "arn:aws:s3:::" + bucket, e);
        }
        return out;
    }

    public Files files(String name) {
        return list().getOrDefault(name, new Files(name, new TreeMap<>()));
    }

    /** The verdict on one backup's files: what is wrong with them, empty when they are whole. */
    public record Verdict(List<String> problems, int objects, int expected) {
        public boolean good() { return problems.isEmpty(); }
    }

    /**
     * Downloads the metadata and the tarball: the metadata must be the Backup of that name, the
     * tarball a whole gzip'd tar with Velero's version file, and every object the resource list
     * names must be in it.
     */
    public Verdict verify(String name) {
        List<String> problems = new ArrayList<>();
        Files files = files(name);
        files.missing().forEach(m -> problems.add(m + " is missing from s3://" + bucket + "/" + PREFIX + name + "/"));
        if (files.hasMetadata()) {
            try {
                JsonNode meta = JSON.readTree(get(name, "velero-backup.json"));
                if (!"Backup".equals(meta.path("kind").asString()) || !name.equals(meta.path("metadata").path("name").asString())) {
                    problems.add("velero-backup.json is not the Backup " + name);
                }
            } catch (tools.jackson.core.JacksonException e) {
                problems.add("velero-backup.json does not parse: " + e.getOriginalMessage());
            }
        }
        int objects = 0;
        int expected = 0;
        if (files.hasTarball()) {
            try {
                List<BackupArchive.Entry> entries = BackupArchive.entries(get(name, name + ".tar.gz"));
                List<String> paths = entries.stream().map(BackupArchive.Entry::path).toList();
                objects = (int) paths.stream().filter(p -> p.startsWith("resources/") && p.endsWith(".json")
                        && !p.contains("-preferredversion/")).count();
                if (!paths.contains("metadata/version")) problems.add(name + ".tar.gz has no metadata/version: not a Velero backup");
                if (files.objects().containsKey(name + "-resource-list.json.gz")) {
                    for (Map.Entry<String, List<String>> kind : resourceList(name).entrySet()) {
                        for (String item : kind.getValue()) {
                            expected++;
                            String suffix = item.contains("/") ? "/namespaces/" + item + ".json" : "/cluster/" + item + ".json";
                            if (paths.stream().noneMatch(p -> p.startsWith("resources/") && p.endsWith(suffix))) {
                                problems.add(name + ".tar.gz lacks " + kind.getKey() + " " + item + " that its resource list names");
                            }
                        }
                    }
                }
            } catch (IOException e) {
                problems.add(name + ".tar.gz is not a whole archive (" + e.getMessage() + "): truncated or corrupt");
            }
        }
        return new Verdict(problems, objects, expected);
    }

    /** {@code <name>-resource-list.json.gz}: "group/version/Kind" (or "v1/Kind") → ["ns/name" | "name"]. */
    public Map<String, List<String>> resourceList(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(get(name, name + "-resource-list.json.gz")))) {
            Map<String, List<String>> out = new TreeMap<>();
            JSON.readTree(in).properties().forEach(e -> {
                List<String> items = new ArrayList<>();
                e.getValue().forEach(v -> items.add(v.asString()));
                out.put(e.getKey(), items);
            });
            return out;
        }
    }

    private byte[] get(String name, String file) {
        String key = PREFIX + name + "/" + file;
        try {
            return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (RuntimeException e) {
            throw refused("s3:GetObject", "arn:aws:s3:::" + bucket + "/" + key, e);
        }
    }

    /** A refused or failed bucket call as one sentence naming the permission it needs. */
    private KpcException refused(String action, String resource, RuntimeException e) {
        if (AwsErrors.isAccessDenied(e)) {
            return new KpcException.OperationFailed(action + " on " + resource + " was refused (" + AwsErrors.code(e)
                    + "): the identity kpc runs as needs the backup bucket's policy (`kpc policy backup` prints it)");
        }
        if ("NoSuchBucket".equals(AwsErrors.code(e))) {
            return new KpcException.OperationFailed("the backup bucket " + bucket + " does not exist (backup.bucket); `kpc apply` makes it");
        }
        return new KpcException.OperationFailed(action + " on " + resource + " failed: " + AwsErrors.code(e));
    }
}
