package ai.katonic.kpc.helm;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an image's registry whether its manifest exists, as a container runtime would before pulling:
 * the OCI distribution API ({@code HEAD /v2/<name>/manifests/<tag>}) with the registry's anonymous
 * token flow (a 401 names the token service in {@code WWW-Authenticate}; docker.io, quay.io, nvcr.io
 * and public.ecr.aws all answer so; registry.k8s.io redirects). Nothing is downloaded.
 * A redirect (the run's {@code KPC_IMAGE_REGISTRY}) sends every question to one registry, the image's
 * registry host becoming the first segment of its name — the simulator's.
 */
public final class Registries {
    public enum Answer { EXISTS, MISSING, UNKNOWN }

    public record Result(Answer answer, String detail) {}

    private static final ObjectMapper JSON = ai.katonic.kpc.runtime.Jackson.JSON;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final String ACCEPT = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, Result> seen = new java.util.concurrent.ConcurrentHashMap<>();

    /** An image reference split as a runtime reads it: registry host (docker.io when none), repository, tag or digest. */
    public record Ref(String registry, String repository, String reference) {
        public static Ref parse(String image) {
            String rest = image;
            String registry = "docker.io";
            int slash = rest.indexOf('/');
            if (slash > 0 && (rest.substring(0, slash).contains(".") || rest.substring(0, slash).contains(":")
                    || rest.substring(0, slash).equals("localhost"))) {
                registry = rest.substring(0, slash);
                rest = rest.substring(slash + 1);
            }
            String reference = "latest";
            int at = rest.indexOf('@');
            if (at > 0) {
                reference = rest.substring(at + 1);
                rest = rest.substring(0, at);
            } else {
                int colon = rest.lastIndexOf(':');
                if (colon > 0) {
                    reference = rest.substring(colon + 1);
                    rest = rest.substring(0, colon);
                }
            }
            if (registry.equals("docker.io") && !rest.contains("/")) rest = "library/" + rest;
            return new Ref(registry, rest, reference);
        }

        @Override
        public String toString() {
            return registry + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        }
    }

    /** The one registry every question goes to, or null: each image's own. */
    private final String redirect;

    /** {@code redirect}: the one registry every question goes to (the run's {@code KPC_IMAGE_REGISTRY}), or null: each image's own. */
    public Registries(String redirect) {
        this.redirect = redirect;
    }

    public Result check(String image) {
        return seen.computeIfAbsent(Ref.parse(image).toString(), k -> ask(Ref.parse(image)));
    }

    private Result ask(Ref ref) {
        String base = redirect != null ? redirect : "https://" + (ref.registry().equals("docker.io") ? "registry-1.docker.io" : ref.registry());
        String name = redirect != null ? ref.registry() + "/" + ref.repository() : ref.repository();
        URI manifest = URI.create(base + "/v2/" + name + "/manifests/" + ref.reference());
        try {
            HttpResponse<Void> r = head(manifest, null);
            if (r.statusCode() == 401) {
                String token = token(r.headers().firstValue("WWW-Authenticate").orElse(""), ref.repository());
                if (token == null) return new Result(Answer.UNKNOWN, ref.registry() + " asked for credentials kpc does not have");
                r = head(manifest, token);
            }
            return switch (r.statusCode()) {
                case 200 -> new Result(Answer.EXISTS, "");
                case 404 -> new Result(Answer.MISSING, ref.registry() + " has no " + ref.repository() + ":" + ref.reference());
                case 401, 403 -> new Result(Answer.MISSING, ref.registry() + " refuses anonymous pulls of " + ref.repository()
                        + " (HTTP " + r.statusCode() + "): a private or removed repository");
                case 429 -> new Result(Answer.UNKNOWN, ref.registry() + " is rate-limiting anonymous requests (HTTP 429)");
                default -> new Result(Answer.UNKNOWN, ref.registry() + " answered HTTP " + r.statusCode());
            };
        } catch (java.io.IOException | tools.jackson.core.JacksonException e) {
            return new Result(Answer.UNKNOWN, "could not reach " + URI.create(base).getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Answer.UNKNOWN, "interrupted");
        }
    }

    private HttpResponse<Void> head(URI uri, String token) throws java.io.IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** An anonymous pull token from the service a 401's {@code Bearer realm=..., service=...} names. */
    private String token(String challenge, String repository) throws java.io.IOException, InterruptedException {
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) p.put(m.group(1), m.group(2));
        if (!p.containsKey("realm")) return null;
        String query = (p.containsKey("service") ? "service=" + enc(p.get("service")) + "&" : "")
                + "scope=" + enc(p.getOrDefault("scope", "repository:" + repository + ":pull"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(p.get("realm") + (p.get("realm").contains("?") ? "&" : "?") + query))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) return null;
        JsonNode body = JSON.readTree(r.body());
        String token = body.path("token").asString(body.path("access_token").asString(""));
        return token.isEmpty() ? null : token;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
