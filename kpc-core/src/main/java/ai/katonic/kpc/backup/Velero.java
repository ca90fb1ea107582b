package ai.katonic.kpc.backup;

import ai.katonic.kpc.errors.KpcException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Velero's objects in the cluster, as its own CLI makes them: a Backup (what to back up, where, how
 * long to keep), a Restore (of which backup, into which namespaces, what to do with objects that
 * exist), a DeleteBackupRequest (Velero then removes the backup's files and snapshots). Velero's
 * server does the work; kpc writes these objects and reads their phase.
 */
public final class Velero {
    public static final String NAMESPACE = "velero";
    /** Phases after which nothing more happens. */
    public static final Set<String> FINAL = Set.of("Completed", "PartiallyFailed", "Failed", "FailedValidation");

    private final KubernetesClient k;

    public Velero(KubernetesClient k) {
        this.k = k;
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> of(String kind) {
        String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
        return k.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build());
    }

    /** Velero's CRDs are there, or a clear error: nothing else here can work without them. */
    public void requireInstalled() {
        var crd = call("look for Velero", () -> k.apiextensions().v1().customResourceDefinitions().withName("backups.velero.io").get());
        if (crd == null) {
            throw new KpcException.OperationFailed("Velero is not installed in the cluster (no backups.velero.io); `kpc apply` installs it");
        }
    }

    public List<GenericKubernetesResource> backups() {
        return call("list Velero backups", () -> of("Backup").inNamespace(NAMESPACE).list().getItems());
    }

    public Optional<GenericKubernetesResource> backup(String name) {
        return Optional.ofNullable(call("read backup " + name, () -> of("Backup").inNamespace(NAMESPACE).withName(name).get()));
    }

    public GenericKubernetesResource requireBackup(String name) {
        return backup(name).orElseThrow(() -> new KpcException.OperationFailed("no backup named " + name
                + " in the cluster's Velero (`kpc backup list` shows them)"));
    }

    public Optional<GenericKubernetesResource> restore(String name) {
        return Optional.ofNullable(call("read restore " + name, () -> of("Restore").inNamespace(NAMESPACE).withName(name).get()));
    }

    public void createBackup(String name, List<String> namespaces, String ttl) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("includedNamespaces", namespaces);
        spec.put("storageLocation", "default");
        spec.put("volumeSnapshotLocations", List.of("default"));
        spec.put("defaultVolumesToFsBackup", true);
        spec.put("ttl", ttl);
        create("Backup", name, spec, "create backup " + name);
    }

    public void createRestore(String name, String backup, List<String> namespaces, String existingResourcePolicy) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("backupName", backup);
        if (!namespaces.isEmpty()) spec.put("includedNamespaces", namespaces);
        spec.put("existingResourcePolicy", existingResourcePolicy);
        spec.put("restorePVs", true);
        create("Restore", name, spec, "create restore " + name);
    }

    public void requestDelete(String backup) {
        create("DeleteBackupRequest", backup + "-" + System.currentTimeMillis() / 1000, Map.of("backupName", backup),
                "request the deletion of backup " + backup);
    }

    private void create(String kind, String name, Map<String, Object> spec, String what) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("velero.io/v1").withKind(kind)
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "kpc")).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
        call(what, () -> of(kind).inNamespace(NAMESPACE).resource(r).create());
    }

    /** Whether an object of that kind exists (any kind the API serves; found through discovery). */
    public boolean exists(String apiVersion, String kind, String namespace, String name) {
        return call("look for " + kind + " " + namespace + "/" + name,
                () -> k.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get()) != null;
    }

    public static String phase(GenericKubernetesResource r) {
        Object p = r.get("status", "phase");
        return p == null ? "New" : p.toString();
    }

    public static String status(GenericKubernetesResource r, String field) {
        Object v = r.get("status", field);
        return v == null ? "" : v.toString();
    }

    private static <T> T call(String what, java.util.function.Supplier<T> c) {
        try {
            return c.get();
        } catch (KubernetesClientException e) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
            if (e.getCode() == 409) throw new KpcException.InvalidInput(what + ": " + reason);
            throw new KpcException.OperationFailed(what + ": the Kubernetes API answered " + (e.getCode() == 0 ? "nothing" : "HTTP " + e.getCode())
                    + " (" + reason.lines().findFirst().orElse("") + ")");
        }
    }
}
