package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.engine.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;

/** The checks every command that changes AWS makes first; a failure ends it with exit 3 before anything happens. */
final class Preflight {
    private Preflight() {}

    /** Credentials work: one STS call that any identity may make. Returns the caller's ARN. */
    static String identity(AwsClients aws, PrintWriter out) {
        try {
            String arn = aws.sts().getCallerIdentity().arn();
            out.println("AWS identity: " + arn + " (region " + aws.region() + ")");
            return arn;
        } catch (RuntimeException e) {
            throw new KpcException.PreflightFailed(AwsErrors.explain("credentials", e));
        }
    }
}
