package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.eks.EksVersions;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.config.Diagnostic;
import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Write a commented config that validates.")
final class InitCommand extends AwsCommand implements Callable<Integer> {
    @Option(names = "--cluster-name", defaultValue = "katonic-prod", paramLabel = "NAME", description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String clusterName;

    /** {@code --region} is the global flag; init writes it into the config (default us-east-1). */
    @Option(names = "--out", defaultValue = "kpc.yaml", paramLabel = "FILE", description = "Where to write it; '-' for standard output (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Option(names = "--eks-version", paramLabel = "V", description = "Kubernetes version to write (default: the newest EKS offers "
            + "in the region in standard support, asked of EKS, else kpc's dated calendar).")
    String eksVersion;

    /** The JSON Schema file the config's first line points editors at (yaml-language-server). */
    static final String SCHEMA_FILE = "kpc.schema.json";

    @Override
    public Integer call() throws IOException {
        String region = root().region == null ? "us-east-1" : root().region;
        EksVersions.Choice version = eksVersion != null ? new EksVersions.Choice(eksVersion, "given to kpc init", "given to kpc init")
                : EksVersions.newest(InitTemplate.offered(Session.aws(root(), region)));
        String text = InitTemplate.render(clusterName, region, version);
        // Never write a config that would not validate: check the rendered text first.
        ConfigLoader.Loaded check = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), out, Path.of("."));
        if (!check.ok()) {
            check.diagnostics().errors().stream().map(Diagnostic::render).forEach(err()::println);
            throw new KpcException.InvalidInput("--cluster-name or --region is not valid; nothing was written");
        }
        if (out.equals("-")) {
            out().print(text);
            out().flush();
            return 0;
        }
        Path path = Path.of(out);
        if (Files.exists(path) && !force) {
            throw new KpcException.InvalidInput(out + " already exists; use --force to overwrite it");
        }
        if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, text);
        // Beside it, the schema its first line names: editors with yaml-language-server complete and check the keys.
        Path schema = path.toAbsolutePath().resolveSibling(SCHEMA_FILE);
        Files.writeString(schema, SchemaCommand.schema() + System.lineSeparator());
        out().println("wrote " + out + " (eks_version " + version.version() + ": " + version.brief()
                + ") and " + SCHEMA_FILE + " beside it for editors; next: kpc validate -f " + out + " && kpc plan -f " + out);
        return 0;
    }
}
