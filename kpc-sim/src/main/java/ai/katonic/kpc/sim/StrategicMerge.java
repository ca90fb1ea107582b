package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Enough of Kubernetes' strategic merge patch for the simulated API server to take Helm's upgrade
 * patches (the mock knows JSON and merge patches only): objects merge key by key, {@code null}
 * deletes, lists of objects that carry a {@code name} merge element by name (containers, ports, env,
 * volumes — the patch-merge-key of nearly every such list), other lists are replaced, and the
 * {@code $patch}/{@code $setElementOrder}/{@code $retainKeys}/{@code $deleteFromPrimitiveList} directives
 * are dropped rather than stored. A simulator's approximation: a real API server knows each field's key.
 */
final class StrategicMerge {
    private StrategicMerge() {}

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p) || !(target instanceof ObjectNode t)) return patch.deepCopy();
        ObjectNode out = t.deepCopy();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            String key = e.getKey();
            if (key.startsWith("$")) continue;
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.remove(key);
            } else if (value.isArray() && out.get(key) instanceof ArrayNode current && byName(value) && byName(current)) {
                out.set(key, mergeByName(current, (ArrayNode) value));
            } else {
                out.set(key, out.has(key) ? apply(out.get(key), value) : strip(value));
            }
        }
        return out;
    }

    private static boolean byName(JsonNode list) {
        for (JsonNode element : list) if (!element.isObject() || !element.has("name")) return false;
        return true;
    }

    private static ArrayNode mergeByName(ArrayNode current, ArrayNode patch) {
        ArrayNode out = current.deepCopy();
        for (JsonNode element : patch) {
            String name = element.path("name").asString();
            boolean delete = "delete".equals(element.path("$patch").asString());
            int at = -1;
            for (int i = 0; i < out.size(); i++) if (out.get(i).path("name").asString().equals(name)) at = i;
            if (delete && at >= 0) out.remove(at);
            else if (at >= 0) out.set(at, apply(out.get(at), element));
            else if (!delete) out.add(strip(element));
        }
        return out;
    }

    /** A new value as stored: without the patch directives. */
    private static JsonNode strip(JsonNode value) {
        if (value instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.properties().removeIf(e -> e.getKey().startsWith("$"));
            copy.properties().forEach(e -> copy.set(e.getKey(), strip(e.getValue())));
            return copy;
        }
        if (value instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode();
            a.forEach(v -> copy.add(strip(v)));
            return copy;
        }
        return value;
    }
}
