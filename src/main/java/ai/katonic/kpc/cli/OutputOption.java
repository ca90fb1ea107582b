package ai.katonic.kpc.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json}, shared by every command that prints a table or a summary. */
final class OutputOption {
    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    boolean json() {
        return format == OutputFormat.json;
    }
}
