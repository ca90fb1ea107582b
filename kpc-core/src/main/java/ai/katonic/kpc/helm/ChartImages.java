package ai.katonic.kpc.helm;

import ai.katonic.kpc.plan.Spec;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Every image a release will run, read from the chart rendered with kpc's values before anything is
 * installed: the chart archive kpc would install (fetched and verified as for the install), unpacked,
 * rendered by Helm's own template engine for the cluster's Kubernetes version. Two things a plain
 * {@code helm template} would hide are undone on the unpacked copy: hooks (pre-install Jobs and Pods,
 * where the images that went missing were) become ordinary objects, and {@code lookup} (which needs a
 * cluster) answers nothing, as it does in {@code helm template}. Test hooks are dropped: kpc never runs them.
 */
public final class ChartImages {
    private ChartImages() {}

    /** One image reference as a release renders it: the object that runs it, and the reference. */
    public record Use(String release, String object, String image) {}


    /**
     * The images {@code spec} renders; role ARNs and ids not known before the install stand as placeholders
     * (no chart picks images by them).
     */
    public static List<Use> of(Spec.HelmRelease spec, String kubeVersion, Path work) {
        Path archive = ChartSource.fetch(spec.repository(), spec.chart(), spec.version(), spec.appVersion(), spec.release(), work);
        Path dir = work.resolve("unpacked-" + spec.release());
        untar(archive, dir);
        Path chart = dir.resolve(spec.chart());
        unhook(chart);
        TemplateCommand t = new Helm(chart).template().withName(spec.release()).withNamespace(spec.namespace());
        if (kubeVersion != null) t.withKubeVersion(kubeVersion + ".0");
        Map<String, String> values = new LinkedHashMap<>(spec.values());
        spec.roleArns().keySet().forEach(k -> values.put(k, "arn:aws:iam::000000000000:role/preflight"));
        spec.ids().keySet().forEach(k -> values.put(k, "preflight"));
        values.forEach(t::set);
        return images(spec.release(), t.call());
    }

    /** The images of every container of every object in {@code manifests} (a multi-document YAML stream). */
    static List<Use> images(String release, String manifests) {
        List<Use> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !doc.isObject()) continue;
                String object = doc.path("kind").asString("?") + "/" + doc.path("metadata").path("name").asString("?");
                collect(doc, release, object, out);
            }
        }
        return out;
    }

    private static void collect(JsonNode n, String release, String object, List<Use> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (CONTAINER_LISTS.contains(e.getKey()) && e.getValue().isArray()) {
                    for (JsonNode c : e.getValue()) if (c.hasNonNull("image")) out.add(new Use(release, object, c.get("image").asString()));
                } else {
                    collect(e.getValue(), release, object, out);
                }
            });
        } else if (n.isArray()) {
            for (JsonNode c : n) collect(c, release, object, out);
        }
    }

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    private static final ObjectMapper YAML = ai.katonic.kpc.runtime.Jackson.YAML;

    /** Hooks made ordinary (each line naming helm.sh/hook goes), test hooks and lookups made harmless. */
    static void unhook(Path chart) {
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.toString();
                if (name.contains("/templates/tests/")) { Files.delete(f); continue; }
                if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".tpl"))) continue;
                String text = Files.readString(f);
                if (text.contains("helm.sh/hook\": test") || text.contains("helm.sh/hook: test")) { Files.delete(f); continue; }
                // lookup in both forms: (lookup "v1" "Secret" ns name).data, and := lookup "v1" "Secret" ns name (the
                // AWS Load Balancer Controller's webhook certificates)
                String changed = text.replaceAll("(?m)^.*helm\\.sh/hook[\"a-z-]*:.*\\n", "").replaceAll("\\(lookup [^)]*\\)", "(dict)")
                        .replaceAll("lookup\\s+\"[^\"]*\"\\s+\"[^\"]*\"\\s+[^\\s)]+\\s+[^\\s)]+", "dict");
                if (!changed.equals(text)) Files.writeString(f, changed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chart archive (gzip'd ustar, as Helm packages) unpacked under {@code into}; nested archives stay archives. */
    static void untar(Path archive, Path into) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) break;
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') { longName = paxPath(data); continue; }
                if (type == 'L') { longName = new String(data, StandardCharsets.UTF_8).replace("\0", ""); continue; }
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (type != '0' && type != '\0') continue; // directories are made for files; links are not in charts
                Path target = into.resolve(path).normalize();
                if (!target.startsWith(into)) throw new IOException("chart archive entry outside the chart: " + path);
                Files.createDirectories(target.getParent());
                Files.write(target, data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String paxPath(byte[] data) {
        for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) return rec.substring(sp + 6);
        }
        return null;
    }

    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
