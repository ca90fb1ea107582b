package ai.katonic.kpc.config;

/** One finding about a config file, printed as {@code file:line:col: severity: path: message}. */
public record Diagnostic(Severity severity, String file, int line, int col, String path, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String render() {
        String where = path == null || path.isEmpty() ? "" : path + ": ";
        return file + ":" + line + ":" + col + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + where + message;
    }
}
