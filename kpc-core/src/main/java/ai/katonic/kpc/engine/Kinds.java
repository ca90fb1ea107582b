package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Spec;
import java.util.List;

/**
 * The kinds of resource a run knows, given to the engine from above ({@code kinds.Catalog}): the
 * engine walks the graph and calls each resource's handler, and knows no kind by name.
 */
public interface Kinds {
    /** The handler of a spec's kind; an IllegalStateException names a spec no kind handles. */
    <S extends Spec> Handler<S> of(S spec);

    List<Handler<?>> all();
}
