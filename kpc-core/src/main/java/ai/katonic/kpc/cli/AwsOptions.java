package ai.katonic.kpc.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The AWS and call-log flags, on the commands that call AWS (and nowhere else, so {@code kpc validate
 * --help} lists none of them). Each may also come before the command ({@code kpc --profile prod status},
 * as with the AWS CLI): both places set the same value, the root command's, which the commands read.
 */
final class AwsOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private KpcCommand root() {
        return (KpcCommand) mixee.root().userObject();
    }

    @Option(names = "--endpoint-url", paramLabel = "URL", description = KpcCommand.ENDPOINT_URL)
    void endpointUrl(String v) {
        if (v != null) root().endpointUrl = v;
    }

    @Option(names = "--profile", paramLabel = "NAME", description = KpcCommand.PROFILE)
    void profile(String v) {
        if (v != null) root().profile = v;
    }

    @Option(names = "--region", paramLabel = "REGION", description = KpcCommand.REGION)
    void region(String v) {
        if (v != null) root().region = v;
    }

    @Option(names = {"-v", "--verbose"}, description = KpcCommand.VERBOSE)
    void verbose(boolean v) {
        if (v) root().verbose = true;
    }

    @Option(names = "--log-file", paramLabel = "FILE", description = KpcCommand.LOG_FILE)
    void logFile(java.nio.file.Path v) {
        if (v != null) root().logFile = v;
    }
}
