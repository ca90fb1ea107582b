package ai.katonic.kpc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kpc version} and {@code kpc --version}: the release, the commit it was built from and when. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "The version of kpc, the commit it was built from, and when.")
final class VersionCommand implements Callable<Integer> {
    static final String VERSION = "0.1.0";

    @picocli.CommandLine.Mixin
    OutputOption output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What the build recorded (git.properties, written by the git-commit-id plugin); "unknown" outside a git checkout. */
    static Map<String, String> info() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/ai/katonic/kpc/git.properties")) {
            if (in != null) p.load(in);
        } catch (java.io.IOException e) {
            // a jar without the file is still kpc: say "unknown"
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("commit", p.getProperty("git.commit.id.abbrev", "unknown") + ("true".equals(p.getProperty("git.dirty")) ? "-dirty" : ""));
        m.put("commit_time", p.getProperty("git.commit.time", "unknown"));
        m.put("built", p.getProperty("git.build.time", "unknown"));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    static String line() {
        Map<String, String> m = info();
        return "kpc " + m.get("version") + " (commit " + m.get("commit") + ", built " + m.get("built") + ")";
    }

    /** For picocli's {@code --version}. */
    static final class Provider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(output.render(info()));
        } else {
            out.println(line());
            out.println("java " + System.getProperty("java.version"));
        }
        out.flush();
        return 0;
    }
}
