package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import java.io.Console;
import java.io.PrintWriter;

/** Asks before changing the cloud; without a terminal, only {@code --yes} may proceed. */
final class Confirm {
    private Confirm() {}

    static void ask(boolean yes, String question, PrintWriter out) {
        if (yes) return;
        Console console = System.console();
        if (console == null) {
            throw new KpcException.InvalidInput("no terminal to confirm on; pass --yes to proceed without asking");
        }
        out.print(question + " Only 'yes' is accepted: ");
        out.flush();
        String answer = console.readLine();
        if (answer == null || !answer.trim().equals("yes")) {
            throw new KpcException.InvalidInput("cancelled; nothing was changed");
        }
    }
}
