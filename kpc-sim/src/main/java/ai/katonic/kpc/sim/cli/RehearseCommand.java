package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.cli.ConfigFileOption;
import ai.katonic.kpc.cli.Configs;
import ai.katonic.kpc.cli.KpcCommand;
import ai.katonic.kpc.cli.OutputOption;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.sim.Simulator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        header = "Rehearse install, no-op re-apply and destroy on the simulated cloud and predict the wall time on AWS.",
        description = {"Run the whole plan against the simulated cloud (install, a no-op re-apply, destroy) and predict",
                "the wall time on real AWS: the critical path, and a timeline of every resource."})
final class RehearseCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ConfigFileOption config;

    @picocli.CommandLine.Mixin
    SimCommand.SimOptions sim;

    @picocli.CommandLine.Mixin
    OutputOption output;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the timeline as an HTML page.")
    Path html;

    @picocli.CommandLine.ParentCommand
    KpcCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterConfig c = Configs.loadOffline(config.file, spec.commandLine().getErr());
        Rehearsal.Result r;
        // A rehearsal never touches a real account: fixed fake credentials, its state in a
        // scratch directory, and every call to the simulator.
        try (SystemProperties props = SystemProperties.fakeAccount(sim.timeScale);
             Simulator s = sim.start(root);
             SystemProperties services = SystemProperties.servicesOf(s)) {
            r = Rehearsal.run(s, config.file, GraphBuilder.build(c), sim.timeScale);
        }
        if (html != null) Files.writeString(html, r.html(c.clusterName()));
        if (output.json()) out.println(output.render(r.report()));
        else r.print(out, c.clusterName(), html);
        out.flush();
        return 0;
    }
}
