package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would do (against state after an install: ~ old → new, -/+, -, data loss), in dependency order.")
final class PlanCommand extends ClusterCommand implements Callable<Integer> {
    enum GraphFormat { mermaid, dot }

    @picocli.CommandLine.Mixin
    OutputOption output;

    @Option(names = "--graph", paramLabel = "FORMAT", description = "Print the resource graph instead: mermaid or dot.")
    GraphFormat graph;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the plan: `kpc apply FILE` then does exactly it, or refuses if the config or state changed.")
    java.nio.file.Path saveTo;

    @Override
    public Integer call() {
        PrintWriter out = out();
        // Without AWS unless the config leaves the EKS version to kpc: then EKS is asked what it offers.
        try (Session s = session()) {
            ClusterConfig c = s.config;
            ResourceGraph g = s.graph;
            if (graph != null) {
                out.print(graph == GraphFormat.mermaid ? GraphText.mermaid(g) : GraphText.dot(g));
                return 0;
            }
            // After an install, against what state recorded (as apply plans); before one, everything is to create.
            ai.katonic.kpc.state.State state;
            try {
                state = s.store.load();
            } catch (ai.katonic.kpc.errors.KpcException e) {
                throw e;
            } catch (RuntimeException e) {
                // the S3 backend without a way to AWS: a plan of the config alone, said so
                err().println("note: state could not be read (" + e.getMessage() + "); planned as a new install");
                state = new ai.katonic.kpc.state.State(s.config.clusterName(), s.config.region());
            }
            // as apply records it before planning: the version kpc chose for a config that names none
            if (s.eksVersion.chosenByKpc() && state.eksVersion() == null) state.recordEksVersion(s.eksVersion.version());
            Plan plan = StatePlan.of(s, state, s.orphans(state));
            if (saveTo != null) SavedPlan.write(saveTo, config.file, state, c.clusterName(), c.region(), plan);
            if (output.json()) {
                java.util.Map<String, Object> json = PlanText.json(c, g, plan);
                json.put("eks_version", java.util.Map.of("version", s.eksVersion.version(), "why", s.eksVersion.why()));
                out.println(output.render(json));
            } else {
                PlanText.print(out, c, g, plan);
                if (!state.isEmpty()) {
                    out.println();
                    StatePlan.print(out, plan);
                }
                out.println("EKS version " + s.eksVersion.version() + ": " + s.eksVersion.why() + ".");
                if (saveTo != null) out.println("Saved to " + saveTo + ": `kpc apply -f " + config.file + " " + saveTo + "` applies exactly this plan.");
                out.flush();
            }
            return 0;
        }
    }
}
