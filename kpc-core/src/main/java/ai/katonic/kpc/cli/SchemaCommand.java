package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ConfigSchema;
import ai.katonic.kpc.config.JsonSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of kpc.yaml, for editors (yaml-language-server) to complete and check it.")
final class SchemaCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(schema());
        return 0;
    }

    /** The schema as JSON text (what `kpc init` writes beside the config as kpc.schema.json). */
    static String schema() {
        return Json.write(JsonSchema.of(ConfigSchema.ROOT));
    }
}
