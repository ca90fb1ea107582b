package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
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
import java.util.List;
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
    /** Holds back for 15 s the API requests ("METHOD /path?query") the predicate names, in every simulated cluster (tests kill a client then). */
    public static void holdBack(java.util.function.Predicate<String> requests) {
        SimulatedApiDispatcher.held = requests;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cluster's API server, started in the background when the cluster is created (EKS takes minutes; starting takes a second). */
    private record Api(String createdAt, java.util.concurrent.CompletableFuture<Started> started,
            java.util.concurrent.atomic.AtomicBoolean stopped) {
        Api(String createdAt, java.util.concurrent.CompletableFuture<Started> started) {
            this(createdAt, started, new java.util.concurrent.atomic.AtomicBoolean());
        }

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
            stopped.set(true);
            started.thenAccept(s -> {
                s.velero().close();
                s.server().destroy();
            });
        }
    }

    private record Started(KubernetesMockServer server, String endpoint, String caData, VeleroServer velero) {}

    /** One API server per cluster, keyed by region and name (an Api knows its cluster's creation time). */
    private final Map<String, Api> apis = new ConcurrentHashMap<>();

    /** Where each cluster's simulated Velero server writes its backups (moto's S3); null: no Velero server runs. */
    private final String s3Endpoint;

    public SimulatedClusters(String s3Endpoint) {
        this.s3Endpoint = s3Endpoint;
    }

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
        if (action.equals("eks:CreateNodegroup") || action.equals("eks:DeleteNodegroup")) {
            nodes(call, action.equals("eks:CreateNodegroup"));
            return reply;
        }
        if (!action.equals("eks:DescribeCluster") && !action.equals("eks:CreateCluster")) return reply;
        try {
            JsonNode root = JSON.readTree(reply.body());
            if (!(root.path("cluster") instanceof ObjectNode cluster)) return reply;
            String arn = cluster.path("arn").asString("arn:aws:eks:us-east-1:");
            String region = arn.split(":").length > 3 ? arn.split(":")[3] : call.region();
            Api api = api(region + "/" + cluster.path("name").asString(), cluster.path("createdAt").asString(),
                    cluster.path("version").asString("1.30"), region);
            // moto gives every cluster one issuer; EKS gives each its own (and so each its own OIDC provider).
            if (cluster.path("identity").path("oidc") instanceof ObjectNode oidc) {
                oidc.put("issuer", "https://oidc.eks." + region + ".amazonaws.com/id/" + issuerId(arn, cluster.path("createdAt").asString()));
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
        } catch (tools.jackson.core.JacksonException e) {
            return reply;
        }
    }

    /** vCPUs and GiB of memory of the instance types kpc's examples use (EC2's instance type pages); others get 4/16. */
    private static final Map<String, int[]> SIZES = Map.of("m5.2xlarge", new int[] {8, 32}, "m5.4xlarge", new int[] {16, 64},
            "r5.xlarge", new int[] {4, 32}, "g4dn.xlarge", new int[] {4, 16}, "t3.medium", new int[] {2, 4}, "m5.xlarge", new int[] {4, 16});

    /**
     * A node group's nodes as Nodes of its cluster (desired size of them), with the group's labels and taints as
     * EKS sets them, the instance's capacity, and one {@code nvidia.com/gpu} on GPU instances running the NVIDIA
     * image (what its device plugin advertises); gone with the group.
     */
    private void nodes(AwsCall call, boolean create) {
        String[] parts = call.path().split("/");
        if (parts.length < 4) return;
        String cluster = parts[2];
        Api api = apis.get(call.region() + "/" + cluster);
        // a cluster cut off shows no node changes (asking its stopped server would sit out the client's retries)
        if (api == null || api.stopped().get()) return;
        try (io.fabric8.kubernetes.client.KubernetesClient k = api.server().createClient()) {
            if (!create) {
                String group = parts.length > 4 ? parts[4] : "";
                k.nodes().withLabel("eks.amazonaws.com/nodegroup", group).delete();
                return;
            }
            JsonNode req = JSON.readTree(call.body());
            String group = req.path("nodegroupName").asString();
            String type = req.path("instanceTypes").path(0).asString("m5.xlarge");
            String ami = req.path("amiType").asString("AL2023_x86_64_STANDARD");
            int[] size = SIZES.getOrDefault(type, new int[] {4, 16});
            boolean gpu = ami.contains("NVIDIA") && type.matches("[gp]\\d.*");
            for (int i = 0; i < req.path("scalingConfig").path("desiredSize").asInt(0); i++) {
                String name = "ip-10-0-" + (Math.abs(group.hashCode()) % 200) + "-" + (10 + i) + "." + call.region() + ".compute.internal";
                var b = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(name)
                        .addToLabels("eks.amazonaws.com/nodegroup", group).addToLabels("node.kubernetes.io/instance-type", type)
                        .addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/hostname", name)
                        .addToLabels("eks.amazonaws.com/nodegroup-image", ami).endMetadata();
                req.path("labels").properties().forEach(e -> b.editMetadata().addToLabels(e.getKey(), e.getValue().asString()).endMetadata());
                var spec = b.withNewSpec();
                for (JsonNode t : req.path("taints")) {
                    spec.addNewTaint().withKey(t.path("key").asString()).withValue(t.path("value").asString(null))
                            .withEffect(switch (t.path("effect").asString()) {
                                case "NO_EXECUTE" -> "NoExecute";
                                case "PREFER_NO_SCHEDULE" -> "PreferNoSchedule";
                                default -> "NoSchedule";
                            }).endTaint();
                }
                spec.endSpec();
                Map<String, io.fabric8.kubernetes.api.model.Quantity> capacity = new java.util.LinkedHashMap<>();
                capacity.put("cpu", new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(size[0])));
                capacity.put("memory", new io.fabric8.kubernetes.api.model.Quantity(size[1] + "Gi"));
                capacity.put("pods", new io.fabric8.kubernetes.api.model.Quantity("58"));
                if (gpu) capacity.put("nvidia.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("1"));
                b.withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .withNewNodeInfo().withKubeletVersion("v" + req.path("version").asString("1.35") + ".0-eks").withOsImage("Amazon Linux 2023")
                        .withArchitecture("amd64").withOperatingSystem("linux").endNodeInfo().endStatus();
                k.nodes().resource(b.build()).create();
            }
        } catch (RuntimeException e) {
            // the simulated cluster shows no nodes for this group; kpc reads none
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

    /**
     * What a simulated cluster's API server answers with, without EKS or moto around it (a kind's fast test):
     * fabric8's CRUD mock behind the discovery documents, {@code /version}, CRDs made Established and Helm's
     * protobuf bodies and strategic merge patches, as every simulated cluster's.
     */
    public static io.fabric8.mockwebserver.http.Dispatcher apiDispatcher(String kubernetesVersion, String region, String clusterId) {
        return new SimulatedApiDispatcher(new KubernetesCrudDispatcher(), kubernetesVersion, region, clusterId);
    }

    /** The cluster's API server (key: region/name), started on first sight; an earlier cluster's of the same name is dropped. */
    private Api api(String name, String createdAt, String version, String region) {
        return apis.compute(name, (n, old) -> {
            if (old != null && old.createdAt().equals(createdAt)) return old;
            if (old != null) old.destroy();
            return new Api(createdAt, java.util.concurrent.CompletableFuture.supplyAsync(() -> start(n, createdAt, version, region, s3Endpoint)));
        });
    }

    private static Started start(String name, String createdAt, String version, String region, String s3Endpoint) {
        MockWebServer web = new MockWebServer();
        SimulatedApiDispatcher dispatcher = new SimulatedApiDispatcher(new KubernetesCrudDispatcher(), version, region, name + "@" + createdAt);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        VeleroServer velero = new VeleroServer(server::createClient, s3Endpoint, region);
        dispatcher.velero = velero;
        // what every API server has before anyone writes to it
        try (io.fabric8.kubernetes.client.KubernetesClient k = server.createClient()) {
            for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
                k.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                        .addToLabels("kubernetes.io/metadata.name", ns).endMetadata().build()).create();
            }
        }
        try {
            byte[] pem = Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath()));
            return new Started(server, "https://localhost:" + web.getPort(),
                    Base64.getEncoder().encodeToString(new String(pem, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII)), velero);
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
