package ai.katonic.kpc.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The same command prints the same bytes each time: a map whose order nobody chose (Map.of, HashMap: their order is
 * drawn anew by each JVM) is copied sorted by key; a LinkedHashMap's or a SortedMap's order is kept (it was chosen).
 */
public final class StableOrder {
    private StableOrder() {}

    /** {@code m}'s entries, keys as strings and each value through {@code value}, in a stable order. */
    public static Map<String, Object> copy(Map<?, ?> m, Function<Object, Object> value) {
        Map<String, Object> out = m instanceof LinkedHashMap<?, ?> || m instanceof SortedMap<?, ?> ? new LinkedHashMap<>() : new TreeMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), value.apply(x)));
        return out;
    }
}
