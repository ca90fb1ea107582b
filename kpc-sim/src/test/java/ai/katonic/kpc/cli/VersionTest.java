package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The version the build recorded: this checkout's commit and the build's time. */
class VersionTest {
    @Test
    void versionNamesTheCommitAndTheBuildTimeAsTextAndJson() throws Exception {
        Cli.Result text = Cli.run("version");
        assertThat(text.exit()).as(text.all()).isZero();
        assertThat(text.out()).containsPattern("^kpc 0\\.1\\.0 \\(commit [0-9a-f]{7,}(-dirty)?, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
        assertThat(Cli.run("--version").out().trim()).isEqualTo(text.out().lines().findFirst().orElseThrow());

        JsonNode json = new ObjectMapper().readTree(Cli.run("version", "-o", "json").out());
        assertThat(json.path("version").asString()).isEqualTo("0.1.0");
        assertThat(json.path("commit").asString()).matches("[0-9a-f]{7,}(-dirty)?");
        String head = new String(new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").start().getInputStream().readAllBytes()).trim();
        if (!head.isEmpty()) assertThat(json.path("commit").asString()).startsWith(head);
    }
}
