package ai.katonic.kpc.runtime;

import ai.katonic.kpc.errors.KpcException;

/**
 * Whether the run was asked to stop (Ctrl-C, SIGTERM: {@code engine.Interrupt} sets it): the walk starts
 * no new step, and every {@link Backoff} pause and poll gives up at its next look.
 */
public final class Cancel {
    private static volatile boolean requested;

    private Cancel() {}

    public static boolean requested() {
        return requested;
    }

    public static void request() {
        requested = true;
    }

    /** A new run begins: nothing asked yet. */
    public static void reset() {
        requested = false;
    }

    /** Ends a wait or a step that has not begun once a stop was asked for. */
    public static void check(String what) {
        if (requested) throw new KpcException.OperationFailed("interrupted while " + what);
    }
}
