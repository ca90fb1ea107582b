package ai.katonic.kpc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Output for {@code -o json} and {@code -o yaml}: one pretty-printed object per command. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The same tree as YAML (a trailing newline trimmed, as println adds one). */
    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(stable(value)).stripTrailing();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render YAML", e);
        }
    }

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(stable(value));
        } catch (JsonProcessingException e) {
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
