package ai.katonic.kpc.plan;

/**
 * A reference from one resource's spec to another resource. References are how dependencies are
 * declared once: the graph derives {@code depends_on} from them, and the engine resolves them to
 * live AWS ids at execution time.
 */
public record Ref(String id) {
    @Override
    public String toString() {
        return id;
    }
}
