package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Ingress for a Katonic namespace: denied by default; allowed from pods of the same namespace, and
 * from the VPC's addresses, where the ALB (targeting pod IPs) and the cluster's control plane
 * (webhooks) connect from. Enforced by the VPC CNI's network policy agent or by Calico.
 */
public final class NetworkPolicyHandler implements Handler<Spec.NetworkPolicies>, Handler.Updater<Spec.NetworkPolicies> {
    static final List<String> NAMES = List.of("default-deny-ingress", "allow-same-namespace", "allow-from-vpc");

    public Class<Spec.NetworkPolicies> specType() { return Spec.NetworkPolicies.class; }

    public List<String> actions() {
        return List.of();
    }

    public Optional<Live> observe(StepContext ctx, Spec.NetworkPolicies spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        for (String name : NAMES) {
            NetworkPolicy p = Kube.call(ctx, "read NetworkPolicy " + name, () ->
                    k.network().v1().networkPolicies().inNamespace(spec.namespaceName()).withName(name).get());
            if (p == null) return Optional.empty(); // made again in full: creating is idempotent per policy
            Kube.requireOurs(ctx, p);
        }
        return Optional.of(Live.of(spec.namespaceName()));
    }

    public Live create(StepContext ctx, Spec.NetworkPolicies spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        for (NetworkPolicy p : policies(ctx, spec)) {
            var existing = k.network().v1().networkPolicies().inNamespace(spec.namespaceName()).withName(p.getMetadata().getName());
            Kube.run(ctx, "create NetworkPolicy " + p.getMetadata().getName(), () -> {
                if (existing.get() == null) existing.create(p);
            });
        }
        return Live.of(spec.namespaceName());
    }

    /** A new enforcer (network_policy) leaves the policies as they are; any one missing is made again. */
    public Live update(StepContext ctx, Spec.NetworkPolicies spec, Live live) {
        return create(ctx, spec);
    }

    private static List<NetworkPolicy> policies(StepContext ctx, Spec.NetworkPolicies spec) {
        String ns = spec.namespaceName();
        NetworkPolicy deny = new NetworkPolicyBuilder().withNewMetadata().withName(NAMES.get(0)).withNamespace(ns)
                .withLabels(Kube.labels(ctx)).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();
        NetworkPolicy same = new NetworkPolicyBuilder().withNewMetadata().withName(NAMES.get(1)).withNamespace(ns)
                .withLabels(Kube.labels(ctx)).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress().endSpec().build();
        NetworkPolicy vpc = new NetworkPolicyBuilder().withNewMetadata().withName(NAMES.get(2)).withNamespace(ns)
                .withLabels(Kube.labels(ctx)).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewIpBlock().withCidr(spec.vpcCidr()).endIpBlock().endFrom().endIngress().endSpec().build();
        return List.of(deny, same, vpc);
    }

    public void delete(StepContext ctx, Spec.NetworkPolicies spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        for (String name : NAMES) {
            Kube.deleteOurs(ctx, "NetworkPolicy " + spec.namespaceName() + "/" + name,
                    k.network().v1().networkPolicies().inNamespace(spec.namespaceName()).withName(name));
        }
    }
}
