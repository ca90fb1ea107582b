package ai.katonic.kpc.engine;

import tools.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long AWS takes, from a versioned profile file (src/main/resources/ai/katonic/kpc/sim/),
 * scaled by the time scale so a ten-minute EKS creation can take six seconds in a test.
 */
public record LatencyProfile(int version, String name, long callMinMs, long callMaxMs, Map<String, Async> async,
                             double ec2VisibilityS, double iamPropagationS, double timeScale) {

    /** One asynchronous resource kind: how long it stays in its transitional state after create and delete. */
    public record Async(double createS, double deleteS) {}

    /** AWS's own timings (the realistic profile at time scale 1), read once. */
    private static final class Typical {
        static final LatencyProfile PROFILE = load("realistic", 1.0);
    }

    /** How long AWS usually takes to make a resource of this latency kind ({@code Spec.latencyKind()}): a handler's usual wait. */
    public static Duration typicalCreate(String kind) {
        return Duration.ofMillis(Math.round(Typical.PROFILE.createSeconds(kind) * 1000));
    }

    /** How long AWS usually takes to remove one. */
    public static Duration typicalDelete(String kind) {
        return Duration.ofMillis(Math.round(Typical.PROFILE.deleteSeconds(kind) * 1000));
    }

    public static LatencyProfile load(String name, double timeScale) {
        String path = "/ai/katonic/kpc/engine/" + name + ".yaml";
        try (InputStream in = LatencyProfile.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no simulation profile '" + name + "' (known: realistic)");
            JsonNode root = ai.katonic.kpc.runtime.Jackson.YAML.readTree(in);
            Map<String, Async> async = new LinkedHashMap<>();
            root.path("async").properties().forEach(e -> async.put(e.getKey(),
                    new Async(e.getValue().path("create_s").asDouble(), e.getValue().path("delete_s").asDouble())));
            JsonNode addons = root.path("addons");
            if (!addons.isMissingNode()) {
                async.put("eks_addon", new Async(addons.path("create_s").asDouble(), addons.path("delete_s").asDouble()));
            }
            JsonNode ec = root.path("eventual_consistency");
            return new LatencyProfile(root.path("version").asInt(), root.path("name").asString(),
                    root.path("call_latency").path("min_ms").asLong(), root.path("call_latency").path("max_ms").asLong(),
                    async, ec.path("ec2_visibility_s").asDouble(), ec.path("iam_propagation_s").asDouble(), timeScale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No waiting at all: moto's own instant behaviour. */
    public static LatencyProfile instant() {
        return new LatencyProfile(0, "instant", 0, 0, Map.of(), 0, 0, 1);
    }

    public Duration create(String kind) {
        Async a = async.get(kind);
        return a == null ? Duration.ZERO : scaled(a.createS());
    }

    public Duration delete(String kind) {
        Async a = async.get(kind);
        return a == null ? Duration.ZERO : scaled(a.deleteS());
    }

    /** Modeled (unscaled) creation time of a kind, for predictions about real AWS. */
    public double createSeconds(String kind) {
        Async a = async.get(kind);
        return a == null ? 0 : a.createS();
    }

    public double deleteSeconds(String kind) {
        Async a = async.get(kind);
        return a == null ? 0 : a.deleteS();
    }

    public Duration scaled(double seconds) {
        return Duration.ofNanos((long) (seconds * timeScale * 1e9));
    }

    /** The same profile with other eventual-consistency windows (tests make them long enough to see). */
    public LatencyProfile withConsistency(double ec2Seconds, double iamSeconds) {
        return new LatencyProfile(version, name, callMinMs, callMaxMs, async, ec2Seconds, iamSeconds, timeScale);
    }

    public double meanCallSeconds() {
        return (callMinMs + callMaxMs) / 2000.0;
    }
}
