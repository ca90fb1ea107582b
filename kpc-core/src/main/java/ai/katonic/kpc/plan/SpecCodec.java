package ai.katonic.kpc.plan;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the attributes state recorded for a resource back into its {@link Spec}, so a resource
 * that is no longer in the config (a node group removed, shared storage turned off) can still be
 * deleted: nothing kpc made is ever orphaned by a config change.
 */
public final class SpecCodec {
    private SpecCodec() {}

    /** The spec of that type with those attributes, or null when no spec kind matches them. */
    public static Spec decode(String type, Map<String, Object> attributes) {
        if (attributes == null) return null;
        for (Class<?> kind : Spec.class.getPermittedSubclasses()) {
            try {
                Object made = record(kind, attributes);
                if (made instanceof Spec s && s.type().equals(type)) return s;
            } catch (ReflectiveOperationException | RuntimeException notThisKind) {
                // attributes of another kind: try the next one
            }
        }
        return null;
    }

    private static Object record(Class<?> kind, Map<?, ?> attrs) throws ReflectiveOperationException {
        RecordComponent[] rc = kind.getRecordComponents();
        Set<String> names = java.util.Arrays.stream(rc).map(c -> snake(c.getName())).collect(Collectors.toSet());
        if (!names.containsAll(attrs.keySet())) throw new IllegalArgumentException("not " + kind.getSimpleName());
        Object[] args = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            String name = snake(rc[i].getName());
            // a state written before a kind gained a map or list attribute (an Ingress's annotations) has none: empty
            if (!attrs.containsKey(name)) {
                if (types[i] == Map.class) args[i] = Map.of();
                else if (types[i] == List.class) args[i] = List.of();
                else throw new IllegalArgumentException("not " + kind.getSimpleName());
                continue;
            }
            args[i] = convert(attrs.get(name), rc[i].getGenericType());
        }
        Constructor<?> ctor = kind.getDeclaredConstructor(types);
        return ctor.newInstance(args);
    }

    private static Object convert(Object v, Type t) throws ReflectiveOperationException {
        if (v == null) return null;
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == Ref.class) return new Ref((String) v);
        if (raw == String.class) return (String) v;
        if (raw == int.class || raw == Integer.class) return ((Number) v).intValue();
        if (raw == boolean.class || raw == Boolean.class) return (Boolean) v;
        if (raw == List.class) {
            Type item = ((ParameterizedType) t).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) out.add(convert(o, item));
            return List.copyOf(out);
        }
        if (raw == Map.class) {
            Type value = ((ParameterizedType) t).getActualTypeArguments()[1];
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), value == Ref.class ? new Ref(String.valueOf(e.getValue())) : String.valueOf(e.getValue()));
            }
            return out;
        }
        if (raw.isRecord()) return record(raw, (Map<?, ?>) v);
        throw new IllegalArgumentException("cannot decode " + raw);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
