package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import picocli.CommandLine.Option;

/** {@code --yes} and {@code --parallelism}, shared by the commands that change AWS. */
final class ChangeOptions {
    @Option(names = "--yes", description = "Do not ask for confirmation (required without a terminal).")
    boolean yes;

    @Option(names = "--parallelism", defaultValue = "8", paramLabel = "N", description = "Steps run at once, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int parallelism;

    int parallelism() {
        if (parallelism < 1 || parallelism > 64) throw new KpcException.InvalidInput("--parallelism must be 1 to 64, got " + parallelism);
        return parallelism;
    }
}
