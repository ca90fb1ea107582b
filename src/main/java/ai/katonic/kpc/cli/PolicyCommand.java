package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Print IAM policies this config needs.",
        subcommands = {PolicyCommand.Installer.class, PolicyCommand.Backup.class})
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "installer", mixinStandardHelpOptions = true,
            description = {"The IAM policy the installing identity needs for preflight, apply, status and destroy of this config:",
                    "exactly the actions kpc calls, scoped to this cluster's names and kpc:cluster tag where AWS allows."})
    static final class Installer implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @picocli.CommandLine.Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the policy to FILE instead of standard output.")
        java.nio.file.Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            ClusterConfig c = Configs.load(config.file, spec.commandLine().getErr());
            String json = Json.write(ai.katonic.kpc.engine.InstallerPolicy.document(c));
            if (out == null) {
                spec.commandLine().getOut().println(json);
            } else {
                java.nio.file.Files.writeString(out, json + System.lineSeparator());
                spec.commandLine().getErr().println("wrote " + out);
            }
            return 0;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "The seed's policy for the identity that writes platform backups, for this config's bucket.")
    static final class Backup implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterConfig c = Configs.load(config.file, spec.commandLine().getErr());
            spec.commandLine().getOut().println(Json.write(ai.katonic.kpc.backup.BackupPolicy.seed(c.backup().bucket())));
            return 0;
        }
    }
}
