package ai.katonic.kpc.plan;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds' type names (each spec record's {@code @JsonTypeName}, unique), and the way back from what state
 * recorded of a resource (its type name and attributes) to its {@link Spec}, by Jackson's polymorphic typing:
 * a resource the config no longer asks for (a node group removed, shared storage turned off) can still be
 * deleted, so nothing kpc made is orphaned by a config change.
 */
public final class SpecTypes {
    private SpecTypes() {}

    private static final Map<String, Class<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, String> NAME_OF = new java.util.HashMap<>();

    /**
     * Names earlier kpc versions recorded for a kind that has its own name now: state written before the IRSA
     * roles were named {@code iam_service_account_role} calls them {@code iam_role} (their attributes tell them apart).
     */
    private static final Map<String, List<String>> FORMERLY = Map.of("iam_role", List.of("iam_service_account_role"));

    private static final ObjectMapper MAPPER;

    static {
        JsonMapper.Builder b = ai.katonic.kpc.runtime.Jackson.json()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // a state written before a kind gained a list or map attribute (an Ingress's annotations) has none: empty
                .withConfigOverride(List.class, o -> o.setNullHandling(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
                .withConfigOverride(Map.class, o -> o.setNullHandling(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)));
        for (Class<?> kind : Spec.class.getPermittedSubclasses()) {
            JsonTypeName n = kind.getAnnotation(JsonTypeName.class);
            if (n == null || n.value().isEmpty()) throw new IllegalStateException(kind.getName() + " has no @JsonTypeName");
            Class<?> twin = BY_NAME.putIfAbsent(n.value(), kind);
            if (twin != null) throw new IllegalStateException("two kinds are named " + n.value() + ": " + twin.getName() + " and " + kind.getName());
            NAME_OF.put(kind, n.value());
            b.registerSubtypes(new NamedType(kind, n.value()));
        }
        MAPPER = b.build();
    }

    /** The kind's type name ({@code vpc}, {@code eks_node_group}, ...). */
    public static String name(Class<?> kind) {
        String n = NAME_OF.get(kind);
        if (n == null) throw new IllegalStateException(kind.getName() + " is not a kind");
        return n;
    }

    /** Every kind's type name, in the order the kinds are declared. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The spec of that type with those attributes (as {@link Resource#attributes} wrote them), or null when
     * the name is no kind's, or the attributes are not that kind's (an attribute it does not have).
     */
    public static Spec decode(String type, Map<String, Object> attributes) {
        if (type == null || attributes == null) return null;
        Spec s = as(type, attributes);
        for (String now : FORMERLY.getOrDefault(type, List.of())) {
            if (s != null) break;
            s = as(now, attributes);
        }
        return s;
    }

    private static Spec as(String type, Map<String, Object> attributes) {
        Class<?> kind = BY_NAME.get(type);
        if (kind == null) return null;
        // A number or boolean the record needs must be there: Jackson reads a missing one as 0 or false
        for (java.lang.reflect.RecordComponent c : kind.getRecordComponents()) {
            if (c.getType().isPrimitive() && attributes.get(Resource.snake(c.getName())) == null) return null;
        }
        try {
            return MAPPER.convertValue(Map.of(type, attributes), Spec.class);
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException notThisKind) {
            return null;
        }
    }
}
