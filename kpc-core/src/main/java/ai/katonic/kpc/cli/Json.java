package ai.katonic.kpc.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import ai.katonic.kpc.runtime.Jackson;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Output for {@code -o json} and {@code -o yaml}: one pretty-printed object per command. */
final class Json {
    private static final ObjectMapper MAPPER = Jackson.json().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML = Jackson.yaml().enable(YAMLWriteFeature.MINIMIZE_QUOTES).build();

    /** The same tree as YAML (a trailing newline trimmed, as println adds one). */
    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(stable(value)).stripTrailing();
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render YAML", e);
        }
    }

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(stable(value));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** The same tree with its maps in a stable order ({@link ai.katonic.kpc.runtime.StableOrder}). */
    static Object stable(Object v) {
        if (v instanceof java.util.Map<?, ?> m) return ai.katonic.kpc.runtime.StableOrder.copy(m, Json::stable);
        if (v instanceof java.util.List<?> l) return l.stream().map(Json::stable).toList();
        return v;
    }
}
