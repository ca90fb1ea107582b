package ai.katonic.kpc.helm;

import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a Helm call is waiting for, said once each time it changes: the release's hook Jobs and Pods
 * (Superset's init-db, Airbyte's bootloader) that have not finished, with the image each pulls —
 * on a fresh cluster these pulls are most of an install's wait.
 */
final class HookWatch {
    private final StepContext ctx;
    private final Spec.HelmRelease spec;
    private volatile String said = "";

    HookWatch(StepContext ctx, Spec.HelmRelease spec) {
        this.ctx = ctx;
        this.spec = spec;
    }

    Optional<String> waitingFor() {
        return said.isEmpty() ? Optional.empty() : Optional.of(said);
    }

    void look() {
        String now;
        try {
            KubernetesClient k = KubeClients.of(ctx, spec.api());
            String jobs = k.batch().v1().jobs().inNamespace(spec.namespace()).list().getItems().stream()
                    .filter(j -> hook(j.getMetadata().getAnnotations())).filter(j -> !done(j))
                    .map(j -> "hook Job " + j.getMetadata().getName() + images(j.getSpec().getTemplate().getSpec()))
                    .collect(Collectors.joining(", "));
            String pods = k.pods().inNamespace(spec.namespace()).list().getItems().stream()
                    .filter(p -> hook(p.getMetadata().getAnnotations())).filter(p -> !done(p))
                    .map(p -> "hook Pod " + p.getMetadata().getName() + images(p.getSpec())).collect(Collectors.joining(", "));
            now = java.util.stream.Stream.of(jobs, pods).filter(x -> !x.isEmpty()).collect(Collectors.joining(", "));
        } catch (RuntimeException e) {
            return; // a look is best effort; the Helm call itself says what failed
        }
        if (!now.equals(said)) {
            said = now;
            if (!now.isEmpty()) ctx.progress("Helm waits for " + now);
        }
    }

    private static boolean hook(java.util.Map<String, String> annotations) {
        return annotations != null && annotations.containsKey("helm.sh/hook");
    }

    private static boolean done(Job j) {
        return j.getStatus() != null && j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() > 0;
    }

    private static boolean done(Pod p) {
        return p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase());
    }

    private static String images(io.fabric8.kubernetes.api.model.PodSpec pod) {
        if (pod == null) return "";
        String images = java.util.stream.Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .map(io.fabric8.kubernetes.api.model.Container::getImage).distinct().collect(Collectors.joining(", "));
        return images.isEmpty() ? "" : " (" + images + ")";
    }
}
