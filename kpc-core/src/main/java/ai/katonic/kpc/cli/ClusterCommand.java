package ai.katonic.kpc.cli;

import picocli.CommandLine.Mixin;

/** A command about the cluster one config file describes ({@code -f}): the config, its graph, clients and state. */
abstract class ClusterCommand extends AwsCommand {
    @Mixin
    ConfigFileOption config;

    /** The config, its graph, the AWS clients and the state store (close it). */
    Session session() {
        return new Session(root(), config.file, err());
    }
}
