package ai.katonic.kpc.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** fish's completion script, from the same command model picocli generates bash's from. */
final class FishCompletion {
    private FishCompletion() {}

    /** fish's `complete` lines: each subcommand where its parent's words were typed, then its options. */
    static void print(PrintWriter out, CommandLine cmd, String path) {
        // Below the top level: every word of the path typed (`state list`, not `backup list`).
        String condition = path.isEmpty() ? "__fish_use_subcommand"
                : String.join("; and ", java.util.Arrays.stream(path.trim().split(" ")).map(w -> "__fish_seen_subcommand_from " + w).toList());
        if (!path.isEmpty() && !cmd.getSubcommands().isEmpty()) {
            // Its own subcommands only until one of them is typed.
            condition = condition + "; and not __fish_seen_subcommand_from " + String.join(" ", cmd.getSubcommands().keySet());
        }
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().usageMessage().hidden()) continue;
            String[] description = sub.getValue().getCommandSpec().usageMessage().description();
            out.println("complete -c kpc -f -n '" + condition + "' -a " + sub.getKey()
                    + (description.length == 0 ? "" : " -d " + quote(description[0])));
        }
        if (!path.isEmpty()) {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (o.hidden()) continue;
                StringBuilder line = new StringBuilder("complete -c kpc -n '" + condition + "'");
                for (String name : o.names()) {
                    if (name.startsWith("--")) line.append(" -l ").append(name.substring(2));
                    else if (name.length() == 2) line.append(" -s ").append(name.substring(1));
                }
                if (o.arity().max() > 0) line.append(" -r");
                if (o.completionCandidates() != null) {
                    StringBuilder values = new StringBuilder();
                    o.completionCandidates().forEach(v -> values.append(values.length() == 0 ? "" : " ").append(v));
                    if (values.length() > 0) line.append(" -a ").append(quote(values.toString()));
                }
                if (o.description().length > 0) line.append(" -d ").append(quote(o.description()[0]));
                out.println(line);
            }
        }
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            print(out, sub.getValue(), path + " " + sub.getKey());
        }
    }

    private static String quote(String s) {
        String oneLine = s.replaceAll("\\$\\{[A-Z-]+}", "").replaceAll("\\s+", " ").trim();
        return "'" + oneLine.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
