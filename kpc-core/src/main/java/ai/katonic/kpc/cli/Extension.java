package ai.katonic.kpc.cli;

import java.util.List;

/**
 * Commands that live outside the product and join `kpc` when their code is on the class path (found
 * with {@link java.util.ServiceLoader}): the simulator's {@code sim}, {@code rehearse} and {@code demo}.
 * The product never imports them.
 */
public interface Extension {
    /** picocli command objects, each added as a subcommand of `kpc`. */
    List<Object> commands();
}
