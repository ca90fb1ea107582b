package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.aws.preflight.PreflightChecks;
import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;

/** The checks every command that changes AWS makes first; a failure ends it with exit 3 before anything happens. */
final class Preflight {
    private Preflight() {}

    /** The preflight credentials check alone: prints the identity and returns its account, or ends the command with exit 3. */
    static String identity(Session s, PrintWriter out) {
        PreflightChecks checks = new PreflightChecks(s.aws, s.config, s.overrides);
        Check c = checks.credentials();
        if (c.verdict() == Check.Verdict.FAIL) throw new KpcException.PreflightFailed(c.detail());
        out.println("AWS " + c.detail() + " (region " + s.aws.region() + ")");
        return checks.callerAccount();
    }
}
