package ai.katonic.kpc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "kpc", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Installs and runs the Katonic MLOps platform on a private Amazon EKS cluster.",
        subcommands = {InitCommand.class, ValidateCommand.class, PlanCommand.class, SchemaCommand.class,
                PreflightCommand.class, ApplyCommand.class, StatusCommand.class, DestroyCommand.class, KubeconfigCommand.class, TunnelCommand.class, StateCommand.class, BackupCommand.class, CredentialsCommand.class, TokenCommand.class, SimCommand.class, RehearseCommand.class, PolicyCommand.class, DemoCommand.class, VersionCommand.class, CompletionCommand.class, picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  operation failed", "  2  invalid input or usage",
                "  3  preflight failed", "  4  state locked by another run", "130  interrupted (Ctrl-C): run it again to finish"})
public final class KpcCommand implements Runnable {

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send AWS calls to this endpoint (as the AWS CLI's flag; AWS_ENDPOINT_URL is honoured too).")
    String endpointUrl;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS profile from the shared config and credentials files.")
    String profile;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region; overrides the config's region for API calls.")
    String region;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Every AWS, Kubernetes and Helm call on stderr: what, outcome, time (never a body or a credential).")
    boolean verbose;

    @Option(names = "--log-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The same lines appended to FILE (0600).")
    java.nio.file.Path logFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
