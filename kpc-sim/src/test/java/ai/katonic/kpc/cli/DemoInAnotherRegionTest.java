package ai.katonic.kpc.cli;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `kpc --region R demo`: every region works (apart from {@code DemoTest} so the two demos run side by side). */
@EndToEnd
class DemoInAnotherRegionTest {
    @Test
    void demoRunsInAnotherRegion() {
        Cli.Result r = Cli.run("--region", "eu-west-1", "demo");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("Plan for cluster katonic-demo in eu-west-1").contains("Apply complete")
                .contains("Nothing tagged for katonic-demo remains.").contains("Demo complete");
    }
}
