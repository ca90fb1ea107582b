package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.sim.Simulator;
import ai.katonic.kpc.cli.KpcCommand;
import ai.katonic.kpc.cli.Main;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "The whole job, from init to destroy, on a local simulated AWS.",
        description = {"The whole job on a local simulated AWS (moto_server behind kpc's proxy, AWS timings 100x faster):",
                "init, validate, apply (which prints the plan first), a no-op apply, status, a backup and its check, destroy (in us-east-1, or the region --region names)."})
final class DemoCommand implements Callable<Integer> {
    /** An EKS cluster takes 6 s instead of 10 min: a believable timeline in well under a minute. */
    static final double TIME_SCALE = 0.01;

    @picocli.CommandLine.ParentCommand
    KpcCommand root;

    @picocli.CommandLine.Option(names = "--region", paramLabel = "REGION", description = "The simulated region (default: us-east-1).")
    String region;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The demo never touches a real account: fixed fake credentials, and every call goes to moto.
        try (SystemProperties props = SystemProperties.fakeAccount(TIME_SCALE)) {
            return demo(out);
        }
    }

    private int demo(PrintWriter out) throws Exception {
        String region = this.region != null ? this.region : root.region() == null ? "us-east-1" : root.region();
        Path dir = Files.createTempDirectory("kpc-demo");
        String file = dir.resolve("kpc.yaml").toString();
        out.println("Starting the simulated cloud: moto_server behind kpc's proxy, AWS timings at " + TIME_SCALE + "x...");
        out.flush();
        try (Simulator sim = Simulator.start("realistic", TIME_SCALE, null, 1);
             SystemProperties services = SystemProperties.servicesOf(sim)) {
            out.println("simulated AWS listening on " + sim.endpoint() + " (moto_server at " + sim.moto().endpoint()
                    + "); working in " + dir);
            for (String[] step : DemoSteps.of(sim.endpoint(), region, file)) {
                out.println();
                out.println("$ kpc " + String.join(" ", step));
                out.flush();
                CommandLine sub = Main.commandLine();
                sub.setOut(spec.commandLine().getOut());
                sub.setErr(spec.commandLine().getErr());
                int rc = sub.execute(step);
                if (rc != 0) {
                    out.println("demo step failed with exit code " + rc);
                    return rc;
                }
            }
        }
        out.println();
        out.println("Demo complete: the cluster was created, checked and destroyed on the emulator; nothing is left.");
        return 0;
    }
}
