package ai.katonic.kpc.engine;

import ai.katonic.kpc.runtime.Cancel;
import java.io.PrintWriter;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run that changes the cloud: the first asks the walk to start
 * no new step and every wait to give up (what a step had asked AWS for is found by its tags on the
 * next apply, as after a kill), state is saved as each step ends, and the command ends with exit
 * 130; a second one ends the process at once. Helm's Go library, once loaded, takes these signals
 * for itself: it is loaded first, then kpc's handlers are put back in front of it.
 */
public final class Interrupt {
    private Interrupt() {}

    public static boolean requested() {
        return Cancel.requested();
    }

    /** Ends a wait or a step that has not begun once an interrupt came. */
    public static void check(String what) {
        Cancel.check(what);
    }

    /** Handlers for the length of a run; {@link Handling#close} puts the previous ones back. */
    public static Handling install(PrintWriter out) {
        Cancel.reset();
        try {
            com.marcnuri.helm.Helm.version().call(); // loads Helm's library, which installs its own signal handlers
        } catch (RuntimeException | LinkageError e) {
            // no Helm on this machine: nothing takes the signals from the JVM
        }
        SignalHandler h = sig -> {
            if (Cancel.requested()) {
                out.println("interrupted again: stopping now; run `kpc apply` again to finish");
                out.flush();
                Runtime.getRuntime().halt(130);
            }
            Cancel.request();
            out.println("interrupt: no new step starts; the steps in flight stop at their next wait and state is saved. "
                    + "Ctrl-C again stops at once.");
            out.flush();
        };
        SignalHandler oldInt;
        SignalHandler oldTerm;
        try {
            oldInt = Signal.handle(new Signal("INT"), h);
            oldTerm = Signal.handle(new Signal("TERM"), h);
        } catch (IllegalArgumentException | UnsupportedOperationException vmOwnsThem) {
            return () -> { }; // -Xrs or a platform without these signals: the JVM's own handling stays
        }
        active = h;
        return () -> {
            active = null;
            Signal.handle(new Signal("INT"), oldInt);
            Signal.handle(new Signal("TERM"), oldTerm);
        };
    }

    private static volatile SignalHandler active;

    /**
     * After a Helm call: Helm's library asks for SIGINT and SIGTERM on each install or upgrade (as the helm
     * command does, to cancel it) and never gives them back; kpc's handlers go back in front.
     */
    public static void reclaim() {
        SignalHandler h = active;
        if (h == null) return;
        try {
            Signal.handle(new Signal("INT"), h);
            Signal.handle(new Signal("TERM"), h);
        } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
            // as at install
        }
    }

    /** A signal Helm's library took while it ran (it cancels its call): kpc's run stops as for its own. */
    public static void request() {
        if (active != null) Cancel.request();
    }

    @FunctionalInterface
    public interface Handling extends AutoCloseable {
        @Override
        void close();
    }
}
