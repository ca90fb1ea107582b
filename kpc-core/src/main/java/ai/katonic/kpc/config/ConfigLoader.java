package ai.katonic.kpc.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** file → YAML tree → schema check → {@link ClusterConfig} → semantic rules, collecting every finding. */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The outcome of loading: the config (null when any error was found) and every finding. */
    public record Loaded(ClusterConfig config, Diagnostics diagnostics, Path path) {
        public boolean ok() {
            return config != null;
        }
    }

    public static Loaded load(Path path) {
        String shown = path.toString();
        Diagnostics d = new Diagnostics(shown);
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                d.error(YNode.Pos.NONE, "", "is a directory; give the path of a kpc.yaml file");
                return new Loaded(null, d, path);
            }
            if (Files.size(path) > YamlReader.MAX_BYTES) {
                d.error(YNode.Pos.NONE, "", "file is " + Files.size(path) + " bytes; a kpc config may be at most "
                        + YamlReader.MAX_BYTES + " bytes (is this the right file?)");
                return new Loaded(null, d, path);
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            d.error(YNode.Pos.NONE, "", "file not found; run `kpc init --out " + shown + "` to write one");
            return new Loaded(null, d, path);
        } catch (IOException e) {
            d.error(YNode.Pos.NONE, "", "cannot read file: " + e.getMessage());
            return new Loaded(null, d, path);
        }
        Path dir = path.toAbsolutePath().getParent();
        return parse(bytes, shown, dir);
    }

    public static Loaded parse(byte[] bytes, String shown, Path configDir) {
        Diagnostics d = new Diagnostics(shown);
        YNode root = new YamlReader(d).read(bytes);
        if (root == null) return new Loaded(null, d, Path.of(shown));
        if (!(root instanceof YNode.YMap)) {
            d.error(root.pos(), "", "the config must be a mapping of keys (cluster_name, region, vpc, ...), got a "
                    + YNode.kindOf(root));
            return new Loaded(null, d, Path.of(shown));
        }
        SchemaChecker checker = new SchemaChecker(d);
        Object normalized = checker.check(root, ConfigSchema.ROOT, "");
        d.usePositions(checker.positions());
        if (normalized == null) return new Loaded(null, d, Path.of(shown));
        @SuppressWarnings("unchecked")
        ClusterConfig config = ClusterConfig.bind((Map<String, Object>) normalized);
        new ConfigValidator(d, configDir).validate(config);
        return new Loaded(d.hasErrors() ? null : config, d, Path.of(shown));
    }
}
