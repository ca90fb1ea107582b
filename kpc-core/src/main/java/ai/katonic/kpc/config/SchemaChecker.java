package ai.katonic.kpc.config;

import ai.katonic.kpc.config.Shape.Field;
import ai.katonic.kpc.config.YNode.Pos;
import ai.katonic.kpc.config.YNode.YList;
import ai.katonic.kpc.config.YNode.YMap;
import ai.katonic.kpc.config.YNode.YScalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link YNode} tree against a {@link Shape} and returns the normalized value (maps,
 * lists, strings, longs, booleans) with defaults filled in. Every key path that appears in the
 * file is recorded with its position, so later semantic checks can point at the right line.
 */
public final class SchemaChecker {
    private final Diagnostics diags;
    private final Map<String, Pos> positions = new HashMap<>();

    public SchemaChecker(Diagnostics diags) {
        this.diags = diags;
    }

    public Map<String, Pos> positions() {
        return positions;
    }

    /** Returns the normalized value, or null where the input did not fit (diagnostics say why). */
    public Object check(YNode node, Shape shape, String path) {
        positions.put(path, node.pos());
        if (shape instanceof Shape.Forbidden f) {
            // Whatever its value (true, a mapping, a list): the reason, never a type error.
            diags.error(node.pos(), path, f.reason());
            return null;
        }
        if (shape instanceof Shape.Obj obj) return checkObj(node, obj, path);
        if (shape instanceof Shape.MapOf m) return checkMapOf(node, m, path);
        if (shape instanceof Shape.ListOf l) return checkList(node, l, path);
        if (!(node instanceof YScalar sc)) {
            return typeError(node, shape, path);
        }
        if (shape instanceof Shape.Str) {
            if (sc.value() instanceof String s) return s;
            // An unquoted 1.30 is a YAML float; what the user wrote is what they meant.
            if (sc.value() instanceof Long || sc.value() instanceof Double) return sc.text();
            return typeError(node, shape, path);
        }
        if (shape instanceof Shape.Int i) {
            if (!(sc.value() instanceof Long v)) return typeError(node, shape, path);
            if (v < i.min() || v > i.max()) {
                diags.error(node.pos(), path, "must be between " + i.min() + " and " + i.max() + ", got " + v);
                return null;
            }
            return v;
        }
        if (shape instanceof Shape.Bool) {
            return sc.value() instanceof Boolean b ? b : typeError(node, shape, path);
        }
        if (shape instanceof Shape.Enum e) {
            String s = sc.value() == null ? null : sc.text();
            if (s != null && e.values().contains(s)) return s;
            if (mentionsFargate(s)) {
                diags.error(node.pos(), path, ConfigSchema.FARGATE_REASON);
                return null;
            }
            String hint = s == null ? "" : Suggest.didYouMean(s, e.values());
            diags.error(node.pos(), path, "must be one of " + String.join(", ", e.values()) + ", got '"
                    + (s == null ? "null" : s) + "'" + hint);
            return null;
        }
        throw new IllegalStateException("unknown shape " + shape);
    }

    private Object checkObj(YNode node, Shape.Obj obj, String path) {
        if (!(node instanceof YMap map)) return typeError(node, obj, path);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YNode.Entry> e : map.entries().entrySet()) {
            String key = e.getKey();
            String sub = join(path, key);
            Field field = obj.field(key);
            if (field == null) {
                positions.put(sub, e.getValue().keyPos());
                // fargate_profiles, fargateProfiles (eksctl's key), Fargate: the reason, not "unknown key".
                diags.error(e.getValue().keyPos(), sub, mentionsFargate(key) ? ConfigSchema.FARGATE_REASON
                        : "unknown key" + Suggest.didYouMean(key, obj.names()) + suggestionTail(key, obj));
                ok = false;
                continue;
            }
            YNode value = e.getValue().value();
            if (isNull(value) && !(field.shape() instanceof Shape.Forbidden)) {
                positions.put(sub, e.getValue().keyPos());
                if (field.presence() == Shape.Presence.REQUIRED) {
                    diags.error(e.getValue().keyPos(), sub, "is required but empty; expected " + Shape.describe(field.shape()));
                    ok = false;
                }
                continue; // an empty value means "use the default"
            }
            Object v = check(value, field.shape(), sub);
            if (v == null) ok = false;
            else out.put(key, v);
        }
        for (Field f : obj.fields()) {
            YNode given = map.get(f.name());
            // Written and checked (well or badly) already; an empty value falls through to its default.
            if (given != null && (!isNull(given) || f.presence() == Shape.Presence.REQUIRED)) continue;
            switch (f.presence()) {
                case REQUIRED -> {
                    diags.error(map.pos(), join(path, f.name()), "is required (" + f.doc() + ")");
                    ok = false;
                }
                case DEFAULTED -> out.put(f.name(), defaultOf(f));
                case OPTIONAL -> { }
            }
        }
        return ok ? out : null;
    }

    private Object checkMapOf(YNode node, Shape.MapOf m, String path) {
        if (!(node instanceof YMap map)) return typeError(node, m, path);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YNode.Entry> e : map.entries().entrySet()) {
            String sub = join(path, e.getKey());
            if (!e.getKey().matches(m.keyPattern())) {
                diags.error(e.getValue().keyPos(), sub, "key '" + e.getKey() + "' is not allowed: " + m.keyHint());
                ok = false;
                continue;
            }
            Object v = check(e.getValue().value(), m.values(), sub);
            if (v == null) ok = false;
            else out.put(e.getKey(), v);
        }
        return ok ? out : null;
    }

    private Object checkList(YNode node, Shape.ListOf l, String path) {
        if (!(node instanceof YList list)) return typeError(node, l, path);
        if (list.items().size() < l.minItems() || list.items().size() > l.maxItems()) {
            String want = l.minItems() == l.maxItems() ? "exactly " + l.minItems()
                    : "between " + l.minItems() + " and " + l.maxItems();
            diags.error(node.pos(), path, "must have " + want + " entries, got " + list.items().size());
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Object v = check(list.items().get(i), l.item(), path + "[" + i + "]");
            if (v == null) ok = false;
            else out.add(v);
        }
        return ok ? out : null;
    }

    /** The default of a field; an object's default is built from its own fields' defaults. */
    static Object defaultOf(Field f) {
        if (f.dflt() != null) return f.dflt();
        if (f.shape() instanceof Shape.Obj obj) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field sub : obj.fields()) {
                if (sub.presence() == Shape.Presence.DEFAULTED) out.put(sub.name(), defaultOf(sub));
            }
            return out;
        }
        if (f.shape() instanceof Shape.ListOf) return List.of();
        if (f.shape() instanceof Shape.MapOf) return Map.of();
        return null;
    }

    private Object typeError(YNode node, Shape shape, String path) {
        String got = YNode.kindOf(node);
        String shown = node instanceof YScalar sc && sc.value() != null ? " '" + abbreviate(sc.text()) + "'" : "";
        diags.error(node.pos(), path, "expected " + Shape.describe(shape) + ", got " + got + shown);
        return null;
    }

    private static boolean mentionsFargate(String s) {
        return s != null && s.toLowerCase(java.util.Locale.ROOT).contains("fargate");
    }

    /** When a misplaced key belongs one level down (e.g. {@code cidr} next to {@code vpc}), say where. */
    private static String suggestionTail(String key, Shape.Obj obj) {
        String hint = Suggest.didYouMean(key, obj.names());
        if (!hint.isEmpty()) return "";
        List<String> homes = new ArrayList<>();
        for (Field f : obj.fields()) {
            if (f.shape() instanceof Shape.Obj inner && inner.field(key) != null) homes.add(f.name() + "." + key);
        }
        homes.sort(Comparator.naturalOrder());
        if (!homes.isEmpty()) return "; did you mean " + String.join(" or ", homes) + "?";
        return "; allowed keys here: " + String.join(", ", obj.names());
    }

    private static boolean isNull(YNode n) {
        return n instanceof YScalar sc && sc.value() == null;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
