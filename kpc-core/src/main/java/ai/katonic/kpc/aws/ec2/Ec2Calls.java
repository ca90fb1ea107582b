package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.runtime.Backoff;
import ai.katonic.kpc.engine.StepContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Delete helpers shared by the EC2 handlers: not-found is success; dependency errors are waited out. */
final class Ec2Calls {
    private Ec2Calls() {}

    /**
     * The live resource by the id in state, else by kpc's tags (a run killed before it saved the id).
     * What a tag search returns is adopted only when it carries both tags, checked on the answer: a
     * describe that ignored the filter (moto's NAT gateways) must not hand over another cluster's resource.
     */
    static <T> Optional<T> find(StepContext ctx, Function<T, List<software.amazon.awssdk.services.ec2.model.Tag>> tags,
                                Function<String, List<T>> byId, Supplier<List<T>> byTag) {
        if (ctx.recordedId() != null) {
            try {
                List<T> found = byId.apply(ctx.recordedId());
                if (!found.isEmpty()) {
                    // The id state recorded must still be this cluster's: never change or delete what is not.
                    if (Ec2Tags.isCluster(ctx.clusterName(), tags.apply(found.get(0)))) return Optional.of(found.get(0));
                    ctx.progress("left alone: " + ctx.recordedId() + ", recorded in state, is not tagged "
                            + ai.katonic.kpc.config.ClusterConfig.OWNER_TAG + "=" + ctx.clusterName());
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        return byTag.get().stream().filter(t -> Ec2Tags.isMine(ctx.clusterName(), ctx.resourceId(), tags.apply(t))).findFirst();
    }

    static void deleteIgnoringNotFound(StepContext ctx, String what, Runnable call) {
        // AWS releases ENIs of deleted load balancers, endpoints and instances asynchronously.
        deleteIgnoringNotFound(ctx::progress, ctx.timeScale(), what, call, java.util.Set.of("DependencyViolation", "InvalidNetworkInterface.InUse"),
                Duration.ofMinutes(10));
    }

    /** Runs a delete; not-found is success; the {@code busy} error codes are waited out (backing off) for up to {@code max}. */
    static void deleteIgnoringNotFound(java.util.function.Consumer<String> progress, ai.katonic.kpc.runtime.TimeScale scale, String what,
                                       Runnable call, java.util.Set<String> busy, Duration max) {
        Backoff backoff = scale.backoff(Duration.ofMillis(500), 2, Duration.ofSeconds(10), max);
        String said = null;
        while (true) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                if (AwsErrors.isNotFound(e)) return;
                String code = AwsErrors.code(e);
                if (!busy.contains(code) || backoff.spent()) throw e;
                if (!code.equals(said)) progress.accept("waiting: " + what + " still has dependencies (" + code + ")");
                said = code;
                if (!backoff.pause()) throw e;
            }
        }
    }
}
