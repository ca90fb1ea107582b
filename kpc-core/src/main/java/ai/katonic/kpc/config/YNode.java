package ai.katonic.kpc.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it came from. Jackson's tree model drops locations, and
 * every config error must name file:line:col, so kpc builds this small tree itself.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Pos pos();

    /** 1-based line and column, as editors count them. */
    record Pos(int line, int col) {
        public static final Pos NONE = new Pos(1, 1);
    }

    /** A mapping; keys keep their own positions so "unknown key" points at the key itself. */
    record YMap(Pos pos, Map<String, Entry> entries) implements YNode {
        public YMap {
            entries = new LinkedHashMap<>(entries);
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record Entry(Pos keyPos, YNode value) {}

    record YList(Pos pos, List<YNode> items) implements YNode {
        public YList {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar. {@code value} is String, Long, Double, Boolean or null as YAML typed it; {@code text}
     * is the source text, so {@code eks_version: 1.30} is not silently read as 1.3.
     */
    record YScalar(Pos pos, Object value, String text) implements YNode {
        public String kind() {
            if (value == null) return "null";
            if (value instanceof Boolean) return "boolean";
            if (value instanceof Long) return "integer";
            if (value instanceof Double) return "number";
            return "string";
        }
    }

    static String kindOf(YNode n) {
        if (n instanceof YMap) return "mapping";
        if (n instanceof YList) return "list";
        return ((YScalar) n).kind();
    }
}
