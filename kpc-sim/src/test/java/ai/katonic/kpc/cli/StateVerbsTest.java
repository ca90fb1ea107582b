package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terraform's state verbs on a local state file, in-process and without AWS. */
class StateVerbsTest {
    @TempDir
    Path dir;

    Path config;
    Path state;

    @BeforeEach
    void aConfigAndItsState() throws Exception {
        config = dir.resolve("kpc.yaml");
        Cli.Result init = Cli.run("init", "--cluster-name", "verbs", "--region", "eu-west-1", "--eks-version", "1.34",
                "--out", config.toString());
        assertThat(init.exit()).as(init.all()).isZero();
        state = dir.resolve(".kpc/eu-west-1/verbs/state.json");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"version\":1,\"cluster_name\":\"verbs\",\"region\":\"eu-west-1\",\"generation\":\"0a1b2c3d\","
                + "\"resources\":{"
                + "\"vpc\":{\"type\":\"vpc\",\"aws_id\":\"vpc-1\",\"outputs\":{\"cidr\":\"10.0.0.0/21\"},\"spec\":{\"cidr\":\"10.0.0.0/21\"},\"status\":\"created\"},"
                + "\"jump-host\":{\"type\":\"instance\",\"status\":\"failed\",\"error\":\"jump-host: refused\"}}}");
    }

    @Test
    void listShowsEveryRecordAsTextAndJson() throws Exception {
        Cli.Result text = Cli.run("state", "list", "-f", config.toString());
        assertThat(text.exit()).as(text.all()).isZero();
        assertThat(text.out()).containsPattern("vpc +vpc +vpc-1 +created").containsPattern("jump-host +instance +- +failed")
                .contains("2 resources in " + state);
        JsonNode json = new ObjectMapper().readTree(Cli.run("state", "list", "-f", config.toString(), "-o", "json").out());
        assertThat(json.path("resources")).hasSize(2);
        assertThat(json.path("resources").findValues("aws_id").stream().map(JsonNode::toString)).containsExactlyInAnyOrder("\"vpc-1\"", "null");
        assertThat(json.path("resources").findValuesAsString("id")).containsExactlyInAnyOrder("vpc", "jump-host");
        // -o yaml: the same tree.
        Cli.Result yaml = Cli.run("state", "list", "-f", config.toString(), "-o", "yaml");
        assertThat(yaml.out()).startsWith("resources:").doesNotContain("{");
        assertThat(new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml.out())).isEqualTo(json);
    }

    @Test
    void showPrintsOneRecordAndNamesAnUnknownIdWithTheNearestOne() throws Exception {
        Cli.Result shown = Cli.run("state", "show", "vpc", "-f", config.toString());
        assertThat(shown.exit()).as(shown.all()).isZero();
        assertThat(shown.out()).contains("aws_id = vpc-1").contains("outputs:").contains("  cidr = 10.0.0.0/21");
        assertThat(new ObjectMapper().readTree(Cli.run("state", "show", "jump-host", "-f", config.toString(), "-o", "json").out())
                .path("error").asString()).isEqualTo("jump-host: refused");

        Cli.Result unknown = Cli.run("state", "show", "vcp", "-f", config.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("state has no resource 'vcp'; did you mean 'vpc'?").doesNotContain("Exception");
    }

    @Test
    void rmForgetsAfterConfirmationAndTouchesNothingElse() throws Exception {
        Cli.Result refused = Cli.run("state", "rm", "vpc", "-f", config.toString());
        assertThat(refused.exit()).as("no terminal to confirm on").isNotZero();
        assertThat(Files.readString(state)).contains("vpc-1");

        Cli.Result removed = Cli.run("state", "rm", "vpc", "-f", config.toString(), "--yes");
        assertThat(removed.exit()).as(removed.all()).isZero();
        assertThat(removed.out()).contains("forgot vpc (vpc-1, still in AWS)");
        JsonNode left = new ObjectMapper().readTree(state.toFile());
        assertThat(left.path("resources").has("vpc")).isFalse();
        assertThat(left.path("resources").has("jump-host")).isTrue();
        assertThat(left.path("generation").asString()).isEqualTo("0a1b2c3d");
    }
}
