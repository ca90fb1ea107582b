package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file offline and print every error and warning as file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ConfigFileOption config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterConfig c = Configs.load(config.file, spec.commandLine().getErr());
        spec.commandLine().getOut().println(config.file + ": valid (cluster " + c.clusterName() + " in " + c.region() + ")");
        return 0;
    }
}
