package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ALB's address: the load balancer controller writes it into the Ingress's status once the ALB
 * exists (a few minutes on AWS). kpc waits for it, then records the CNAME records that point the
 * platform's names at it — printed for whoever runs the domain, or written into Route 53 by the
 * {@code dns-records} step when {@code domain.hosted_zone_id} is set. Nothing to delete: the ALB
 * goes with the Ingresses.
 */
public final class IngressAddressHandler implements Handler<Spec.IngressAddress>, Handler.Updater<Spec.IngressAddress> {
    /** How long the controller usually takes to make an ALB and report it. */
    static final Duration USUAL = Duration.ofMinutes(3);

    public Class<Spec.IngressAddress> specType() { return Spec.IngressAddress.class; }

    public List<String> actions() {
        return List.of();
    }

    private static Optional<String> hostname(StepContext ctx, Spec.IngressAddress spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Ingress i = Kube.call(ctx, "read Ingress " + spec.ingressName(), () ->
                k.network().v1().ingresses().inNamespace(spec.namespaceName()).withName(spec.ingressName()).get());
        if (i == null || i.getStatus() == null || i.getStatus().getLoadBalancer() == null
                || i.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        return i.getStatus().getLoadBalancer().getIngress().stream().map(a -> a.getHostname())
                .filter(h -> h != null && !h.isBlank()).findFirst();
    }

    private static Live live(Spec.IngressAddress spec, String hostname) {
        String records = spec.hosts().stream().map(h -> h + " CNAME " + hostname).collect(Collectors.joining("\n"));
        return Live.of(hostname, Map.of("hostname", hostname, "records", records));
    }

    /** Only once recorded: the first apply reads the address (and prints the records) rather than "adopting" it. */
    public Optional<Live> observe(StepContext ctx, Spec.IngressAddress spec) {
        if (!ctx.recordedAsCreated()) return Optional.empty();
        return hostname(ctx, spec).map(h -> live(spec, h));
    }

    public Live create(StepContext ctx, Spec.IngressAddress spec) {
        String hostname = Poll.until(ctx, "the load balancer controller to give the ALB an address", USUAL, () -> hostname(ctx, spec)
                .map(h -> Poll.Seen.done("address " + h, h)).orElseGet(() -> Poll.Seen.waiting("no address yet")));
        if (ctx.config().domain().hostedZoneId() == null) {
            for (String h : spec.hosts()) ctx.progress("point the name at the ALB: " + h + " CNAME " + hostname);
        }
        return live(spec, hostname);
    }

    /** Other names (a changed fqdn) for the same ALB, or the ALB made anew (a changed scheme): read it again. */
    public Live update(StepContext ctx, Spec.IngressAddress spec, Live live) {
        return create(ctx, spec);
    }

    public void delete(StepContext ctx, Spec.IngressAddress spec, Live live) {
        // the controller deletes the ALB when the Ingresses go
    }
}
