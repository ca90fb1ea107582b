package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the Kubernetes handlers share: kpc's ownership labels (the Kubernetes side of the
 * {@code kpc:cluster} tag: only objects carrying them are adopted or deleted) and one translation
 * of the API's errors into kpc's vocabulary.
 */
public final class Kube {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String CLUSTER_LABEL = "kpc.katonic.ai/cluster";

    private Kube() {}

    public static Map<String, String> labels(StepContext ctx) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(MANAGED_BY, "kpc");
        l.put(CLUSTER_LABEL, ctx.clusterName());
        return l;
    }

    /** Refuses to adopt an object of the same name that kpc did not make. */
    public static <T extends HasMetadata> T requireOurs(StepContext ctx, T found) {
        Map<String, String> l = found.getMetadata().getLabels();
        if (l == null || !ctx.clusterName().equals(l.get(CLUSTER_LABEL))) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": " + found.getKind() + " " + found.getMetadata().getName()
                    + " already exists in the cluster without the label " + CLUSTER_LABEL + "=" + ctx.clusterName()
                    + "; kpc will not adopt it. Delete it, or label it to hand it to kpc");
        }
        return found;
    }

    /**
     * Deletes the object {@code named} names when it is there and labelled as this cluster's, checked on the answer;
     * one of that name without the label is left alone (it is not kpc's) and said; one already gone is done. Whether
     * kpc's is gone or going (false: one of the name that is not kpc's is there).
     */
    public static <T extends HasMetadata> boolean deleteOurs(StepContext ctx, String what, io.fabric8.kubernetes.client.dsl.Resource<T> named) {
        T found = call(ctx, "read " + what, named::get);
        if (found == null) return true;
        Map<String, String> l = found.getMetadata().getLabels();
        if (l == null || !ctx.clusterName().equals(l.get(CLUSTER_LABEL))) {
            ctx.progress("left alone: " + what + " is not labelled " + CLUSTER_LABEL + "=" + ctx.clusterName());
            return false;
        }
        run(ctx, "delete " + what, named::delete);
        return true;
    }

    /** Runs one or more API calls, saying which API refused what, or that it could not be reached. */
    public static <T> T call(StepContext ctx, String what, Supplier<T> calls) {
        try {
            return calls.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() <= 0) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": could not reach the cluster's Kubernetes API to " + what
                        + " (" + oneLine(e) + "). Its endpoint is private: run kpc where the VPC is reachable (the jump host), "
                        + "then re-run");
            }
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : oneLine(e);
            throw new KpcException.OperationFailed(ctx.resourceId() + ": the Kubernetes API refused to " + what + " (HTTP "
                    + e.getCode() + ": " + reason + ")" + (e.getCode() == 401 || e.getCode() == 403
                    ? "; the identity kpc runs as needs cluster-admin access (EKS grants it to the cluster's creator)" : "; re-run to resume"));
        }
    }

    /** How long an admission webhook may stay unanswered right after its controller's release went on (its pods start). */
    static final java.time.Duration WEBHOOK_WAIT = java.time.Duration.ofMinutes(3);

    /**
     * Like {@link #run}, for objects an admission webhook checks (the load balancer controller's, for
     * Ingresses): right after its release goes on, its pods are still starting and the API server
     * answers "failed calling webhook"; that is waited out, with progress, for {@link #WEBHOOK_WAIT}.
     */
    public static void runPastWebhook(StepContext ctx, String what, Runnable calls) {
        ai.katonic.kpc.runtime.Backoff backoff = ctx.timeScale().every(java.time.Duration.ofSeconds(5), WEBHOOK_WAIT);
        long started = System.nanoTime();
        while (true) {
            try {
                calls.run();
                return;
            } catch (KubernetesClientException e) {
                boolean webhook = String.valueOf(e.getMessage()).contains("failed calling webhook");
                if (!webhook || backoff.spent()) run(ctx, what, () -> { throw e; });
                // both in the run's time (a rehearsal's minute of AWS time is shorter)
                ctx.progress("waiting for the admission webhook to answer (" + ai.katonic.kpc.engine.Progress.format(java.time.Duration.ofNanos(
                        System.nanoTime() - started)) + " of up to " + ai.katonic.kpc.engine.Progress.format(ctx.timeScale().of(WEBHOOK_WAIT))
                        + "): its controller is starting");
                if (!backoff.pause()) run(ctx, what, () -> { throw e; });
            }
        }
    }

    public static void run(StepContext ctx, String what, Runnable calls) {
        call(ctx, what, () -> {
            calls.run();
            return null;
        });
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = String.valueOf(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
        return m.replaceAll("\\s+", " ");
    }
}
