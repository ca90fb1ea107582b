package ai.katonic.kpc.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Collects every error and warning of one file, so validation reports all of them at once. */
public final class Diagnostics {
    private final String file;
    private final List<Diagnostic> items = new ArrayList<>();
    private Map<String, YNode.Pos> positions = Map.of();

    public Diagnostics(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Positions by key path, used for findings that are raised on typed values after binding. */
    void usePositions(Map<String, YNode.Pos> positions) {
        this.positions = positions;
    }

    public void error(YNode.Pos pos, String path, String message) {
        items.add(new Diagnostic(Diagnostic.Severity.ERROR, file, pos.line(), pos.col(), path, message));
    }

    public void warn(YNode.Pos pos, String path, String message) {
        items.add(new Diagnostic(Diagnostic.Severity.WARNING, file, pos.line(), pos.col(), path, message));
    }

    public void error(String path, String message) {
        error(posOf(path), path, message);
    }

    public void warn(String path, String message) {
        warn(posOf(path), path, message);
    }

    /** The position of a path, or of its nearest parent that appears in the file (defaults have none). */
    YNode.Pos posOf(String path) {
        String p = path;
        while (true) {
            YNode.Pos pos = positions.get(p);
            if (pos != null) return pos;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return positions.getOrDefault("", YNode.Pos.NONE);
            p = p.substring(0, cut);
        }
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> all() {
        List<Diagnostic> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
        return sorted;
    }

    public List<Diagnostic> errors() {
        return all().stream().filter(Diagnostic::isError).toList();
    }
}
