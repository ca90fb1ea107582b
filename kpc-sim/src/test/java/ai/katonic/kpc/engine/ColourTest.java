package ai.katonic.kpc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal, never with NO_COLOR or TERM=dumb, always with KPC_COLOR=always. */
class ColourTest {
    @Test
    void colourFollowsTheTerminalAndTheConventions() {
        assertThat(Colour.enabled(true, Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(Colour.enabled(false, Map.of("TERM", "xterm-256color"))).as("piped, or a test").isFalse();
        assertThat(Colour.enabled(true, Map.of("NO_COLOR", ""))).as("NO_COLOR set, even empty").isFalse();
        assertThat(Colour.enabled(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(Colour.enabled(false, Map.of("KPC_COLOR", "always"))).isTrue();
        assertThat(Colour.enabled(true, Map.of("KPC_COLOR", "never"))).isFalse();
        // in this JVM there is no terminal: nothing is painted
        assertThat(Colour.red("x")).isEqualTo("x");
    }
}
