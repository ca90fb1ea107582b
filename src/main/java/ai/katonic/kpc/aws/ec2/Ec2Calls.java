package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.engine.AwsErrors;
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
                if (!found.isEmpty()) return Optional.of(found.get(0));
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        return byTag.get().stream().filter(t -> Ec2Tags.isMine(ctx.clusterName(), ctx.resourceId(), tags.apply(t))).findFirst();
    }

    static void deleteIgnoringNotFound(StepContext ctx, String what, Runnable call) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long delay = 500;
        while (true) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                if (AwsErrors.isNotFound(e)) return;
                // AWS releases ENIs of deleted load balancers, endpoints and instances asynchronously.
                String code = AwsErrors.code(e);
                boolean transient_ = code.equals("DependencyViolation") || code.equals("InvalidNetworkInterface.InUse");
                if (!transient_ || System.nanoTime() > deadline) throw e;
                ctx.progress("waiting: " + what + " still has dependencies (" + code + ")");
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(10_000, delay * 2);
            }
        }
    }
}
