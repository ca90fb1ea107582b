package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.aws.preflight.PreflightChecks;
import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;

/** The checks every command that changes AWS makes first; a failure ends it with exit 3 before anything happens. */
final class Preflight {
    private Preflight() {}

    /** The preflight credentials check alone: prints the identity, or ends the command with exit 3. */
    static void identity(Session s, PrintWriter out) {
        Check c = new PreflightChecks(s.aws, s.config).credentials();
        if (c.verdict() == Check.Verdict.FAIL) throw new KpcException.PreflightFailed(c.detail());
        out.println("AWS " + c.detail() + " (region " + s.aws.region() + ")");
    }
}
