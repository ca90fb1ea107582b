package ai.katonic.kpc.cli;

import ai.katonic.kpc.sim.MotoServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole job on a local emulated AWS (moto_server): init, validate, plan, apply, status, destroy.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The demo never touches a real account: fixed fake credentials, and every call goes to moto.
        try (SystemProperties props = SystemProperties.set(java.util.Map.of("aws.accessKeyId", "kpc-demo",
                "aws.secretAccessKey", "kpc-demo-not-a-secret"))) {
            return demo(out);
        }
    }

    private int demo(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("kpc-demo");
        String file = dir.resolve("kpc.yaml").toString();
        out.println("Starting moto_server (local AWS emulator)...");
        out.flush();
        try (MotoServer moto = MotoServer.start()) {
            out.println("moto_server listening on " + moto.endpoint() + "; working in " + dir);
            String ep = moto.endpoint();
            String[][] steps = {
                    {"init", "--cluster-name", "katonic-demo", "--out", file},
                    {"validate", "-f", file},
                    {"plan", "-f", file},
                    {"--endpoint-url", ep, "apply", "-f", file, "--yes"},
                    {"--endpoint-url", ep, "apply", "-f", file, "--yes"},
                    {"--endpoint-url", ep, "status", "-f", file},
                    {"--endpoint-url", ep, "destroy", "-f", file, "--yes", "--delete-backups"}};
            for (String[] step : steps) {
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
