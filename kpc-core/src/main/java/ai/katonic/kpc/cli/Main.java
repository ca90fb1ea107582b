package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point. All exit-code mapping happens here, so commands stay thin. */
public final class Main {
    static {
        // Libraries log through java.util.logging (the Kubernetes client and the JDK HTTP client under it, the
        // simulated cluster's API server on vert.x): what kpc says it says itself, in its own words, so their
        // records (and their stack traces) never reach the user's terminal.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = commandLine();
        int rc = cl.execute(args);
        // Commands print through picocli's writers; flush them before the JVM exits.
        cl.getOut().flush();
        cl.getErr().flush();
        return rc;
    }

    /** A configured picocli instance; tests use it with their own out/err writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KpcCommand());
        for (Extension e : java.util.ServiceLoader.load(Extension.class)) {
            e.commands().forEach(cl::addSubcommand);
        }
        // last in the list, as before the extensions joined
        cl.addSubcommand(new VersionCommand());
        cl.addSubcommand(new CompletionCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // `kpc --profile sim status`: an option's value may be a subcommand's name.
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, cmd.getErr()));
        cl.setExecutionStrategy(parseResult -> {
            KpcCommand root = cl.getCommand();
            try {
                if (root.verbose || root.logFile != null) ai.katonic.kpc.runtime.CallLog.start(cl.getErr(), root.verbose, root.logFile);
            } catch (java.io.IOException e) {
                cl.getErr().println("error: cannot write the log file " + root.logFile + ": " + e.getMessage());
                cl.getErr().flush();
                return KpcException.INVALID;
            }
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                ai.katonic.kpc.runtime.CallLog.stop();
            }
        });
        return cl;
    }

    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof KpcException k) {
            if (k.getMessage() != null && !k.getMessage().isEmpty()) err.println("error: " + k.getMessage());
            err.flush();
            return k.exitCode();
        }
        if (ex instanceof software.amazon.awssdk.core.exception.SdkException) {
            // AWS refused or could not be reached outside a step (status, clean-up, inventory): the
            // same one sentence a failed step gets, not a bug report.
            err.println("error: " + ai.katonic.kpc.aws.AwsErrors.explain("kpc", ex));
            err.flush();
            return KpcException.FAILED;
        }
        // A bug in kpc, not in the input: say so plainly, with the detail for a bug report.
        err.println("error: internal error (" + ex.getClass().getSimpleName() + "): " + ex.getMessage());
        err.println("This is a bug in kpc; run with KPC_DEBUG=1 for details and report it.");
        if (System.getenv("KPC_DEBUG") != null) ex.printStackTrace(err);
        err.flush();
        return KpcException.FAILED;
    }
}
