package ai.katonic.kpc.helm;

import ai.katonic.kpc.plan.Charts;
import ai.katonic.kpc.errors.KpcException;
import tools.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches a chart archive from a Helm repository the way {@code helm pull} does — the repository's
 * {@code index.yaml} names the archive's URL and its SHA-256 digest — and checks both the digest and
 * the app version the chart ships before Helm sees it. Repositories are https://, http:// or file://
 * (a mirror directory). kpc fetches instead of Helm so that the check comes first and no Helm
 * repository configuration or cache is written into the user's home.
 */
public final class ChartSource {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private ChartSource() {}

    private static JsonNode index(String repository) {
        try {
            return ai.katonic.kpc.runtime.Jackson.YAML.readTree(read(URI.create(repository + "/index.yaml")));
        } catch (IOException | RuntimeException e) {
            throw new KpcException.OperationFailed("chart repository " + repository + ": cannot read index.yaml (" + oneLine(e)
                    + "); set charts.repository to a mirror that serves kpc's charts");
        }
    }

    /** The newest version (by version order) of {@code chart} in the index that ships {@code appVersion}. */
    public static java.util.Optional<String> newestShipping(String repository, String chart, String appVersion) {
        return newestShipping(index(repository), chart, appVersion);
    }

    private static java.util.Optional<String> newestShipping(JsonNode index, String chart, String appVersion) {
        List<String> shipping = new ArrayList<>();
        for (JsonNode e : index.path("entries").path(chart)) {
            if (Charts.ships(e.path("appVersion").asString(null), appVersion)) shipping.add(e.path("version").asString());
        }
        return shipping.stream().max(ChartSource::compareVersions);
    }

    /** Semantic-version order of chart versions (a leading v ignored; numeric parts compared as numbers). */
    static int compareVersions(String a, String b) {
        String[] x = a.replaceFirst("^v", "").split("[.+-]");
        String[] y = b.replaceFirst("^v", "").split("[.+-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    /**
     * The archive of {@code chart} {@code version}, verified, written under {@code dir}; a null version is the
     * newest of the index that ships {@code appVersion}.
     */
    static Path fetch(String repository, String chart, String version, String appVersion, String overrideKey, Path dir) {
        JsonNode index = index(repository);
        if (version == null) {
            version = newestShipping(index, chart, appVersion).orElseThrow(() -> new KpcException.OperationFailed("chart repository "
                    + repository + " has no " + chart + " chart that ships app " + appVersion + "x (set charts.versions." + overrideKey + ")"));
        }
        JsonNode entry = null;
        List<String> shipping = new ArrayList<>();
        for (JsonNode e : index.path("entries").path(chart)) {
            if (e.path("version").asString().equals(version)) entry = e;
            if (Charts.ships(e.path("appVersion").asString(null), appVersion)) shipping.add(e.path("version").asString());
        }
        String choices = appVersion == null ? "" : shipping.isEmpty() ? "; it has no " + chart + " chart that ships app " + appVersion
                : "; versions there that ship app " + appVersion + (appVersion.endsWith(".") ? "x" : "") + ": "
                + String.join(", ", shipping.subList(0, Math.min(8, shipping.size())));
        if (entry == null) {
            throw new KpcException.OperationFailed("chart " + chart + " " + version + " is not in " + repository + choices
                    + " (set charts.versions." + overrideKey + ")");
        }
        String ships = entry.path("appVersion").asString(null);
        if (!Charts.ships(ships, appVersion)) {
            throw new KpcException.OperationFailed("chart " + chart + " " + version + " in " + repository + " ships app " + ships
                    + ", not " + appVersion + (appVersion.endsWith(".") ? "x" : "") + choices + " (set charts.versions." + overrideKey + ")");
        }
        String url = entry.path("urls").path(0).asString("");
        URI archive = URI.create(repository + "/").resolve(url);
        try {
            byte[] bytes = read(archive);
            String digest = entry.path("digest").asString("");
            if (!digest.isEmpty() && !digest.equalsIgnoreCase(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))) {
                throw new KpcException.OperationFailed("chart " + chart + " " + version + " from " + archive
                        + " does not match the SHA-256 digest its repository's index gives; refusing to install it");
            }
            Path out = dir.resolve(chart + "-" + version + ".tgz");
            Files.write(out, bytes);
            return out;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new KpcException.OperationFailed("chart " + chart + " " + version + ": cannot fetch " + archive + " (" + oneLine(e) + ")");
        }
    }

    private static byte[] read(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) return Files.readAllBytes(Path.of(uri));
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " for " + uri);
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
