package ai.katonic.kpc.cli;

import ai.katonic.kpc.backup.StateCopy;
import ai.katonic.kpc.errors.KpcException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "state", mixinStandardHelpOptions = true, description = "kpc's state.",
        subcommands = {StateCommand.Pull.class})
final class StateCommand {

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Recreate the local state from the copy `kpc apply` keeps in the backup bucket",
                    "(s3://<backup.bucket>/kpc/<cluster_name>/state.json), after .kpc/ was lost. The jump host's generated",
                    "SSH key is not in the copy: with access.mode tunnel, give access.ssh_private_key or use direct."})
    static final class Pull implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @Option(names = "--force", description = "Replace an existing local state file.")
        boolean force;

        @picocli.CommandLine.ParentCommand
        StateCommand parent;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            KpcCommand root = (KpcCommand) spec.parent().parent().userObject();
            try (Session s = new Session(root, config.file, spec.commandLine().getErr())) {
                if (!StateCopy.applies(s.config)) {
                    throw new KpcException.InvalidInput("state.backend is s3 in " + config.file + ": the state already lives in s3://"
                            + s.config.state().bucket() + "; there is nothing to pull");
                }
                Path file = s.store.localDir().resolve("state.json");
                StateCopy.pull(s.aws, s.config, file, force);
                spec.commandLine().getOut().println("state restored to " + file + " from " + StateCopy.location(s.config) + "state.json");
            }
            return 0;
        }
    }
}
