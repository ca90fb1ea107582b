package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.LatencyProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EKS add-on API, which moto does not have (it answers 404): Create/Describe/List/Update/
 * DeleteAddon and DescribeAddonVersions, in EKS's REST-JSON shapes, with add-ons CREATING for
 * their modeled time. The version catalog is the simulator's own, one version per add-on.
 */
public final class EksAddons implements Behaviour, AutoCloseable {
    /** add-on name → the version the simulated EKS offers. */
    static final Map<String, String> CATALOG = Map.of(
            "vpc-cni", "v1.18.3-eksbuild.1", "coredns", "v1.11.1-eksbuild.9", "kube-proxy", "v1.30.0-eksbuild.3",
            "aws-ebs-csi-driver", "v1.35.0-eksbuild.1", "aws-efs-csi-driver", "v2.0.7-eksbuild.1");
    private static final Pattern ADDONS = Pattern.compile("/clusters/([^/]+)/addons(?:/([^/]+))?(/update)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code cluster}: when the cluster it belongs to was made (an add-on goes with its cluster). */
    private record Addon(ObjectNode body, long createdAt, long[] deletedAt, String cluster) {}

    private final LatencyProfile profile;
    private final URI upstream;
    /** One client per region, with the admin's keys. */
    private final Map<String, software.amazon.awssdk.services.eks.EksClient> eks = new ConcurrentHashMap<>();
    private volatile String[] adminKeys;
    private final Map<String, Addon> addons = new ConcurrentHashMap<>();

    public EksAddons(LatencyProfile profile, String upstreamEndpoint) {
        this.profile = profile;
        this.upstream = URI.create(upstreamEndpoint);
        admin(Simulator.ACCESS_KEY, Simulator.SECRET_KEY);
    }

    /**
     * The keys it looks clusters up in moto with: with moto's IAM enforcement on, an identity
     * allowed to describe them (the tests that switch enforcement on give their administrator's).
     */
    public EksAddons admin(String key, String secret) {
        adminKeys = new String[] {key, secret};
        close();
        return this;
    }

    private software.amazon.awssdk.services.eks.EksClient eks(String region) {
        return eks.computeIfAbsent(region, r -> software.amazon.awssdk.services.eks.EksClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(r)).endpointOverride(upstream)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(adminKeys[0], adminKeys[1]))).build());
    }

    @Override
    public void close() {
        eks.values().forEach(software.amazon.awssdk.services.eks.EksClient::close);
        eks.clear();
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (!call.service().equals("eks")) return Optional.empty();
        if (call.method().equals("GET") && call.path().equals("/addons/supported-versions")) return Optional.of(versions(call));
        Matcher m = ADDONS.matcher(call.path());
        if (!m.matches()) return Optional.empty();
        // A cluster is known by its region and name: two regions may hold clusters of the same name.
        String cluster = m.group(1);
        String where = call.region() + "/" + cluster;
        String made;
        try {
            made = clusterCreatedAt(call.region(), cluster);
        } catch (RuntimeException e) {
            return error(call, 500, "ServerException", "the simulator could not look up cluster " + cluster + ": " + e.getMessage());
        }
        // Deleting a cluster deletes its add-ons: those of an earlier cluster of the same name are gone.
        addons.entrySet().removeIf(e -> e.getKey().startsWith(where + "/") && !e.getValue().cluster().equals(made));
        if (made == null) return error(call, 404, "ResourceNotFoundException", "No cluster found for name: " + cluster + ".");
        String name = m.group(2);
        String key = where + "/" + name;
        Addon a = name == null ? null : live(key);
        switch (call.method() + (name == null ? "" : m.group(3) == null ? " one" : " update")) {
            case "POST" -> {
                JsonNode req = parse(call.body());
                String addon = req.path("addonName").asString();
                if (!CATALOG.containsKey(addon)) return error(call, 400, "InvalidParameterException", "Addon " + addon + " specified is not supported");
                if (live(where + "/" + addon) != null) return error(call, 409, "ResourceInUseException", "Addon already exists.");
                ObjectNode body = JSON.createObjectNode();
                body.put("addonName", addon).put("clusterName", cluster).put("status", "CREATING")
                        .put("addonVersion", req.path("addonVersion").asString(CATALOG.get(addon)))
                        .put("addonArn", "arn:aws:eks:" + call.region() + ":123456789012:addon/" + cluster + "/" + addon + "/" + UUID.randomUUID())
                        .put("createdAt", System.currentTimeMillis() / 1000.0).put("modifiedAt", System.currentTimeMillis() / 1000.0);
                if (req.hasNonNull("serviceAccountRoleArn")) body.put("serviceAccountRoleArn", req.get("serviceAccountRoleArn").asString());
                if (req.hasNonNull("configurationValues")) body.put("configurationValues", req.get("configurationValues").asString());
                body.set("tags", req.has("tags") ? req.get("tags") : JSON.createObjectNode());
                body.putObject("health").putArray("issues");
                addons.put(where + "/" + addon, new Addon(body, System.nanoTime(), new long[] {-1}, made));
                return ok(JSON.createObjectNode().set("addon", body.deepCopy()));
            }
            case "GET" -> {
                ObjectNode out = JSON.createObjectNode();
                ArrayNode names = out.putArray("addons");
                addons.forEach((k, v) -> { if (k.startsWith(where + "/") && live(k) != null) names.add(v.body().get("addonName").asString()); });
                return ok(out);
            }
            case "GET one" -> {
                return a == null ? notFound(call, name) : ok(JSON.createObjectNode().set("addon", withStatus(a)));
            }
            case "POST update" -> {
                if (a == null) return notFound(call, name);
                JsonNode req = parse(call.body());
                if (req.hasNonNull("addonVersion")) a.body().put("addonVersion", req.get("addonVersion").asString());
                if (req.hasNonNull("serviceAccountRoleArn")) a.body().put("serviceAccountRoleArn", req.get("serviceAccountRoleArn").asString());
                if (req.hasNonNull("configurationValues")) a.body().put("configurationValues", req.get("configurationValues").asString());
                a.body().put("modifiedAt", System.currentTimeMillis() / 1000.0);
                ObjectNode update = JSON.createObjectNode();
                update.putObject("update").put("id", UUID.randomUUID().toString()).put("status", "Successful")
                        .put("type", "AddonUpdate").put("createdAt", System.currentTimeMillis() / 1000.0).putArray("errors");
                return ok(update);
            }
            case "DELETE one" -> {
                if (a == null) return notFound(call, name);
                a.deletedAt()[0] = System.nanoTime();
                return ok(JSON.createObjectNode().set("addon", withStatus(a)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The add-on unless it has finished deleting. */
    private Addon live(String key) {
        Addon a = addons.get(key);
        if (a == null) return null;
        long deleted = a.deletedAt()[0];
        if (deleted >= 0 && System.nanoTime() - deleted >= profile.delete("eks_addon").toNanos()) {
            addons.remove(key);
            return null;
        }
        return a;
    }

    private ObjectNode withStatus(Addon a) {
        ObjectNode b = a.body().deepCopy();
        long now = System.nanoTime();
        if (a.deletedAt()[0] >= 0) b.put("status", "DELETING");
        else b.put("status", now - a.createdAt() < profile.create("eks_addon").toNanos() ? "CREATING" : "ACTIVE");
        return b;
    }

    private Reply versions(AwsCall call) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("addons");
        String only = call.params().get("addonName");
        String k8s = call.params().getOrDefault("kubernetesVersion", "1.30");
        CATALOG.forEach((name, version) -> {
            if (only != null && !only.equals(name)) return;
            ObjectNode a = list.addObject().put("addonName", name).put("type", "networking").put("owner", "aws");
            ObjectNode v = a.putArray("addonVersions").addObject().put("addonVersion", version).put("requiresConfiguration", false);
            v.putArray("architecture").add("amd64").add("arm64");
            v.putArray("compatibilities").addObject().put("clusterVersion", k8s).put("defaultVersion", true).putArray("platformVersions").add("*");
        });
        return ok(out).orElseThrow();
    }

    /** The cluster's createdAt as EKS (moto) reports it, or null when there is no such cluster. */
    private String clusterCreatedAt(String region, String cluster) {
        try {
            var c = eks(region).describeCluster(r -> r.name(cluster)).cluster();
            return c.createdAt() == null ? "" : c.createdAt().toString();
        } catch (software.amazon.awssdk.services.eks.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static Optional<Reply> ok(JsonNode body) {
        return Optional.of(new Reply(200, Map.of("Content-Type", List.of("application/json")),
                body.toString().getBytes(StandardCharsets.UTF_8), false));
    }

    private static Optional<Reply> notFound(AwsCall call, String name) {
        return error(call, 404, "ResourceNotFoundException", "No addon: " + name + " found in cluster.");
    }

    private static Optional<Reply> error(AwsCall call, int status, String code, String message) {
        return Optional.of(Reply.of(new AwsError(status, code, message).render(call.protocol())));
    }
}
