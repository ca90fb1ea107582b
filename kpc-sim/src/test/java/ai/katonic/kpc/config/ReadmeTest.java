package ai.katonic.kpc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's key reference must name every key the schema declares, so the two cannot drift. */
class ReadmeTest {
    @Test
    void readmeNamesEveryConfigKey() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        collect(ConfigSchema.ROOT, "", readme, missing);
        assertThat(missing).as("keys missing from README.md").isEmpty();
    }

    private static void collect(Shape.Obj obj, String prefix, String readme, List<String> missing) {
        for (Shape.Field f : obj.fields()) {
            if (f.shape() instanceof Shape.Forbidden) continue;
            String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
            boolean nodeGroupField = prefix.startsWith("node_groups.");
            if (!readme.contains(nodeGroupField ? "`" + f.name() + "`" : path)) missing.add(path);
            if (f.shape() instanceof Shape.Obj inner) collect(inner, path, readme, missing);
        }
    }
}
