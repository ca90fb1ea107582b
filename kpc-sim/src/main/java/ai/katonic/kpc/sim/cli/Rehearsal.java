package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.cli.Main;
import ai.katonic.kpc.engine.CriticalPath;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.sim.AwsCall;
import ai.katonic.kpc.sim.Simulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * A rehearsal on the simulated cloud: install, a no-op re-apply and destroy of one config, each a
 * {@code kpc} run in this process against the simulator, measured beside the latency model's critical
 * path; what {@code kpc rehearse} prints.
 */
final class Rehearsal {
    /** A measured-to-model ratio beyond this (or below its inverse): the machine, not the model, sets the measured times. */
    static final double SLOW = 1.25;

    private Rehearsal() {}

    /**
     * What the rehearsal found: the report (its JSON), the two critical paths, the timelines (measured, or the
     * model's when this machine is far off the model: {@code note} says so).
     */
    record Result(Map<String, Object> report, CriticalPath.Path install, CriticalPath.Path destroy, double installWall,
                  double destroyWall, double scale, int noopCalls, boolean slow, String note,
                  List<RehearsalTimeline.Row> rows, List<RehearsalTimeline.Row> destroyRows) {

        String html(String cluster) {
            return RehearsalTimeline.html("kpc rehearsal of " + cluster + ": predicted install "
                    + RehearsalTimeline.minutes(install.seconds()) + ", destroy " + RehearsalTimeline.minutes(destroy.seconds()), note,
                    List.of(new RehearsalTimeline.Section("Install", rows, install.resources()),
                            new RehearsalTimeline.Section("Destroy", destroyRows, destroy.resources())));
        }

        void print(PrintWriter out, String cluster, Path html) {
            out.println("Rehearsal of " + cluster + " on the simulated cloud (profile " + report.get("profile")
                    + ", time scale " + scale + "):");
            out.println("  predicted install on real AWS: " + RehearsalTimeline.minutes(install.seconds()) + " (measured here: "
                    + RehearsalTimeline.minutes(installWall / scale) + ", ratio " + report.get("install_ratio") + ")");
            out.println("  predicted destroy on real AWS: " + RehearsalTimeline.minutes(destroy.seconds()) + " (measured here: "
                    + RehearsalTimeline.minutes(destroyWall / scale) + ", ratio " + report.get("destroy_ratio") + ")");
            out.println("  critical path: " + String.join(" → ", install.resources()));
            out.println("  no-op re-apply: " + noopCalls + " API calls, " + report.get("noop_result"));
            if (note != null) {
                out.println();
                out.println("note: " + note);
            }
            out.println();
            out.println("Install timeline (real-AWS estimate" + (slow ? ", from the model" : "") + "):");
            RehearsalTimeline.gantt(out, rows, install.resources());
            if (html != null) out.println("Timeline page written to " + html + " (install and destroy)");
        }
    }

    /** Install, re-apply and destroy {@code configFile} (its graph {@code g}) on {@code s}, the state in a scratch directory. */
    static Result run(Simulator s, Path configFile, ResourceGraph g, double scale) throws Exception {
        // the config where it is (its relative paths hold), its state in a scratch directory
        Path dir = Files.createTempDirectory("kpc-rehearse");
        String file = configFile.toString();
        Map<String, Object> report = new LinkedHashMap<>();
        CriticalPath.Path install = CriticalPath.install(g, s.profile());
        CriticalPath.Path destroy = CriticalPath.destroy(g, s.profile());
        JsonNode applied = run(s, dir, "apply", "-f", file, "--yes", "-o", "json");
        List<AwsCall> installCalls = s.proxy().calls().subList(0, s.proxy().calls().size());
        int mark = s.proxy().calls().size();
        long noopStart = System.nanoTime();
        JsonNode noop = run(s, dir, "apply", "-f", file, "--yes", "-o", "json");
        double noopWall = (System.nanoTime() - noopStart) / 1e9;
        List<AwsCall> noopCalls = s.proxy().calls().subList(mark, s.proxy().calls().size());
        JsonNode destroyed = run(s, dir, "destroy", "-f", file, "--yes", "--delete-backups", "-o", "json");

        double installWall = applied.get("walk_s").asDouble();
        double destroyWall = destroyed.get("walk_s").asDouble();
        double installRatio = installWall / (install.seconds() * scale);
        report.put("profile", s.profile().name() + " v" + s.profile().version());
        report.put("time_scale", scale);
        report.put("predicted_install_s", round(install.seconds()));
        report.put("predicted_destroy_s", round(destroy.seconds()));
        report.put("install_wall_s", round(installWall));
        report.put("critical_path_s", round(install.seconds() * scale));
        report.put("install_ratio", round(installRatio));
        report.put("destroy_wall_s", round(destroyWall));
        report.put("destroy_critical_path_s", round(destroy.seconds() * scale));
        report.put("destroy_ratio", round(destroyWall / (destroy.seconds() * scale)));
        report.put("api_calls", byService(installCalls));
        report.put("noop_result", noop.get("result").asString());
        report.put("noop_api_calls", noopCalls.size());
        report.put("noop_api_calls_by_action", byAction(noopCalls));
        report.put("noop_wall_s", round(noopWall));
        report.put("faults_injected", s.faults().injected());
        report.put("peak_rss_mb", peakRssMb());
        report.put("critical_path", install.resources());
        report.put("destroy_critical_path", destroy.resources());
        // This machine as fast as the model (moto's own time small beside the modeled waits): the measured timeline,
        // scaled back to AWS time, stands for real AWS. Far slower: its overhead would be multiplied by 1/scale, so
        // the timelines are the model's (each step at its earliest), and the prediction is the model's too.
        boolean slow = installRatio > SLOW || installRatio < 1 / SLOW;
        report.put("timeline_from", slow ? "model" : "measured");
        List<RehearsalTimeline.Row> rows = slow ? RehearsalTimeline.model(g, CriticalPath.schedule(g, s.profile(), true), true)
                : RehearsalTimeline.rows(applied.get("resources"), 1 / scale);
        List<RehearsalTimeline.Row> destroyRows = slow ? RehearsalTimeline.model(g, CriticalPath.schedule(g, s.profile(), false), false)
                : RehearsalTimeline.rows(destroyed.get("resources"), 1 / scale);
        String note = slow ? String.format("This machine ran the rehearsal %.1f times %s than the latency model (its own overhead,"
                + " not AWS's): the predictions and timelines are the model's, not the measured ones scaled up. A larger"
                + " --time-scale makes the machine's overhead smaller beside the modeled waits.", installRatio > 1 ? installRatio : 1 / installRatio,
                installRatio > 1 ? "slower" : "faster") : null;
        return new Result(report, install, destroy, installWall, destroyWall, scale, noopCalls.size(), slow, note, rows, destroyRows);
    }

    private static JsonNode run(Simulator s, Path stateDir, String... args) throws Exception {
        StringWriter buf = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(buf, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        all[0] = "--endpoint-url";
        all[1] = s.endpoint();
        all[2] = "--state-dir";
        all[3] = stateDir.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        int rc = cl.execute(all);
        if (rc != 0) {
            throw new KpcException.OperationFailed("rehearsal step `kpc " + args[0] + "` failed (exit " + rc + "): "
                    + err.toString().strip());
        }
        return new ObjectMapper().readTree(buf.toString());
    }

    static Map<String, Long> byService(List<AwsCall> calls) {
        Map<String, Long> m = new TreeMap<>();
        calls.forEach(c -> m.merge(c.service(), 1L, Long::sum));
        return m;
    }

    static Map<String, Long> byAction(List<AwsCall> calls) {
        Map<String, Long> m = new TreeMap<>();
        calls.forEach(c -> m.merge(c.iamAction(), 1L, Long::sum));
        return m;
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    /** The peak resident set of this process (kpc and, in a rehearsal, the simulator's proxy), from /proc. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
