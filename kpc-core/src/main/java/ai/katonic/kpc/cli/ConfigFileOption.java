package ai.katonic.kpc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f FILE}, shared by every command that reads a config. */
public final class ConfigFileOption {
    @Option(names = {"-f", "--file"}, defaultValue = "kpc.yaml", paramLabel = "FILE", description = "Config file (default: ${DEFAULT-VALUE}).")
    public Path file;
}
