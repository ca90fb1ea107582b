package ai.katonic.kpc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kpc", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Installs and runs the Katonic MLOps platform on a private Amazon EKS cluster.",
        subcommands = {InitCommand.class, ValidateCommand.class, PlanCommand.class, SchemaCommand.class, PreflightCommand.class,
                ApplyCommand.class, StatusCommand.class, DestroyCommand.class, KubeconfigCommand.class, TunnelCommand.class,
                StateCommand.class, BackupCommand.class, CredentialsCommand.class, TokenCommand.class, PolicyCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  operation failed", "  2  invalid input or usage",
                "  3  preflight failed", "  4  state locked by another run", "130  interrupted (Ctrl-C): run it again to finish"})
public final class KpcCommand implements Runnable {
    static final String ENDPOINT_URL = "Send AWS calls to this endpoint (as the AWS CLI's flag; AWS_ENDPOINT_URL is honoured too).";
    static final String PROFILE = "AWS profile from the shared config and credentials files.";
    static final String REGION = "AWS region; overrides the config's region for API calls.";
    static final String VERBOSE = "Every AWS, Kubernetes and Helm call on stderr: what, outcome, time (never a body or a credential).";
    static final String LOG_FILE = "The same lines appended to FILE (0600).";

    // Global (before the command) as well as on each command that calls AWS (AwsOptions); not inherited,
    // so the commands that make no call do not list them.

    @Option(names = "--endpoint-url", paramLabel = "URL", description = ENDPOINT_URL)
    String endpointUrl;

    @Option(names = "--profile", paramLabel = "NAME", description = PROFILE)
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = REGION)
    String region;

    @Option(names = {"-v", "--verbose"}, description = VERBOSE)
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", description = LOG_FILE)
    java.nio.file.Path logFile;

    /** Where local state lives instead of {@code .kpc/} beside the config: a rehearsal's scratch state, the config left where it is. */
    @Option(names = "--state-dir", paramLabel = "DIR", hidden = true)
    java.nio.file.Path stateDir;

    /** The AWS profile given on the command line (before or after the command), or null. */
    public String profile() {
        return profile;
    }

    /** The region given on the command line, or null. */
    public String region() {
        return region;
    }

    java.nio.file.Path kpcDir(java.nio.file.Path configDir) {
        return stateDir != null ? stateDir : configDir.resolve(".kpc");
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
