package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A storage class: {@code kfs} (EBS gp3 through the CSI driver, encrypted, bound when a pod is
 * scheduled so the volume lands in the pod's zone, expandable, the default) and {@code kfs-shared}
 * (EFS access points, one per volume). A storage class's parameters cannot change in place
 * (Kubernetes forbids it), so a changed one is a new class.
 */
public final class StorageClassHandler implements Handler<Spec.StorageClass> {
    static final String DEFAULT = "storageclass.kubernetes.io/is-default-class";

    public Class<Spec.StorageClass> specType() { return Spec.StorageClass.class; }

    public List<String> actions() {
        return List.of();
    }

    public Optional<Live> observe(StepContext ctx, Spec.StorageClass spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        StorageClass sc = Kube.call(ctx, "read storage class " + spec.name(), () -> k.storage().v1().storageClasses().withName(spec.name()).get());
        return sc == null ? Optional.empty() : Optional.of(Live.of(Kube.requireOurs(ctx, sc).getMetadata().getName()));
    }

    public Live create(StepContext ctx, Spec.StorageClass spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Map<String, String> parameters = new LinkedHashMap<>(spec.parameters());
        if (spec.fileSystem() != null) parameters.put("fileSystemId", ctx.id(spec.fileSystem()));
        StorageClass sc = new StorageClassBuilder()
                .withNewMetadata().withName(spec.name()).withLabels(Kube.labels(ctx))
                .withAnnotations(Map.of(DEFAULT, String.valueOf(spec.isDefault()))).endMetadata()
                .withProvisioner(spec.provisioner()).withParameters(parameters)
                .withReclaimPolicy("Delete").withVolumeBindingMode("WaitForFirstConsumer")
                .withAllowVolumeExpansion(spec.provisioner().equals("ebs.csi.aws.com"))
                .build();
        Kube.run(ctx, "create storage class " + spec.name(), () -> k.storage().v1().storageClasses().resource(sc).create());
        if (spec.isDefault()) demoteOthers(ctx, k, spec.name());
        return Live.of(spec.name());
    }

    /** One default class only: EKS marks gp2 default on new clusters; kpc's takes its place. */
    private static void demoteOthers(StepContext ctx, KubernetesClient k, String mine) {
        for (StorageClass other : Kube.call(ctx, "list storage classes", () -> k.storage().v1().storageClasses().list().getItems())) {
            String name = other.getMetadata().getName();
            Map<String, String> a = other.getMetadata().getAnnotations();
            if (name.equals(mine) || a == null || !"true".equals(a.get(DEFAULT))) continue;
            ctx.progress("storage class " + name + " is no longer the default");
            Kube.run(ctx, "unmark storage class " + name + " as default", () -> k.storage().v1().storageClasses().withName(name)
                    .edit(sc -> { sc.getMetadata().getAnnotations().put(DEFAULT, "false"); return sc; }));
        }
    }

    public void delete(StepContext ctx, Spec.StorageClass spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Kube.deleteOurs(ctx, "storage class " + spec.name(), k.storage().v1().storageClasses().withName(spec.name()));
    }
}
