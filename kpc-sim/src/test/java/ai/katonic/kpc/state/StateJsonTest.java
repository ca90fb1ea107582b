package ai.katonic.kpc.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** State files of earlier kpc versions, and broken ones, as the stores read them (no AWS involved). */
class StateJsonTest {
    private static State read(String json) throws Exception {
        return StateJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStateOfKpcBeforeGenerationsKeepsItsTokensWhileItHoldsResourcesAndStartsAfreshWhenEmpty() throws Exception {
        State inFlight = read("{\"version\":1,\"cluster_name\":\"old\",\"region\":\"us-east-1\",\"resources\":"
                + "{\"vpc\":{\"type\":\"vpc\",\"aws_id\":\"vpc-1\",\"status\":\"created\"}}}");
        assertThat(inFlight.generation()).as("a resumed install of an older kpc keeps its tokens").isNull();
        State destroyed = read("{\"version\":1,\"cluster_name\":\"old\",\"region\":\"us-east-1\",\"resources\":{}}");
        assertThat(destroyed.generation()).as("a destroyed one is reinstalled with new tokens").matches("[0-9a-f]{8}");
        assertThat(new State("new", "us-east-1").generation()).isNotEqualTo(new State("new", "us-east-1").generation());
    }

    @Test
    void brokenStateIsNamedPlainly() {
        assertThatThrownBy(() -> read("{\"version\":1,\"cluster_name\":\"x\",")).hasMessageContaining("(truncated)")
                .hasMessageNotContaining("com.fasterxml").hasMessageNotContaining("tools.jackson");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("not kpc's state JSON at line 1");
        assertThatThrownBy(() -> read("")).hasMessage("it is empty");
    }
}
