package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import java.util.concurrent.Callable;
import ai.katonic.kpc.aws.preflight.InstallerPolicy;
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
            header = "The IAM policies the installing identity needs for this config, with the commands that make them.",
            description = {"The IAM policies the installing identity needs for preflight, apply, status and destroy of this config:",
                    "exactly the actions kpc calls, scoped to this cluster's names and kpc:cluster tag where AWS allows,",
                    "split into as few customer managed policies kpc-<cluster>-installer-N as IAM's 6,144-character limit allows,",
                    "with the AWS CLI commands that create them and attach them to the installing user (or role)."})
    static final class Installer implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @picocli.CommandLine.Mixin
        OutputOption output;

        @picocli.CommandLine.Option(names = "--out-dir", paramLabel = "DIR",
                description = "Write each policy to DIR/kpc-<cluster>-installer-N.json (the printed commands then name those files).")
        java.nio.file.Path outDir;

        @picocli.CommandLine.Option(names = "--user", paramLabel = "NAME", description = "The IAM user the commands attach the policies to.")
        String user;

        @picocli.CommandLine.Option(names = "--role", paramLabel = "NAME", description = "The IAM role the commands attach the policies to, instead of a user.")
        String role;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            if (user != null && role != null) throw new ai.katonic.kpc.errors.KpcException.InvalidInput("give --user or --role, not both");
            ClusterConfig c = Configs.loadOffline(config.file, spec.commandLine().getErr());
            InstallerPolicyText.print(spec.commandLine().getOut(), output, InstallerPolicy.split(c), outDir, user, role);
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
            ClusterConfig c = Configs.loadOffline(config.file, spec.commandLine().getErr());
            spec.commandLine().getOut().println(Json.write(ai.katonic.kpc.plan.BackupPolicy.seed(c.backup().bucket())));
            return 0;
        }
    }
}
