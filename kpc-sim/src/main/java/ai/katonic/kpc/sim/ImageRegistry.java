package ai.katonic.kpc.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * A container registry on loopback answering the OCI distribution API's manifest questions for the
 * images the real charts reference that still exist (Docker Hub, Quay, registry.k8s.io, ECR Public
 * and NGC as of 2026-12-01), each named {@code <registry host>/<repository>}: what
 * {@code KPC_IMAGE_REGISTRY} points kpc's image preflight at. It holds none of Bitnami's versioned
 * docker.io/bitnami tags (removed in September 2025; kept under docker.io/bitnamilegacy). A 401
 * challenge with a token service comes first, as the public registries answer anonymous clients.
 * One per process, started on first use.
 */
public final class ImageRegistry {
    /** The images that exist (registry host/repository:tag). */
    static final Set<String> HELD = Set.of(
            "public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1",
            "registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.0", "registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0",
            "registry.k8s.io/autoscaling/cluster-autoscaler:v1.32.0", "registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0",
            "registry.k8s.io/autoscaling/cluster-autoscaler:v1.34.1", "registry.k8s.io/autoscaling/cluster-autoscaler:v1.34.2",
            "registry.k8s.io/autoscaling/cluster-autoscaler:v1.35.0",
            "quay.io/tigera/operator:v1.34.0",
            "docker.io/apache/superset:2.0.1", "docker.io/apache/superset:dockerize",
            "docker.io/bitnamilegacy/postgresql:14.6.0-debian-11-r13", "docker.io/bitnamilegacy/redis:7.0.7-debian-11-r0",
            "docker.io/bitnamilegacy/kubectl:1.30",
            "docker.io/airbyte/webapp:0.40.32", "docker.io/airbyte/server:0.40.32", "docker.io/airbyte/worker:0.40.32",
            "docker.io/airbyte/cron:0.40.32", "docker.io/airbyte/connector-builder-server:0.40.32", "docker.io/airbyte/bootloader:0.40.32",
            "docker.io/airbyte/db:0.40.32", "docker.io/airbyte/temporal-auto-setup:1.13.0", "docker.io/minio/minio:latest",
            "docker.io/velero/velero:v1.14.0", "docker.io/velero/velero-plugin-for-aws:v1.10.0",
            "nvcr.io/nvidia/k8s-device-plugin:v0.18.2");

    private static String url;

    private ImageRegistry() {}

    /** The registry's http:// URL (KPC_IMAGE_REGISTRY's value). */
    public static synchronized String url() {
        if (url == null) url = start();
        return url;
    }

    private static String start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            server.createContext("/token", ex -> answer(ex, 200, "{\"token\":\"anonymous\"}"));
            server.createContext("/v2/", ex -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (!"Bearer anonymous".equals(auth)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"kpc-sim-registry\"");
                    answer(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
                    return;
                }
                String path = ex.getRequestURI().getPath();
                int m = path.lastIndexOf("/manifests/");
                if (m < 0) {
                    answer(ex, path.equals("/v2/") ? 200 : 404, "{}");
                    return;
                }
                String image = path.substring(4, m) + ":" + path.substring(m + 11);
                if (HELD.contains(image)) {
                    ex.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + sha256(image));
                    ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.index.v1+json");
                    answer(ex, 200, "{\"schemaVersion\":2,\"manifests\":[]}");
                } else {
                    answer(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "kpc-sim-registry");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) ex.getResponseBody().write(b);
        ex.close();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
