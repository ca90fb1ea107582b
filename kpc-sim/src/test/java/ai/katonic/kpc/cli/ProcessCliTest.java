package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** kpc as its own process: what reaches stdout before the JVM exits, and the exit code the shell sees. */
class ProcessCliTest {
    record Run(int exit, String out) {}

    static Run kpc(String... args) throws Exception {
        List<String> cmd = ai.katonic.kpc.engine.KpcProcess.command(List.of(), args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void everyOutputIsFlushedBeforeExit() throws Exception {
        Run graph = kpc("plan", "-f", "examples/kpc.yaml", "--graph", "mermaid");
        assertThat(graph.exit()).isZero();
        assertThat(graph.out()).startsWith("flowchart LR").contains("eks_cluster --> oidc_provider");
        Run help = kpc("--help");
        assertThat(help.out()).contains("Usage: kpc").contains("Exit codes:");
    }

    @Test
    void exitCodesReachTheShell() throws Exception {
        Run bad = kpc("validate", "-f", "kpc-sim/src/test/resources/config/invalid/12-vpc-cidr-too-small.yaml");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("12-vpc-cidr-too-small.yaml:6:9: error: vpc.cidr:");
    }
}
