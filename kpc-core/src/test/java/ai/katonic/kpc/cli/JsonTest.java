package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `-o json` and `-o yaml` print the same bytes for the same answer in every run: Map.of iterates in an order
 * drawn anew by each JVM (so `kpc plan -o json` differed from run to run), and is printed sorted by key; an
 * order kpc chose (a LinkedHashMap) is kept.
 */
class JsonTest {
    @Test
    void mapsWithoutAChosenOrderAreSortedAndChosenOrdersKept() {
        Map<String, Object> chosen = new LinkedHashMap<>();
        chosen.put("zeta", 1);
        chosen.put("alpha", Map.of("scheme", "internal", "type", "application", "b", 2, "a", 1));
        chosen.put("list", List.of(Map.of("y", 1, "x", 2)));
        String json = Json.write(chosen).replaceAll("\\s", "");
        assertThat(json).isEqualTo("{\"zeta\":1,\"alpha\":{\"a\":1,\"b\":2,\"scheme\":\"internal\",\"type\":\"application\"},"
                + "\"list\":[{\"x\":2,\"y\":1}]}");
        assertThat(Json.yaml(Map.of("b", 1, "a", 2))).isEqualTo("a: 2\nb: 1");
    }
}
