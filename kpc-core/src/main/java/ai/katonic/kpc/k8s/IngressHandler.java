package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Ingress for the AWS Load Balancer Controller: all of kpc's Ingresses share one IngressGroup,
 * so the platform, Superset and Airbyte sit behind one ALB (each Ingress stays in its own
 * namespace, beside the Service it routes to). HTTPS only on 443 with a TLS 1.3 policy, targets are
 * pod IPs, the scheme follows {@code domain.load_balancer}. Its annotations and rules change in place.
 */
public final class IngressHandler implements Handler<Spec.KubeIngress>, Handler.Updater<Spec.KubeIngress> {
    public static final String SCHEME = "alb.ingress.kubernetes.io/scheme";
    public static final String CERTIFICATE = "alb.ingress.kubernetes.io/certificate-arn";

    public Class<Spec.KubeIngress> specType() { return Spec.KubeIngress.class; }

    public List<String> actions() {
        return List.of();
    }

    public Optional<Live> observe(StepContext ctx, Spec.KubeIngress spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Ingress i = Kube.call(ctx, "read Ingress " + spec.name(), () ->
                k.network().v1().ingresses().inNamespace(spec.namespaceName()).withName(spec.name()).get());
        return i == null ? Optional.empty() : Optional.of(Live.of(Kube.requireOurs(ctx, i).getMetadata().getName()));
    }

    public Live create(StepContext ctx, Spec.KubeIngress spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Ingress i = ingress(ctx, spec);
        Kube.runPastWebhook(ctx, "create Ingress " + spec.name(), () -> k.network().v1().ingresses().inNamespace(spec.namespaceName()).resource(i).create());
        return Live.of(spec.name());
    }

    public Live update(StepContext ctx, Spec.KubeIngress spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Ingress i = ingress(ctx, spec);
        Kube.runPastWebhook(ctx, "update Ingress " + spec.name(), () -> k.network().v1().ingresses().inNamespace(spec.namespaceName())
                .withName(spec.name()).edit(old -> { old.setSpec(i.getSpec()); old.getMetadata().setAnnotations(i.getMetadata().getAnnotations()); return old; }));
        return Live.of(spec.name());
    }

    private static Ingress ingress(StepContext ctx, Spec.KubeIngress spec) {
        String certificate = spec.certificateArn() != null ? spec.certificateArn() : ctx.dep(spec.certificate()).out("arn");
        Map<String, String> a = new LinkedHashMap<>();
        a.put(SCHEME, spec.scheme());
        a.put("alb.ingress.kubernetes.io/target-type", "ip");
        a.put("alb.ingress.kubernetes.io/group.name", spec.group());
        a.put("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]");
        a.put("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        a.put(CERTIFICATE, certificate);
        if (spec.annotations() != null) a.putAll(spec.annotations());
        return new IngressBuilder()
                .withNewMetadata().withName(spec.name()).withNamespace(spec.namespaceName()).withLabels(Kube.labels(ctx))
                .withAnnotations(a).endMetadata()
                .withNewSpec().withIngressClassName("alb")
                .addNewTl().withHosts(spec.host()).endTl()
                .addNewRule().withHost(spec.host()).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(spec.service()).withNewPort().withNumber(spec.port()).endPort()
                .endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
    }

    public void delete(StepContext ctx, Spec.KubeIngress spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Kube.deleteOurs(ctx, "Ingress " + spec.namespaceName() + "/" + spec.name(),
                k.network().v1().ingresses().inNamespace(spec.namespaceName()).withName(spec.name()));
    }
}
