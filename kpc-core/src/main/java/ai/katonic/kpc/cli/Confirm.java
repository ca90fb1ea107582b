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

    /**
     * For what cannot be undone (a destroy, a change that loses data): the cluster's name typed, as a person
     * confirms who knows which cluster this is. {@code allowed}: the flags said so; {@code refusal}: why
     * --yes alone is not enough (null: a terminal is needed).
     */
    static void askName(boolean allowed, String clusterName, String what, String refusal, PrintWriter out) {
        if (allowed) return;
        if (refusal != null) throw new KpcException.InvalidInput(what + " " + refusal + "; nothing was changed");
        Console console = System.console();
        if (console == null) {
            throw new KpcException.InvalidInput("no terminal to confirm on; " + what + " Pass --yes to proceed without asking");
        }
        out.print(what + " Type the cluster's name (" + clusterName + ") to go on: ");
        out.flush();
        String answer = console.readLine();
        if (answer == null || !answer.trim().equals(clusterName)) {
            throw new KpcException.InvalidInput("cancelled (the name did not match); nothing was changed");
        }
    }
}
