package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would create, in dependency order, and what the platform will provision.")
final class PlanCommand implements Callable<Integer> {
    enum GraphFormat { mermaid, dot }

    @picocli.CommandLine.Mixin
    ConfigFileOption config;

    @picocli.CommandLine.Mixin
    OutputOption output;

    @Option(names = "--graph", paramLabel = "FORMAT", description = "Print the resource graph instead: mermaid or dot.")
    GraphFormat graph;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClusterConfig c = Configs.load(config.file, spec.commandLine().getErr());
        ResourceGraph g = GraphBuilder.build(c);
        if (graph != null) {
            out.print(graph == GraphFormat.mermaid ? GraphText.mermaid(g) : GraphText.dot(g));
            return 0;
        }
        Plan plan = Plan.createAll(g);
        if (output.json()) {
            out.println(Json.write(PlanText.json(c, g, plan)));
        } else {
            PlanText.print(out, c, g, plan);
        }
        return 0;
    }
}
