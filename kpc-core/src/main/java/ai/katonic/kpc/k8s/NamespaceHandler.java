package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A namespace of the Katonic platform, labelled as kpc's. Deleting it deletes all it holds. */
public final class NamespaceHandler implements Handler<Spec.KubeNamespace> {
    public Class<Spec.KubeNamespace> specType() { return Spec.KubeNamespace.class; }

    public List<String> actions() {
        return List.of(); // Kubernetes RBAC, not IAM: EKS maps the cluster's creator to cluster-admin
    }

    public Optional<Live> observe(StepContext ctx, Spec.KubeNamespace spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Namespace ns = Kube.call(ctx, "read namespace " + spec.name(), () -> k.namespaces().withName(spec.name()).get());
        if (ns == null || "Terminating".equals(ns.getStatus() == null ? null : ns.getStatus().getPhase())) return Optional.empty();
        return Optional.of(Live.of(Kube.requireOurs(ctx, ns).getMetadata().getName()));
    }

    public Live create(StepContext ctx, Spec.KubeNamespace spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(spec.name()).withLabels(Kube.labels(ctx)).endMetadata().build();
        Kube.run(ctx, "create namespace " + spec.name(), () -> k.namespaces().resource(ns).create());
        return Live.of(spec.name());
    }

    public void delete(StepContext ctx, Spec.KubeNamespace spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        if (!Kube.deleteOurs(ctx, "namespace " + spec.name(), k.namespaces().withName(spec.name()))) return;
        // Its pods and services go with it; the load balancers of its Services only once they are gone.
        Poll.untilGone(ctx, Duration.ofMinutes(1), () -> Optional.ofNullable(Kube.call(ctx, "read namespace " + spec.name(),
                () -> k.namespaces().withName(spec.name()).get())).map(n -> "Terminating"));
    }
}
