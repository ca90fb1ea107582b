package ai.katonic.kpc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code kpc completion bash|zsh|fish}: a completion script for the shell, generated from the
 * commands and options themselves (picocli's generator for bash and zsh; fish from the same model).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script.",
                "bash: source <(kpc completion bash)   zsh: source <(kpc completion zsh)   fish: kpc completion fish | source"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine root = spec.commandLine().getParent();
        switch (shell) {
            // picocli's script serves both: zsh runs it through bashcompinit.
            case bash -> out.print(AutoComplete.bash("kpc", root));
            case zsh -> out.print("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("kpc", root));
            case fish -> FishCompletion.print(out, root, "");
        }
        out.flush();
        return 0;
    }
}
