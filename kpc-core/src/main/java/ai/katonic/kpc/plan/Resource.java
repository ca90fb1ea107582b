package ai.katonic.kpc.plan;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of the resource graph: an id unique in the graph, its spec, and what it depends on. The
 * dependencies are the spec's {@link Ref}s plus any ordering the spec's data cannot show.
 */
public record Resource(String id, Spec spec, List<String> dependsOn) {

    public static Resource of(String id, Spec spec, String... extraDeps) {
        Set<String> deps = new LinkedHashSet<>(refsOf(spec));
        deps.addAll(List.of(extraDeps));
        return new Resource(id, spec, List.copyOf(deps));
    }

    public String type() {
        return spec.type();
    }

    public String describe() {
        return spec.describe();
    }

    /** The spec's fields as plain values (refs become ids), for plans, JSON and state. */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : spec.getClass().getRecordComponents()) {
            out.put(snake(c.getName()), plain(read(c, spec)));
        }
        return out;
    }

    static List<String> refsOf(Object spec) {
        List<String> refs = new ArrayList<>();
        for (RecordComponent c : spec.getClass().getRecordComponents()) collect(read(c, spec), refs);
        return refs;
    }

    private static void collect(Object v, List<String> refs) {
        if (v instanceof Ref r) refs.add(r.id());
        else if (v instanceof List<?> l) l.forEach(x -> collect(x, refs));
        else if (v instanceof Map<?, ?> m) m.values().forEach(x -> collect(x, refs));
        else if (v instanceof Record rec) refs.addAll(refsOf(rec));
    }

    private static Object plain(Object v) {
        if (v instanceof Ref r) return r.id();
        if (v instanceof List<?> l) return l.stream().map(Resource::plain).toList();
        if (v instanceof Map<?, ?> m) return ai.katonic.kpc.runtime.StableOrder.copy(m, Resource::plain); // a plan reads the same each time
        if (v instanceof Record rec) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : rec.getClass().getRecordComponents()) m.put(snake(c.getName()), plain(read(c, rec)));
            return m;
        }
        return v;
    }

    private static Object read(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** An attribute's name as state records it: the record component's, in snake_case. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
