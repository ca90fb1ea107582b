package ai.katonic.kpc.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the config's {@link Shape} declaration as a JSON Schema (draft 2020-12). */
public final class JsonSchema {
    private JsonSchema() {}

    public static Map<String, Object> of(Shape.Obj root) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        m.put("title", "kpc cluster config (kpc.yaml)");
        m.putAll(shape(root));
        return m;
    }

    private static Map<String, Object> shape(Shape s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s instanceof Shape.Obj o) {
            m.put("type", "object");
            Map<String, Object> props = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (Shape.Field f : o.fields()) {
                if (f.shape() instanceof Shape.Forbidden) continue;
                Map<String, Object> p = shape(f.shape());
                p.put("description", f.doc());
                Object dflt = SchemaChecker.defaultOf(f);
                if (f.presence() == Shape.Presence.DEFAULTED && dflt != null) p.put("default", dflt);
                props.put(f.name(), p);
                if (f.presence() == Shape.Presence.REQUIRED) required.add(f.name());
            }
            m.put("properties", props);
            if (!required.isEmpty()) m.put("required", required);
            m.put("additionalProperties", false);
        } else if (s instanceof Shape.MapOf mo) {
            m.put("type", "object");
            m.put("propertyNames", Map.of("pattern", mo.keyPattern()));
            m.put("additionalProperties", shape(mo.values()));
        } else if (s instanceof Shape.ListOf l) {
            m.put("type", "array");
            m.put("items", shape(l.item()));
            m.put("minItems", l.minItems());
            m.put("maxItems", l.maxItems());
        } else if (s instanceof Shape.Str st) {
            m.put("type", "string");
            m.put("examples", List.of(st.example()));
        } else if (s instanceof Shape.Int i) {
            m.put("type", "integer");
            m.put("minimum", i.min());
            m.put("maximum", i.max());
        } else if (s instanceof Shape.Bool) {
            m.put("type", "boolean");
        } else if (s instanceof Shape.Enum e) {
            m.put("enum", e.values());
        }
        return m;
    }
}
