package ai.katonic.kpc.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json|yaml}, shared by every command that prints a table or a summary. */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** Whether the command prints one object for programs (JSON or YAML) instead of text for people. */
    public boolean json() {
        return format != OutputFormat.text;
    }

    /** The object in the chosen format (JSON, or the same tree as YAML). */
    public String render(Object value) {
        return format == OutputFormat.yaml ? Json.yaml(value) : Json.write(value);
    }
}
