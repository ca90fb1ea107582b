package ai.katonic.kpc.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that calls AWS shares: the AWS and log flags, its picocli spec, the root command, its writers. */
abstract class AwsCommand {
    @Mixin
    AwsOptions awsOptions;

    @Spec
    CommandSpec spec;

    /** The `kpc` command: the AWS flags' values, wherever on the line they were given. */
    KpcCommand root() {
        return (KpcCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
