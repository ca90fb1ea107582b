package ai.katonic.kpc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Walk through kpc on the example config: init, validate and plan.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("kpc-demo");
        String file = dir.resolve("kpc.yaml").toString();
        for (String[] step : new String[][] {
                {"init", "--out", file},
                {"validate", "-f", file},
                {"plan", "-f", file}}) {
            out.println();
            out.println("$ kpc " + String.join(" ", step));
            out.flush();
            CommandLine sub = Main.commandLine();
            sub.setOut(spec.commandLine().getOut());
            sub.setErr(spec.commandLine().getErr());
            int rc = sub.execute(step);
            if (rc != 0) return rc;
        }
        return 0;
    }
}
