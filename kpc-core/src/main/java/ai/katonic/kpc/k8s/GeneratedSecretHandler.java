package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Secret of random values, made in the cluster once and kept: a re-apply never changes it (Superset
 * would lose its sessions and the encrypted connection passwords with a new SECRET_KEY). The values
 * are made here and sent only to the API server: no log line, plan, state file or error carries them.
 */
public final class GeneratedSecretHandler implements Handler<Spec.GeneratedSecret> {
    private static final SecureRandom RANDOM = new SecureRandom();

    public Class<Spec.GeneratedSecret> specType() { return Spec.GeneratedSecret.class; }

    public List<String> actions() {
        return List.of();
    }

    public Optional<Live> observe(StepContext ctx, Spec.GeneratedSecret spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Secret s = Kube.call(ctx, "read Secret " + spec.name(), () -> k.secrets().inNamespace(spec.namespaceName()).withName(spec.name()).get());
        return s == null ? Optional.empty() : Optional.of(Live.of(Kube.requireOurs(ctx, s).getMetadata().getName()));
    }

    public Live create(StepContext ctx, Spec.GeneratedSecret spec) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String key : spec.keys()) data.put(key, random());
        Secret secret = new SecretBuilder().withNewMetadata().withName(spec.name()).withNamespace(spec.namespaceName())
                .withLabels(Kube.labels(ctx)).endMetadata().withType("Opaque").withStringData(data).build();
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Kube.run(ctx, "create Secret " + spec.name(), () -> k.secrets().inNamespace(spec.namespaceName()).resource(secret).create());
        ctx.progress("made " + spec.keys().size() + " random values in " + spec.namespaceName() + "/" + spec.name());
        return Live.of(spec.name());
    }

    /** 32 random bytes, URL-safe base64 (43 characters): no shell or YAML character to quote. */
    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public void delete(StepContext ctx, Spec.GeneratedSecret spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Kube.deleteOurs(ctx, "Secret " + spec.namespaceName() + "/" + spec.name(), k.secrets().inNamespace(spec.namespaceName()).withName(spec.name()));
    }
}
