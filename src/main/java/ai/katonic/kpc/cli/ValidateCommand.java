package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file offline and print every error and warning as file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, defaultValue = "kpc.yaml", paramLabel = "FILE", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path file;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterConfig c = Configs.load(file, spec.commandLine().getErr());
        spec.commandLine().getOut().println(file + ": valid (cluster " + c.clusterName() + " in " + c.region() + ")");
        return 0;
    }
}
