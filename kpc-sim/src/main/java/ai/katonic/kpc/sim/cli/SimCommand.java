package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.sim.Simulator;
import ai.katonic.kpc.cli.ConfigFileOption;
import ai.katonic.kpc.cli.Configs;
import ai.katonic.kpc.cli.KpcCommand;
import ai.katonic.kpc.cli.Main;
import ai.katonic.kpc.cli.OutputOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"The local simulated AWS cloud (moto_server behind a proxy that behaves like AWS).",
                "Here --profile NAME selects the latency profile (default: realistic)."},
        subcommands = {SimCommand.Serve.class})
final class SimCommand implements Runnable {
    @picocli.CommandLine.ParentCommand
    KpcCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every simulated run shares. */
    static final class SimOptions {

        @Option(names = "--time-scale", defaultValue = "0.01", paramLabel = "S", description = "Multiplies every AWS duration: 0.01 turns 10 minutes into 6 seconds (default: ${DEFAULT-VALUE}).")
        double timeScale;

        @Option(names = "--faults", paramLabel = "SPEC", description = "Injected failures, e.g. throttle=0.2,5xx=0.05,reset=0.01.")
        String faults;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed for latencies and faults (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--profile", paramLabel = "NAME", description = "The latency profile (default: realistic, AWS's timings as measured).")
        String profile;

        /** Under `kpc sim` and `kpc rehearse`, {@code --profile} names the latency profile, not an AWS profile (also before the command). */
        Simulator start(KpcCommand root) {
            String profile = this.profile != null ? this.profile : root.profile() == null ? "realistic" : root.profile();
            if (timeScale <= 0 || timeScale > 1) throw new KpcException.InvalidInput("--time-scale must be in (0, 1], got " + timeScale);
            try {
                return Simulator.start(profile, timeScale, faults, seed);
            } catch (IllegalArgumentException e) {
                throw new KpcException.InvalidInput(e.getMessage());
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start moto_server and the simulating proxy on loopback; print the environment to use; run until interrupted.")
    static final class Serve implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        SimOptions sim;

        @picocli.CommandLine.ParentCommand
        SimCommand parent;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Simulator s = sim.start(parent.root);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                s.close();
                stopped.countDown();
            }));
            out.println("export AWS_ENDPOINT_URL=" + s.endpoint());
            out.println("export AWS_ACCESS_KEY_ID=" + Simulator.ACCESS_KEY);
            out.println("export AWS_SECRET_ACCESS_KEY=" + Simulator.SECRET_KEY);
            out.println("export AWS_REGION=us-east-1");
            out.println("export KPC_TIME_SCALE=" + sim.timeScale);
            out.println("export KPC_JUMP_HOST_ADDRESS=" + s.jumpHostAddress() + "   # the simulated jump host's SSH (access.mode: tunnel)");
            out.println("export KPC_CHARTS_REPOSITORY=" + ai.katonic.kpc.sim.ChartMirror.url() + "   # the simulator's chart mirror");
            out.println("export KPC_IMAGE_REGISTRY=" + ai.katonic.kpc.sim.ImageRegistry.url() + "   # the simulator's image registry (image preflight)");
            out.println("# simulated AWS (profile " + s.profile().name() + " v" + s.profile().version() + ", time scale "
                    + sim.timeScale + ") until interrupted; moto_server at " + s.moto().endpoint());
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
