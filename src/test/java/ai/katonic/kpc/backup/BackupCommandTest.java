package ai.katonic.kpc.backup;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CompletableFuture;
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
 * CRDs from the Velero release). The bucket is laid out the way Velero writes it, by the test; the
 * Backup and Restore objects are driven by the test the way Velero's server would drive them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

    /** Plays Velero's server for one object: once kpc made it, its phase goes through the given ones. */
    static CompletableFuture<Void> drive(String kind, String namePrefix, String... phasesThenReason) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.currentTimeMillis() + 30_000;
            GenericKubernetesResource r = null;
            while (r == null && System.currentTimeMillis() < deadline) {
                r = velero(kind).inNamespace("velero").list().getItems().stream()
                        .filter(x -> x.getMetadata().getName().startsWith(namePrefix)).findFirst().orElse(null);
                if (r == null) pause(200);
            }
            if (r == null) throw new IllegalStateException(kind + " " + namePrefix + " never appeared");
            for (String phase : phasesThenReason) {
                if (phase.startsWith("reason:")) continue;
                pause(1200);
                GenericKubernetesResource now = velero(kind).inNamespace("velero").withName(r.getMetadata().getName()).get();
                Map<String, Object> status = new LinkedHashMap<>(Map.of("phase", phase, "progress", Map.of("totalItems", 12, "itemsBackedUp", 12)));
                Arrays.stream(phasesThenReason).filter(p -> p.startsWith("reason:")).findFirst()
                        .ifPresent(p -> { if (phase.equals("Failed")) status.put("failureReason", p.substring(7)); });
                now.setAdditionalProperty("status", status);
                velero(kind).inNamespace("velero").resource(now).update();
            }
        });
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
        tarEntry(tar, "resources/deployments.apps/namespaces/katonic/web.json", "{\"kind\":\"Deployment\"}".getBytes(StandardCharsets.UTF_8));
        tarEntry(tar, "resources/configmaps/namespaces/katonic/settings.json", "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8));
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
        new ObjectMapper().readTree(json.out()).forEach(row -> rows.put(row.path("name").asText(), row));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("good", "missing", "truncated");
        assertThat(rows.get("good").path("files_missing")).isEmpty();
        assertThat(rows.get("good").path("size_bytes").asLong()).isGreaterThan(tarGz.length);
        assertThat(rows.get("missing").path("files_missing").get(0).asText()).isEqualTo("missing.tar.gz");
        assertThat(rows.get("good").path("expires").asText()).isEqualTo("2026-12-25T02:00:00Z");
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
    void createWaitReportsThePhaseTheBackupReaches() {
        CompletableFuture<Void> velero = drive("Backup", "nightly", "InProgress", "Completed");
        Cli.Result r = kpc("backup", "create", "nightly", "--wait");
        velero.join();
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("backup nightly requested: namespaces katonic, superset, airbyte, kept 30 days")
                .contains("backup nightly: InProgress").contains("backup nightly Completed");
        GenericKubernetesResource made = velero("Backup").inNamespace("velero").withName("nightly").get();
        assertThat((Object) made.get("spec", "ttl")).isEqualTo("720h0m0s");
        assertThat((Object) made.get("spec", "storageLocation")).isEqualTo("default");

        velero = drive("Backup", "broken", "InProgress", "Failed", "reason:BackupStorageLocation default is unavailable");
        r = kpc("backup", "create", "broken", "--wait");
        velero.join();
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("backup broken Failed: BackupStorageLocation default is unavailable");
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

        CompletableFuture<Void> velero = drive("Restore", "good-", "InProgress", "Completed");
        Cli.Result r = kpc("backup", "restore", "good", "--existing-resource-policy", "update", "--wait");
        velero.join();
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("Completed");
        GenericKubernetesResource restore = velero("Restore").inNamespace("velero").list().getItems().get(0);
        assertThat((Object) restore.get("spec", "backupName")).isEqualTo("good");
        assertThat((Object) restore.get("spec", "existingResourcePolicy")).isEqualTo("update");
    }

    @Test
    @Order(5)
    void deleteAsksVeleroAndUnknownNamesAreClearErrors() {
        Cli.Result r = kpc("backup", "delete", "good");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(velero("DeleteBackupRequest").inNamespace("velero").list().getItems())
                .anySatisfy(d -> assertThat((Object) d.get("spec", "backupName")).isEqualTo("good"));
        Cli.Result none = kpc("backup", "describe", "nope");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.all()).contains("no backup named nope").doesNotContain("\tat ");
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
