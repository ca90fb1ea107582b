package ai.katonic.kpc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole run's line: how many steps are done and what the latency model says is left, at each tenth of the walk. */
class OverallProgressTest {
    @Test
    void saysDoneOfTotalAndTheModelledTimeLeftOfTheLongestChainNotYetEnded() {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text), false);
        // a chain a → b → c (600 s, 300 s, 60 s left from each start) and a short branch d (30 s)
        p.walk(List.of("a", "b", "c", "d"), Map.of("a", 600.0, "b", 300.0, "c", 60.0, "d", 30.0), ai.katonic.kpc.runtime.TimeScale.AWS);
        p.ended("d");
        p.ended("a");
        p.ended("a"); // a step reported twice counts once
        p.ended("b");
        p.ended("c"); // the last: the command's own summary says it
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("(all)").contains("1 of 4 steps done").contains("~10m00s left (latency model)");
        assertThat(lines.get(1)).contains("2 of 4 steps done").contains("~5m00s left");
        assertThat(lines.get(2)).contains("3 of 4 steps done").contains("~1m00s left");
    }

    @Test
    void aRunningStepsTimeCountsOffWhatIsLeft() throws Exception {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text), false);
        // the 600 s chain takes 0.6 s here
        p.walk(List.of("a", "b", "c"), Map.of("a", 600.0, "b", 30.0, "c", 30.0), new ai.katonic.kpc.runtime.TimeScale(0.001));
        p.started("a");
        Thread.sleep(400);
        p.ended("b");
        String line = text.toString();
        // 0.6 s modeled for a, at least 0.4 s of it gone: at most 0.2 s left, not 0.6 s
        assertThat(line).contains("1 of 3 steps done").containsPattern("~0\\.[0-2]s left").doesNotContain("0.6s left");
    }
}
