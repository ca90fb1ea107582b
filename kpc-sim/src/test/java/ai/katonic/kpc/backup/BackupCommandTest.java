package ai.katonic.kpc.backup;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * `kpc backup` against an installed cluster (moto + the simulated Kubernetes API with Velero's
 * CRDs from the Velero release, and the simulator's Velero server: {@code sim/VeleroServer}). Three
 * backups are laid out in the bucket by hand (a whole one, one without its tarball, a truncated one);
 * the others are made by `kpc backup create` and the simulated server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class BackupCommandTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    static Path dir;

    static final String NAME = "bkp";
    static final String BUCKET = NAME + "-backups";
    static Path config;
    static KubernetesClient kube;

    @AfterAll
    static void close() {
        if (kube != null) kube.close();
    }

    static io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> velero(String kind) {
        return kube.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
                .withKind(kind).withPlural(kind.toLowerCase() + "s").withNamespaced(true).build());
    }

    Cli.Result kpc(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-f";
        all[args.length + 1] = config.toString();
        return moto.kpc(all);
    }

    /** A tar entry as Go's archive/tar writes a regular file (ustar header, 512-byte blocks). */
    static void tarEntry(ByteArrayOutputStream tar, String name, byte[] body) {
        byte[] h = new byte[512];
        System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, h, 0, name.length());
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", body.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        h[262] = '0';
        h[263] = '0';
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        tar.writeBytes(h);
        tar.writeBytes(body);
        tar.writeBytes(new byte[(512 - body.length % 512) % 512]);
    }

    static void put(byte[] h, int at, String s) {
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, s.length());
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static void object(S3Client s3, String key, byte[] body) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }

    static void backupObject(String name, String phase) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", phase);
        status.put("startTimestamp", "2026-11-25T02:00:00Z");
        status.put("expiration", "2026-12-25T02:00:00Z");
        velero("Backup").inNamespace("velero").resource(new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind("Backup")
                .withNewMetadata().withName(name).withNamespace("velero").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("includedNamespaces", java.util.List.of("katonic")), "status", status)).build()).create();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void listShowsTheBackupsAndFlagsOneWhoseFilesAreMissing() throws Exception {
        config = Moto.config(dir, NAME);
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        kube = moto.kubernetes(NAME);

        S3Client s3 = moto.client(S3Client.builder());
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "metadata/version", "1\n".getBytes(StandardCharsets.UTF_8));
        tarEntry(tar, "resources/deployments.apps/namespaces/katonic/web.json", ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"katonic\",\"resourceVersion\":\"17\"},\"spec\":{\"replicas\":2}}").getBytes(StandardCharsets.UTF_8));
        tarEntry(tar, "resources/configmaps/namespaces/katonic/settings.json", ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"settings\",\"namespace\":\"katonic\"},\"data\":{\"a\":\"from-backup\"}}").getBytes(StandardCharsets.UTF_8));
        tar.writeBytes(new byte[1024]);
        byte[] tarGz = gzip(tar.toByteArray());
        byte[] list = gzip("{\"apps/v1/Deployment\":[\"katonic/web\"],\"v1/ConfigMap\":[\"katonic/settings\"]}".getBytes(StandardCharsets.UTF_8));
        for (String n : new String[] {"good", "missing", "truncated"}) {
            object(s3, "velero/backups/" + n + "/velero-backup.json",
                    ("{\"kind\":\"Backup\",\"apiVersion\":\"velero.io/v1\",\"metadata\":{\"name\":\"" + n + "\"}}").getBytes(StandardCharsets.UTF_8));
            object(s3, "velero/backups/" + n + "/" + n + "-resource-list.json.gz", list);
            backupObject(n, "Completed");
        }
        object(s3, "velero/backups/good/good.tar.gz", tarGz);
        object(s3, "velero/backups/truncated/truncated.tar.gz", Arrays.copyOf(tarGz, tarGz.length / 2));

        Cli.Result json = kpc("backup", "list", "-o", "json");
        assertThat(json.exit()).as(json.all()).isZero();
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        new ObjectMapper().readTree(json.out()).forEach(row -> rows.put(row.path("name").asString(), row));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("good", "missing", "truncated");
        assertThat(rows.get("good").path("files_missing")).isEmpty();
        assertThat(rows.get("good").path("size_bytes").asLong()).isGreaterThan(tarGz.length);
        assertThat(rows.get("missing").path("files_missing").get(0).asString()).isEqualTo("missing.tar.gz");
        assertThat(rows.get("good").path("expires").asString()).isEqualTo("2026-12-25T02:00:00Z");
        Cli.Result text = kpc("backup", "list");
        assertThat(text.out()).containsPattern("missing +Completed .*FILES MISSING: missing.tar.gz").containsPattern("good +Completed .*files in bucket");
    }

    @Test
    @Order(2)
    void verifyPassesOnAWholeBackupAndFailsOnATruncatedOne() {
        Cli.Result good = kpc("backup", "verify", "good");
        assertThat(good.exit()).as(good.all()).isZero();
        assertThat(good.out()).contains("backup good verified", "2 objects", "all 2 its resource list names");
        Cli.Result truncated = kpc("backup", "verify", "truncated");
        assertThat(truncated.exit()).as(truncated.all()).isEqualTo(1);
        assertThat(truncated.out()).contains("truncated.tar.gz is not a whole archive").doesNotContain("\tat ");
        Cli.Result missing = kpc("backup", "verify", "missing");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("missing.tar.gz is missing from s3://" + BUCKET + "/velero/backups/missing/");
    }

    @Test
    @Order(3)
    void createWaitCompletesAndTheBackupIsInTheBucketAsVeleroWritesIt() throws Exception {
        // the simulator runs Velero's server: nothing here plays it
        kube.configMaps().inNamespace("katonic").resource(new ConfigMapBuilder().withNewMetadata().withName("notebook-settings")
                .withNamespace("katonic").endMetadata().addToData("theme", "dark").build()).create();
        Cli.Result r = kpc("backup", "create", "nightly", "--wait");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("backup nightly requested: namespaces katonic, superset, airbyte, kept 30 days")
                .containsPattern("backup nightly Completed \\(errors 0, warnings 0\\)");
        GenericKubernetesResource made = velero("Backup").inNamespace("velero").withName("nightly").get();
        assertThat((Object) made.get("spec", "ttl")).isEqualTo("720h0m0s");
        assertThat((Object) made.get("spec", "storageLocation")).isEqualTo("default");

        Cli.Result verify = kpc("backup", "verify", "nightly");
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("backup nightly verified: metadata and tarball whole");
        S3Client s3 = moto.client(S3Client.builder());
        byte[] tarGz = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("velero/backups/nightly/nightly.tar.gz")).asByteArray();
        assertThat(BackupArchive.contents(tarGz)).containsKey("resources/configmaps/namespaces/katonic/notebook-settings.json");

        JsonNode list = new ObjectMapper().readTree(kpc("backup", "list", "-o", "json").out());
        JsonNode nightly = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .filter(n -> n.path("name").asString().equals("nightly")).findFirst().orElseThrow();
        assertThat(nightly.path("status").asString()).isEqualTo("Completed");
        assertThat(nightly.path("files_missing")).isEmpty();

        Cli.Result describe = kpc("backup", "describe", "nightly");
        assertThat(describe.exit()).as(describe.all()).isZero();
        assertThat(describe.out()).containsPattern("Phase: +Completed").containsPattern("Namespaces: +katonic, superset, airbyte")
                .containsPattern("nightly\\.tar\\.gz +\\d+").doesNotContain("{");
        JsonNode described = new ObjectMapper().readTree(kpc("backup", "describe", "nightly", "-o", "json").out());
        assertThat(described.path("status").path("phase").asString()).isEqualTo("Completed");

        // a storage location whose bucket is gone: the backup fails, with Velero's reason
        GenericKubernetesResource bsl = velero("BackupStorageLocation").inNamespace("velero").withName("default").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> storage = (Map<String, Object>) bsl.get("spec", "objectStorage");
        storage.put("bucket", NAME + "-gone");
        velero("BackupStorageLocation").inNamespace("velero").resource(bsl).update();
        try {
            r = kpc("backup", "create", "broken", "--wait");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.out()).contains("backup broken Failed: error uploading the backup to s3://" + NAME + "-gone/velero/backups/broken/: NoSuchBucket");
        } finally {
            GenericKubernetesResource now = velero("BackupStorageLocation").inNamespace("velero").withName("default").get();
            @SuppressWarnings("unchecked")
            Map<String, Object> st = (Map<String, Object>) now.get("spec", "objectStorage");
            st.put("bucket", BUCKET);
            velero("BackupStorageLocation").inNamespace("velero").resource(now).update();
        }
    }

    @Test
    @Order(4)
    void restoreIsRefusedOverExistingObjectsUnlessAskedToUpdateThem() {
        kube.configMaps().inNamespace("katonic").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .withNamespace("katonic").endMetadata().addToData("a", "b").build()).create();
        Cli.Result refused = kpc("backup", "restore", "good");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
        assertThat(refused.all()).contains("already holds 1 of backup good's objects (ConfigMap katonic/settings)")
                .contains("--existing-resource-policy update");
        assertThat(velero("Restore").inNamespace("velero").list().getItems()).isEmpty();

        Cli.Result r = kpc("backup", "restore", "good", "--existing-resource-policy", "update", "--wait");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("Completed").contains("(2/2 items)");
        GenericKubernetesResource restore = velero("Restore").inNamespace("velero").list().getItems().get(0);
        assertThat((Object) restore.get("spec", "backupName")).isEqualTo("good");
        assertThat((Object) restore.get("spec", "existingResourcePolicy")).isEqualTo("update");
        // what the backup held is back: the object that was missing made, the one that was there updated
        assertThat(kube.apps().deployments().inNamespace("katonic").withName("web").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(kube.configMaps().inNamespace("katonic").withName("settings").get().getData()).containsEntry("a", "from-backup");
    }

    @Test
    @Order(5)
    void deleteRemovesTheFilesAndUnknownNamesAreClearErrors() throws Exception {
        Cli.Result r = kpc("backup", "delete", "nightly");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(velero("DeleteBackupRequest").inNamespace("velero").list().getItems())
                .anySatisfy(d -> assertThat((Object) d.get("spec", "backupName")).isEqualTo("nightly"));
        S3Client s3 = moto.client(S3Client.builder());
        long deadline = System.currentTimeMillis() + 20_000;
        while (velero("Backup").inNamespace("velero").withName("nightly").get() != null && System.currentTimeMillis() < deadline) pause(100);
        assertThat(velero("Backup").inNamespace("velero").withName("nightly").get()).isNull();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("velero/backups/nightly/")).contents()).isEmpty();
        for (String verb : new String[] {"describe", "verify", "delete", "restore"}) {
            Cli.Result none = kpc("backup", verb, "nope");
            assertThat(none.exit()).as(verb).isEqualTo(1);
            assertThat(none.all()).as(verb).contains("no backup named nope").doesNotContain("\tat ");
        }
    }

    @Test
    @Order(6)
    void aBucketThatIsNotThereIsNamed() throws Exception {
        String text = java.nio.file.Files.readString(config);
        java.nio.file.Files.writeString(config, text.replace("bucket: " + BUCKET, "bucket: " + NAME + "-elsewhere"));
        try {
            Cli.Result r = kpc("backup", "list");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.all()).contains("the backup bucket " + NAME + "-elsewhere does not exist").doesNotContain("\tat ");
        } finally {
            java.nio.file.Files.writeString(config, text);
        }
    }

    @Test
    @Order(7)
    void withoutVeleroEveryCommandSaysSo() {
        kube.apiextensions().v1().customResourceDefinitions().withName("backups.velero.io").delete();
        Cli.Result r = kpc("backup", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.all()).contains("Velero is not installed in the cluster").doesNotContain("\tat ");
    }
}
