package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.runtime.Backoff;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Retries a call that names resources made moments ago while AWS has not caught up with them:
 * EC2's NotFound for a new VPC or subnet, EKS and EC2 refusing a role or instance profile that
 * IAM has not propagated. Such a refused call took no effect, so repeating it is safe. Other
 * errors go straight through (the SDK already retried throttling and 5xx).
 */
final class Settle {
    /** IAM propagation is the slowest: Terraform's AWS provider retries it for two minutes; allow a bit more. */
    static final Duration BUDGET = Duration.ofMinutes(3);

    private Settle() {}

    static <T> T call(StepContext ctx, String what, Supplier<T> call) {
        // Growing by half, not doubling: AWS usually catches up within seconds, and a doubled
        // pause would overshoot that by as much again (on EKS's critical path, the cluster role).
        Backoff backoff = ctx.timeScale().backoff(Duration.ofMillis(250), 1.5, Duration.ofSeconds(5), BUDGET);
        String said = null;
        while (true) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!notYetConsistent(e) || backoff.spent()) throw e;
                // One line per state, not per retry.
                if (!AwsErrors.code(e).equals(said)) ctx.progress("waiting for AWS to see what " + what + " needs (" + AwsErrors.code(e) + ")");
                said = AwsErrors.code(e);
                if (!backoff.pause()) throw e;
            }
        }
    }

    static boolean notYetConsistent(AwsServiceException e) {
        String code = AwsErrors.code(e);
        String msg = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage();
        return AwsErrors.isNotFound(e)
                || (code.equals("InvalidParameterException") && msg.contains("could not be assumed"))
                || (code.equals("InvalidParameterValue") && msg.contains("Invalid IAM Instance Profile"));
    }
}
