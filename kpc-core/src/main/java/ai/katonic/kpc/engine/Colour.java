package ai.katonic.kpc.engine;

import java.util.Map;

/**
 * Colour on a terminal, as people expect from terraform and kubectl: plan marks green/yellow/red, failures
 * red. Off when the output is not a terminal, when {@code NO_COLOR} is set (no-color.org), or for
 * {@code TERM=dumb}; {@code KPC_COLOR=always} forces it (a pager that keeps escapes).
 */
public final class Colour {
    private static final boolean ON = enabled(System.console() != null, System.getenv());

    private Colour() {}

    static boolean enabled(boolean terminal, Map<String, String> env) {
        if ("always".equals(env.get("KPC_COLOR"))) return true;
        if (env.containsKey("NO_COLOR") || "never".equals(env.get("KPC_COLOR"))) return false;
        return terminal && !"dumb".equals(env.get("TERM"));
    }

    public static String green(String s) {
        return paint("32", s);
    }

    public static String yellow(String s) {
        return paint("33", s);
    }

    public static String red(String s) {
        return paint("31", s);
    }

    static String paint(String code, String s) {
        return ON ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
