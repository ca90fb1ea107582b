package ai.katonic.kpc.config;

import java.util.List;
import java.util.Map;

/**
 * The shape of a config value. The whole config is declared once as a tree of shapes
 * ({@link ConfigSchema}); that one declaration drives type checking, "did you mean", defaults,
 * the published JSON Schema and the reference in the README.
 */
public sealed interface Shape {

    /** How a field is present when the file leaves it out. */
    enum Presence {
        /** The user must write it. */
        REQUIRED,
        /** Filled from the default (objects: from their fields' defaults). */
        DEFAULTED,
        /** Absent unless written. */
        OPTIONAL
    }

    record Field(String name, Shape shape, Presence presence, Object dflt, String doc) {
        public static Field required(String name, Shape shape, String doc) {
            return new Field(name, shape, Presence.REQUIRED, null, doc);
        }

        public static Field of(String name, Shape shape, Object dflt, String doc) {
            return new Field(name, shape, Presence.DEFAULTED, dflt, doc);
        }

        public static Field optional(String name, Shape shape, String doc) {
            return new Field(name, shape, Presence.OPTIONAL, null, doc);
        }

        /** A key that exists only to be refused with a reason (e.g. {@code fargate}). */
        public static Field forbidden(String name, String reason) {
            return new Field(name, new Forbidden(reason), Presence.OPTIONAL, null, reason);
        }
    }

    record Obj(List<Field> fields) implements Shape {
        public Field field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }

        public List<String> names() {
            return fields.stream().filter(f -> !(f.shape() instanceof Forbidden)).map(Field::name).toList();
        }
    }

    /** A mapping of free keys to values of one shape (for example {@code tags}). */
    record MapOf(Shape values, String keyPattern, String keyHint) implements Shape {}

    record ListOf(Shape item, int minItems, int maxItems) implements Shape {}

    record Str(String example) implements Shape {}

    record Int(long min, long max) implements Shape {}

    record Bool() implements Shape {}

    record Enum(List<String> values) implements Shape {}

    record Forbidden(String reason) implements Shape {}

    static String describe(Shape s) {
        if (s instanceof Obj || s instanceof MapOf) return "a mapping";
        if (s instanceof ListOf) return "a list";
        if (s instanceof Str) return "a string";
        if (s instanceof Int) return "an integer";
        if (s instanceof Bool) return "true or false";
        if (s instanceof Enum e) return "one of " + String.join(", ", e.values());
        return "nothing";
    }

    /** Kept for readers of a normalized tree: a string-keyed map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
