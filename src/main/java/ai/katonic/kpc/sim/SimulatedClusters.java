package ai.katonic.kpc.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives every EKS cluster of the emulated cloud a Kubernetes API of its own: fabric8's mock API
 * server in CRUD mode, over HTTPS on loopback with a self-signed certificate for localhost. EKS's
 * answers (DescribeCluster, CreateCluster) then carry that server's address as the endpoint and its
 * certificate as the cluster CA, so kpc reaches it exactly as it reaches a real cluster: endpoint
 * and CA from EKS, TLS verified, a bearer token from {@code kpc token}'s code (which the mock does
 * not check). A cluster deleted, or made again under the same name, gets a fresh, empty API.
 */
public final class SimulatedClusters implements Behaviour, AutoCloseable {
    /** Holds back for 15 s the API requests ("METHOD /path") the predicate names, in every simulated cluster (tests kill a client then). */
    public static void holdBack(java.util.function.Predicate<String> requests) {
        SimulatedApiDispatcher.held = requests;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One API server per cluster, keyed by name and creation time. */
    /** A cluster's API server, started in the background when the cluster is created (EKS takes minutes; starting takes a second). */
    private record Api(String createdAt, java.util.concurrent.CompletableFuture<Started> started) {
        KubernetesMockServer server() {
            return started.join().server();
        }

        String endpoint() {
            return started.join().endpoint();
        }

        String caData() {
            return started.join().caData();
        }

        void destroy() {
            started.thenAccept(s -> s.server().destroy());
        }
    }

    private record Started(KubernetesMockServer server, String endpoint, String caData) {}

    private final Map<String, Api> apis = new ConcurrentHashMap<>();

    /** Held, because java.util.logging keeps loggers weakly and a collected one forgets its level. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        // The mock server logs every request at INFO; kpc's output (and a test's) is its own.
        MOCK_LOG.setLevel(Level.WARNING);
    }

    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!call.service().equals("eks") || !reply.ok()) return reply;
        String action = call.iamAction();
        if (action.equals("eks:DeleteCluster")) {
            String name = call.path().substring(call.path().lastIndexOf('/') + 1);
            Optional.ofNullable(apis.remove(call.region() + "/" + name)).ifPresent(Api::destroy);
            return reply;
        }
        if (!action.equals("eks:DescribeCluster") && !action.equals("eks:CreateCluster")) return reply;
        try {
            JsonNode root = JSON.readTree(reply.body());
            if (!(root.path("cluster") instanceof ObjectNode cluster)) return reply;
            String arn = cluster.path("arn").asText("arn:aws:eks:us-east-1:");
            String region = arn.split(":").length > 3 ? arn.split(":")[3] : call.region();
            Api api = api(region + "/" + cluster.path("name").asText(), cluster.path("createdAt").asText(),
                    cluster.path("version").asText("1.30"), region);
            // moto gives every cluster one issuer; EKS gives each its own (and so each its own OIDC provider).
            if (cluster.path("identity").path("oidc") instanceof ObjectNode oidc) {
                oidc.put("issuer", "https://oidc.eks." + region + ".amazonaws.com/id/" + issuerId(arn, cluster.path("createdAt").asText()));
            }
            if (action.equals("eks:CreateCluster")) {
                // EKS answers a create before the control plane has an address: no endpoint, no CA yet.
                cluster.remove("endpoint");
                cluster.remove("certificateAuthority");
                return reply.withBody(JSON.writeValueAsBytes(root));
            }
            cluster.put("endpoint", api.endpoint());
            cluster.putObject("certificateAuthority").put("data", api.caData());
            return reply.withBody(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            return reply;
        }
    }

    /** 32 upper-case hex digits, as EKS's issuer ids are, the same for every answer about one cluster. */
    static String issuerId(String arn, String createdAt) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest((arn + "@" + createdAt).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().withUpperCase().formatHex(d).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cluster's API server (key: region/name), started on first sight; an earlier cluster's of the same name is dropped. */
    private Api api(String name, String createdAt, String version, String region) {
        return apis.compute(name, (n, old) -> {
            if (old != null && old.createdAt().equals(createdAt)) return old;
            if (old != null) old.destroy();
            return new Api(createdAt, java.util.concurrent.CompletableFuture.supplyAsync(() -> start(n, createdAt, version, region)));
        });
    }

    private static Started start(String name, String createdAt, String version, String region) {
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
                new SimulatedApiDispatcher(new KubernetesCrudDispatcher(), version, region, name + "@" + createdAt), true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            byte[] pem = Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath()));
            return new Started(server, "https://localhost:" + web.getPort(),
                    Base64.getEncoder().encodeToString(new String(pem, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's API server stops answering (its address refuses connections), as a cluster cut off would. */
    public void stop(String cluster) {
        apis.entrySet().stream().filter(e -> e.getKey().endsWith("/" + cluster)).map(Map.Entry::getValue).findFirst().ifPresent(Api::destroy);
    }

    /** A client-side view for tests and the demo: the API server of that cluster, if it has one. */
    public Optional<String> endpoint(String cluster) {
        return apis.entrySet().stream().filter(e -> e.getKey().endsWith("/" + cluster)).map(e -> e.getValue().endpoint()).findFirst();
    }

    @Override
    public void close() {
        apis.values().forEach(Api::destroy);
        apis.clear();
    }
}
