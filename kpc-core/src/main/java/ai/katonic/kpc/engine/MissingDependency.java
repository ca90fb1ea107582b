package ai.katonic.kpc.engine;

/** A step needed a dependency that was never created: on destroy and status that means "absent". */
public final class MissingDependency extends RuntimeException {
    public MissingDependency(String message) {
        super(message, null, false, false);
    }
}
