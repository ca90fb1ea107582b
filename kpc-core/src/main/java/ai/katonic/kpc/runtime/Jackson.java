package ai.katonic.kpc.runtime;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * kpc's JSON and YAML mappers, made in one place: Jackson 3 with Jackson 2's defaults (properties in the order
 * they are declared, not sorted; a null where a number belongs read as 0; trailing text after a document not
 * refused), so what kpc prints and writes, and the state files of earlier kpc it reads, stay as they were. A
 * user that needs more builds on {@link #json()} or {@link #yaml()}.
 */
public final class Jackson {
    /** JSON as kpc reads and writes it. */
    public static final ObjectMapper JSON = json().build();
    /** YAML as kpc reads it, and writes it without a document start marker (a kubeconfig, an index). */
    public static final ObjectMapper YAML = yaml().build();

    private Jackson() {}

    public static JsonMapper.Builder json() {
        return JsonMapper.builder().configureForJackson2();
    }

    public static YAMLMapper.Builder yaml() {
        return YAMLMapper.builder().configureForJackson2().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER);
    }
}
