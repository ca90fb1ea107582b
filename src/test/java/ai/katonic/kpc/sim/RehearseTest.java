package ai.katonic.kpc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kpc rehearse` on the example config: its prediction (the critical path of the modeled AWS
 * latencies) must be within 5 % of the wall time the same simulated run measured. Runs at time
 * scale 0.15 (an EKS cluster takes 90 s), where moto's own per-call time, which is not scaled,
 * stays small beside the modeled waits.
 */
class RehearseTest {
    @TempDir
    Path dir;

    @Test
    void predictionIsWithinFivePercentOfTheSimulatedRun() throws Exception {
        Path html = dir.resolve("timeline.html");
        Cli.Result r = Cli.run("rehearse", "-f", "examples/kpc.yaml", "--time-scale", "0.15", "-o", "json", "--html", html.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out());
        assertThat(d.get("install_ratio").asDouble()).as(r.out()).isBetween(0.95, 1.05);
        assertThat(d.get("destroy_ratio").asDouble()).as(r.out()).isBetween(0.95, 1.10);
        assertThat(d.get("predicted_install_s").asDouble()).isBetween(600.0, 1200.0);
        assertThat(d.get("critical_path").toString()).contains("eks-cluster").contains("nodegroup-");
        assertThat(d.get("noop_result").asText()).isEqualTo("no changes");
        // One identity check, then at most one describe per AWS resource kind (25 in the example).
        assertThat(d.get("noop_api_calls").asInt()).isLessThanOrEqualTo(1 + 25);
        assertThat(d.get("api_calls").get("eks").asInt()).isPositive();
        assertThat(Files.readString(html)).contains("<title>kpc rehearsal of katonic-prod").contains("class='bar crit'");
    }
}
