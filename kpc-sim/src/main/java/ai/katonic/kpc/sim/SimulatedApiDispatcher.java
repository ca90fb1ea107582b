package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client library needs from an API server beyond CRUD, in front of fabric8's CRUD dispatcher:
 * the discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/G/V}) that
 * Helm's REST mapper reads before anything else — built-in kinds from the table below plus every
 * CustomResourceDefinition stored so far — and the protobuf bodies client-go sends for built-in types,
 * translated to JSON before the CRUD dispatcher (which parses only JSON/YAML) sees them. Anything
 * else passes through unchanged; answers stay JSON, which client-go accepts whatever it asked for.
 */
final class SimulatedApiDispatcher extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** group/version, kind, plural, namespaced — the built-in kinds kpc and common charts use. */
    private static final String[] BUILT_IN = {
        "v1 Namespace namespaces -", "v1 Secret secrets ns", "v1 ConfigMap configmaps ns", "v1 Service services ns",
        "v1 ServiceAccount serviceaccounts ns", "v1 Pod pods ns", "v1 PersistentVolumeClaim persistentvolumeclaims ns",
        "v1 PersistentVolume persistentvolumes -", "v1 Endpoints endpoints ns", "v1 Event events ns", "v1 Node nodes -",
        "apps/v1 Deployment deployments ns", "apps/v1 DaemonSet daemonsets ns", "apps/v1 StatefulSet statefulsets ns",
        "apps/v1 ReplicaSet replicasets ns", "batch/v1 Job jobs ns", "batch/v1 CronJob cronjobs ns",
        "rbac.authorization.k8s.io/v1 Role roles ns", "rbac.authorization.k8s.io/v1 RoleBinding rolebindings ns",
        "rbac.authorization.k8s.io/v1 ClusterRole clusterroles -",
        "rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings -",
        "networking.k8s.io/v1 Ingress ingresses ns", "networking.k8s.io/v1 NetworkPolicy networkpolicies ns",
        "networking.k8s.io/v1 IngressClass ingressclasses -", "storage.k8s.io/v1 StorageClass storageclasses -",
        "storage.k8s.io/v1 CSIDriver csidrivers -", "policy/v1 PodDisruptionBudget poddisruptionbudgets ns",
        "apiextensions.k8s.io/v1 CustomResourceDefinition customresourcedefinitions -",
        "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration mutatingwebhookconfigurations -",
        "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration validatingwebhookconfigurations -",
        "autoscaling/v2 HorizontalPodAutoscaler horizontalpodautoscalers ns",
        "scheduling.k8s.io/v1 PriorityClass priorityclasses -", "coordination.k8s.io/v1 Lease leases ns",
    };

    private record Kind(String groupVersion, String kind, String plural, boolean namespaced, List<String> shortNames) {
        Kind(String groupVersion, String kind, String plural, boolean namespaced) {
            this(groupVersion, kind, plural, namespaced, SHORT_NAMES.getOrDefault(plural, List.of()));
        }
    }

    /** kubectl's short names, as the API server lists them (kubectl get ns, sc, deploy, svc, sa, no, ...). */
    private static final Map<String, List<String>> SHORT_NAMES = Map.ofEntries(
            Map.entry("namespaces", List.of("ns")), Map.entry("configmaps", List.of("cm")), Map.entry("services", List.of("svc")),
            Map.entry("serviceaccounts", List.of("sa")), Map.entry("pods", List.of("po")),
            Map.entry("persistentvolumeclaims", List.of("pvc")), Map.entry("persistentvolumes", List.of("pv")),
            Map.entry("endpoints", List.of("ep")), Map.entry("events", List.of("ev")), Map.entry("nodes", List.of("no")),
            Map.entry("deployments", List.of("deploy")), Map.entry("daemonsets", List.of("ds")), Map.entry("statefulsets", List.of("sts")),
            Map.entry("replicasets", List.of("rs")), Map.entry("cronjobs", List.of("cj")), Map.entry("ingresses", List.of("ing")),
            Map.entry("networkpolicies", List.of("netpol")), Map.entry("storageclasses", List.of("sc")),
            Map.entry("poddisruptionbudgets", List.of("pdb")), Map.entry("horizontalpodautoscalers", List.of("hpa")),
            Map.entry("priorityclasses", List.of("pc")), Map.entry("customresourcedefinitions", List.of("crd", "crds")));

    /** What `kubectl get all` lists. */
    private static final java.util.Set<String> IN_ALL = java.util.Set.of("pods", "services", "deployments", "daemonsets", "statefulsets",
            "replicasets", "jobs", "cronjobs", "horizontalpodautoscalers");

    private static void names(ObjectNode r, Kind k) {
        if (!k.shortNames().isEmpty()) {
            ArrayNode a = r.putArray("shortNames");
            k.shortNames().forEach(a::add);
        }
        if (IN_ALL.contains(k.plural())) r.putArray("categories").add("all");
    }

    private final KubernetesCrudDispatcher crud;
    /** Velero's server in this cluster (set once the API server listens); null: none runs. */
    volatile VeleroServer velero;
    private final String kubernetesVersion;
    private final String region;
    /** Tells this cluster's load balancers from another's: the controller's ALB names differ per cluster. */
    private final String clusterId;

    SimulatedApiDispatcher(KubernetesCrudDispatcher crud, String kubernetesVersion, String region, String clusterId) {
        this.crud = crud;
        this.kubernetesVersion = kubernetesVersion;
        this.region = region;
        this.clusterId = clusterId;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*", "");
        try {
            if (request.method() == HttpMethod.GET) {
                if (path.equals("/version")) return json(200, version());
                String accept = String.valueOf(request.getHeader("Accept"));
                if ((path.equals("/api") || path.equals("/apis")) && accept.contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")) {
                    return new MockResponse().setResponseCode(200).setHeader("Content-Type", AGGREGATED)
                            .setBody(aggregated(path.equals("/api")).toString());
                }
                Optional<JsonNode> discovery = discovery(path);
                if (discovery.isPresent()) return json(200, discovery.get());
            }
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
            if (Protobuf.isEnvelope(body)) {
                // a DELETE carries DeleteOptions, which the CRUD dispatcher does not read either way
                Optional<ObjectNode> object = request.method() == HttpMethod.DELETE
                        ? Optional.of(JSON.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1"))
                        : Protobuf.toJson(body);
                if (object.isEmpty()) {
                    return json(415, status(415, "UnsupportedMediaType", "the simulated API server reads protobuf only for Secrets and ConfigMaps"));
                }
                request = new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                        jsonHeaders(request.getHeaders()), new Buffer(JSON.writeValueAsBytes(object.get())));
            }
            if (request.method() == HttpMethod.POST) {
                Optional<MockResponse> exists = alreadyExists(request, path);
                if (exists.isPresent()) return exists.get();
            }
            hold(request.method() + " " + request.getPath());
            if ((request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) && path.matches(".*/secrets(/[^/]+)?")) {
                request = stringDataMerged(request);
            }
            if (request.method() == HttpMethod.POST && path.endsWith("/customresourcedefinitions")) request = established(request);
            if ((request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) && path.contains("/ingresses")) request = addressed(request);
            String contentType = String.valueOf(request.getHeader("Content-Type"));
            if (request.method() == HttpMethod.PATCH && contentType.startsWith("application/strategic-merge-patch+json")) {
                request = strategicAsUpdate(request, path);
            }
            MockResponse answer = crud.dispatch(request);
            if (request.method() == HttpMethod.POST && answer.code() / 100 == 2 && velero != null && answer.getBody() != null) {
                velero.created(path, answer.getBody().getBytes());
            }
            // client-go decodes an answer without a Content-Type as what it sent (protobuf); say what it is
            if (answer.header("Content-Type") == null) answer.setHeader("Content-Type", "application/json");
            return request.method() == HttpMethod.GET ? typedList(path, answer) : answer;
        } catch (IOException | RuntimeException e) {
            // An exception thrown here would leave the request unanswered (the vert.x loop swallows it).
            return json(500, status(500, "InternalError", "simulated API server: " + e));
        }
    }

    /**
     * The load balancer controller's part: an Ingress of class alb gets its ALB's address in its
     * status (named as the controller names an IngressGroup's ALB; "internal-" for an internal one).
     */
    private RecordedRequest addressed(RecordedRequest request) throws IOException {
        JsonNode ingress = JSON.readTree(request.getBody().getBytes());
        if (!(ingress instanceof ObjectNode o) || !"alb".equals(o.path("spec").path("ingressClassName").asString())) return request;
        JsonNode annotations = o.path("metadata").path("annotations");
        String group = annotations.path("alb.ingress.kubernetes.io/group.name").asString(o.path("metadata").path("name").asString());
        boolean internal = "internal".equals(annotations.path("alb.ingress.kubernetes.io/scheme").asString());
        String id = String.format("%08x", (group + internal + clusterId).hashCode());
        String hostname = (internal ? "internal-" : "") + "k8s-" + group + "-" + id + "-" + Integer.toUnsignedString((group + id).hashCode() & 0x3fffffff)
                + "." + region + ".elb.amazonaws.com";
        o.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("hostname", hostname);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), jsonHeaders(request.getHeaders()),
                new Buffer(JSON.writeValueAsBytes(o)));
    }

    /** A new CRD is at once Established, as the API server's CRD controller makes it (Helm waits for that). */
    private RecordedRequest established(RecordedRequest request) throws IOException {
        JsonNode crd = JSON.readTree(request.getBody().getBytes());
        if (!(crd instanceof ObjectNode o)) return request;
        ArrayNode conditions = o.putObject("status").putArray("conditions");
        conditions.addObject().put("type", "NamesAccepted").put("status", "True");
        conditions.addObject().put("type", "Established").put("status", "True");
        o.withObjectProperty("status").set("acceptedNames", o.path("spec").path("names"));
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), jsonHeaders(request.getHeaders()),
                new Buffer(JSON.writeValueAsBytes(o)));
    }

    /** A strategic merge patch applied here and handed on as the update (PUT) it amounts to. */
    private RecordedRequest strategicAsUpdate(RecordedRequest request, String path) throws IOException {
        MockResponse current = crud.handleGet(path);
        if (current.code() != 200 || current.getBody() == null) return request; // the CRUD dispatcher's 404 then
        JsonNode merged = StrategicMerge.apply(JSON.readTree(current.getBody().getBytes()), JSON.readTree(request.getBody().getBytes()));
        return new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, request.getPath(), jsonHeaders(request.getHeaders()),
                new Buffer(JSON.writeValueAsBytes(merged)));
    }

    static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /**
     * Aggregated discovery (apidiscovery.k8s.io/v2, GA in Kubernetes 1.30): every group's resources in
     * one answer for /apis (and one for /api), as a real 1.30 API server gives client-go — instead of
     * one request per group version, which client-go's default rate limit would slow to seconds.
     */
    private JsonNode aggregated(boolean core) throws IOException {
        ObjectNode doc = JSON.createObjectNode().put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        kinds().forEach((gv, kinds) -> {
            boolean isCore = !gv.contains("/");
            if (isCore != core) return;
            String group = isCore ? "" : gv.substring(0, gv.indexOf('/'));
            String version = isCore ? gv : gv.substring(gv.indexOf('/') + 1);
            ObjectNode g = groups.computeIfAbsent(group, n -> {
                ObjectNode item = items.addObject();
                item.putObject("metadata").put("name", n);
                item.putArray("versions");
                return item;
            });
            ObjectNode v = ((ArrayNode) g.get("versions")).addObject().put("version", version).put("freshness", "Current");
            ArrayNode resources = v.putArray("resources");
            for (Kind k : kinds) {
                ObjectNode r = resources.addObject().put("resource", k.plural()).put("singularResource", k.kind().toLowerCase(java.util.Locale.ROOT))
                        .put("scope", k.namespaced() ? "Namespaced" : "Cluster");
                r.putObject("responseKind").put("group", group).put("version", version).put("kind", k.kind());
                names(r, k);
                ArrayNode verbs = r.putArray("verbs");
                for (String verb : List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")) verbs.add(verb);
            }
        });
        return doc;
    }

    private JsonNode version() {
        String minor = kubernetesVersion.substring(kubernetesVersion.indexOf('.') + 1);
        return JSON.createObjectNode().put("major", "1").put("minor", minor).put("gitVersion", "v" + kubernetesVersion + ".0")
                .put("platform", "linux/amd64");
    }

    /**
     * The CRUD dispatcher answers every collection as {@code kind: List}; client-go decodes a typed list
     * (SecretList, ...) only under its own kind and otherwise sees no items — Helm would find no releases.
     */
    private MockResponse typedList(String path, MockResponse answer) throws IOException {
        if (answer.code() != 200 || answer.getBody() == null) return answer;
        String[] parts = path.split("/");
        // /api/v1[/namespaces/NS]/PLURAL  or  /apis/G/V[/namespaces/NS]/PLURAL
        int versionEnd = path.startsWith("/api/") ? 3 : path.startsWith("/apis/") ? 4 : -1;
        if (versionEnd < 0 || !(parts.length == versionEnd + 1 || parts.length == versionEnd + 3 && parts[versionEnd].equals("namespaces"))) {
            return answer;
        }
        String gv = String.join("/", java.util.Arrays.copyOfRange(parts, 2, versionEnd));
        String plural = parts[parts.length - 1];
        Optional<Kind> kind = kinds().getOrDefault(gv, List.of()).stream().filter(k -> k.plural().equals(plural)).findFirst();
        JsonNode body = JSON.readTree(answer.getBody().getBytes());
        if (kind.isEmpty() || !(body instanceof ObjectNode list) || !"List".equals(list.path("kind").asString())) return answer;
        list.put("kind", kind.get().kind() + "List").put("apiVersion", gv);
        return answer.setBody(list.toString());
    }

    private Optional<JsonNode> discovery(String path) throws IOException {
        Map<String, List<Kind>> byGroupVersion = kinds();
        if (path.equals("/api")) {
            ObjectNode doc = JSON.createObjectNode().put("kind", "APIVersions");
            doc.putArray("versions").add("v1");
            doc.putArray("serverAddressByClientCIDRs");
            return Optional.of(doc);
        }
        if (path.equals("/apis")) {
            ObjectNode doc = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = doc.putArray("groups");
            byGroupVersion.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
                ObjectNode version = JSON.createObjectNode().put("groupVersion", gv).put("version", gv.substring(gv.indexOf('/') + 1));
                ObjectNode group = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
                group.putArray("versions").add(version);
                group.set("preferredVersion", version);
            });
            return Optional.of(doc);
        }
        String gv = path.startsWith("/api/") ? path.substring(5) : path.startsWith("/apis/") ? path.substring(6) : null;
        if (gv == null || !byGroupVersion.containsKey(gv)) return Optional.empty();
        ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
        ArrayNode resources = doc.putArray("resources");
        for (Kind k : byGroupVersion.get(gv)) {
            ObjectNode r = resources.addObject().put("name", k.plural()).put("singularName", k.kind().toLowerCase(java.util.Locale.ROOT))
                    .put("namespaced", k.namespaced()).put("kind", k.kind());
            names(r, k);
            ArrayNode verbs = r.putArray("verbs");
            for (String verb : List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")) verbs.add(verb);
        }
        return Optional.of(doc);
    }

    /** The built-in table plus what the stored CustomResourceDefinitions declare (Helm installs CRDs, then rediscovers). */
    private Map<String, List<Kind>> kinds() throws IOException {
        Map<String, List<Kind>> out = new LinkedHashMap<>();
        for (String line : BUILT_IN) {
            String[] p = line.split(" ");
            out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(new Kind(p[0], p[1], p[2], p[3].equals("ns")));
        }
        MockResponse crds = crud.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        if (crds.code() != 200 || crds.getBody() == null) return out;
        for (JsonNode crd : JSON.readTree(crds.getBody().getBytes()).path("items")) {
            JsonNode spec = crd.path("spec");
            for (JsonNode version : spec.path("versions")) {
                String gv = spec.path("group").asString() + "/" + version.path("name").asString();
                List<String> shorts = new ArrayList<>();
                spec.path("names").path("shortNames").forEach(n -> shorts.add(n.asString()));
                out.computeIfAbsent(gv, k -> new ArrayList<>()).add(new Kind(gv, spec.path("names").path("kind").asString(),
                        spec.path("names").path("plural").asString(), spec.path("scope").asString().equals("Namespaced"), List.copyOf(shorts)));
            }
        }
        return out;
    }

    private static Headers jsonHeaders(Headers original) {
        Headers.Builder builder = Headers.builder();
        original.toMultimap().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) values.forEach(v -> builder.add(name, v));
        });
        return builder.add("Content-Type", "application/json").build();
    }

    /**
     * A create of a name that exists is answered as an API server does: 409 AlreadyExists with the
     * object's group, kind and name (Helm skips a chart's CRDs that exist only on this answer).
     */
    private Optional<MockResponse> alreadyExists(RecordedRequest request, String path) throws IOException {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (body.length == 0) return Optional.empty();
        JsonNode object;
        try {
            object = JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException notJson) {
            return Optional.empty();
        }
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty()) return Optional.empty();
        RecordedRequest get = new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path + "/" + name, request.getHeaders(), new Buffer());
        if (crud.dispatch(get).code() != 200) return Optional.empty();
        String[] parts = path.split("/");
        String resource = parts[parts.length - 1];
        String group = path.startsWith("/apis/") ? parts[2] : "";
        ObjectNode s = status(409, "AlreadyExists", resource + (group.isEmpty() ? "" : "." + group) + " \"" + name + "\" already exists");
        s.putObject("details").put("name", name).put("group", group).put("kind", resource);
        return Optional.of(json(409, s));
    }

    /** A Secret's stringData written into its data, base64, as the API server stores it (stringData is write-only). */
    private static RecordedRequest stringDataMerged(RecordedRequest request) throws IOException {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException notJson) {
            return request;
        }
        if (!(n instanceof ObjectNode secret) || !secret.has("stringData")) return request;
        ObjectNode data = secret.has("data") && secret.get("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
        secret.get("stringData").properties().forEach(e -> data.put(e.getKey(),
                java.util.Base64.getEncoder().encodeToString(e.getValue().asString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        secret.remove("stringData");
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), jsonHeaders(request.getHeaders()),
                new Buffer(JSON.writeValueAsBytes(secret)));
    }

    /** Requests a test holds back (method and path), to kill a client in the middle of what it does. */
    static volatile java.util.function.Predicate<String> held = r -> false;

    /** Up to 15 s, or until the test lets go (sets another predicate): the server answers nothing meanwhile. */
    private static void hold(String request) {
        java.util.function.Predicate<String> now = held;
        if (!now.test(request)) return;
        long until = System.nanoTime() + 15_000_000_000L;
        try {
            while (held == now && System.nanoTime() < until) Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode status(int code, String reason, String message) {
        return JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("reason", reason).put("message", message).put("code", code);
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body.toString());
    }
}
