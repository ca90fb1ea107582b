package ai.katonic.kpc.helm;

import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm's record of a release revision, as Helm 3 keeps it: the Secret {@code sh.helm.release.v1.<name>.v<revision>}
 * (label {@code status}, data {@code release}: base64 of the gzip'd release JSON). kpc changes one thing in it,
 * the status of a revision an interrupted run left pending, to failed — what {@code helm rollback} would leave
 * and what lets the next upgrade go ahead.
 */
final class HelmHistory {
    private static final ObjectMapper JSON = ai.katonic.kpc.runtime.Jackson.JSON;

    private HelmHistory() {}

    static void markFailed(StepContext ctx, Spec.HelmRelease spec, String revision) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        String name = "sh.helm.release.v1." + spec.release() + ".v" + revision;
        Secret s = k.secrets().inNamespace(spec.namespace()).withName(name).get();
        if (s == null || s.getData() == null || !s.getData().containsKey("release")) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": Helm's record " + spec.namespace() + "/" + name
                    + " is not there to repair; `helm uninstall " + spec.release() + " -n " + spec.namespace() + "` and re-run `kpc apply`");
        }
        try {
            byte[] helmText = Base64.getDecoder().decode(s.getData().get("release")); // the API's base64
            byte[] gz = Base64.getDecoder().decode(helmText); // Helm's own
            ObjectNode release;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                release = (ObjectNode) JSON.readTree(in.readAllBytes());
            }
            ((ObjectNode) release.path("info")).put("status", "failed").put("description", "interrupted; marked failed by kpc");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(JSON.writeValueAsBytes(release));
            }
            String encoded = Base64.getEncoder().encodeToString(Base64.getEncoder().encode(out.toByteArray()));
            k.secrets().inNamespace(spec.namespace()).withName(name).edit(old -> {
                old.getData().put("release", encoded);
                old.getMetadata().getLabels().put("status", "failed");
                return old;
            });
        } catch (IOException | RuntimeException e) {
            if (e instanceof KpcException ke) throw ke;
            throw new KpcException.OperationFailed(ctx.resourceId() + ": could not repair Helm's record " + name + ": " + e.getMessage());
        }
    }
}
