package ai.katonic.kpc.engine;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares the spec a resource was made from (in state) with the one the config asks for now. */
public final class Specs {
    private static final ObjectMapper CANON = ai.katonic.kpc.runtime.Jackson.json().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private Specs() {}

    /** The top-level attributes that differ; empty when the resource is as configured. */
    public static List<String> changed(Map<String, Object> recorded, Map<String, Object> wanted) {
        List<String> out = new ArrayList<>();
        if (recorded == null) return out; // adopted before kpc recorded specs: nothing to compare
        for (String k : wanted.keySet()) {
            if (!Objects.equals(canon(recorded.get(k)), canon(wanted.get(k)))) out.add(k);
        }
        return out;
    }

    private static String canon(Object o) {
        try {
            // Through JSON so that a spec read back from state (ints, maps) compares equal to a fresh one.
            return CANON.writeValueAsString(CANON.readTree(CANON.writeValueAsString(o)));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
