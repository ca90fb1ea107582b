package ai.katonic.kpc.ops;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.plan.HelmReleases;
import ai.katonic.kpc.plan.Ids;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sign-ins kpc made at random and keeps only in the cluster, read through the same way to the API as apply. */
public final class AppSecrets {
    /** The Secret (namespace superset) with Superset's admin password under {@code admin-password}. */
    private static final String SUPERSET = HelmReleases.SUPERSET_SECRET;

    private AppSecrets() {}

    /** How to sign in to {@code app} (superset or airbyte): its URL, and its user and where the password is, or why there is none. */
    public static Map<String, Object> signIn(ClusterConfig c, String app) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        if (app.equals("airbyte")) {
            m.put("url", "https://" + c.domain().connectorsHost());
            m.put("login", "none: Airbyte 0.40.32 has no users; who reaches it is decided by the ALB ("
                    + (c.domain().internal() ? "internal load balancer" : "domain.allowed_cidrs / domain.oidc") + ")");
            return m;
        }
        m.put("url", "https://" + c.domain().dashHost());
        m.put("user", "admin");
        m.put("secret", "superset/" + SUPERSET + " (key admin-password)");
        m.put("read_with", "kubectl -n superset get secret " + SUPERSET + " -o jsonpath='{.data.admin-password}' | base64 -d");
        return m;
    }

    /** Superset's admin password as the cluster holds it; a clear failure when kpc has not reached the cluster or made it. */
    public static String supersetPassword(RunContext run) {
        Live api = run.live(Ids.KUBERNETES_API);
        if (api == null) throw new KpcException.OperationFailed("kpc has not reached this cluster's Kubernetes API yet: run `kpc apply` first");
        KubernetesClient k = KubeClients.of(run, api);
        Secret found = k.secrets().inNamespace("superset").withName(SUPERSET).get();
        if (found == null || found.getData() == null || !found.getData().containsKey("admin-password")) {
            throw new KpcException.OperationFailed("no Secret superset/" + SUPERSET + " in the cluster; run `kpc apply` to make it");
        }
        return new String(Base64.getDecoder().decode(found.getData().get("admin-password")), StandardCharsets.UTF_8);
    }
}
