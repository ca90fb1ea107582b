package ai.katonic.kpc.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A reference from one resource's spec to another resource. References are how dependencies are
 * declared once: the graph derives {@code depends_on} from them, and the engine resolves them to
 * live AWS ids at execution time. In state and JSON a reference is the id it names.
 */
public record Ref(@JsonValue String id) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Ref {
    }

    @Override
    public String toString() {
        return id;
    }
}
