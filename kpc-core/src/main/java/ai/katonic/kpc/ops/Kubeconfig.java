package ai.katonic.kpc.ops;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * A kubeconfig for the cluster: its endpoint and CA as EKS describes them, and a user whose credential
 * plugin is {@code kpc token}; written 0600, atomically. {@code kpc kubeconfig} and {@code kpc tunnel} use it.
 */
public final class Kubeconfig {
    private Kubeconfig() {}

    /** The cluster as EKS describes it, with an endpoint and a CA, or a clear failure. */
    public static Cluster cluster(AwsClients aws, String name) {
        Cluster c;
        try {
            c = aws.eks().describeCluster(r -> r.name(name)).cluster();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new KpcException.OperationFailed("no EKS cluster " + name + " in " + aws.region() + "; run `kpc apply` first");
            }
            throw e;
        }
        if (c.endpoint() == null || c.certificateAuthority() == null || c.certificateAuthority().data() == null) {
            throw new KpcException.OperationFailed("EKS cluster " + name + " is " + c.statusAsString()
                    + " and has no endpoint yet; run `kpc apply` to finish it");
        }
        return c;
    }

    public static Map<String, Object> document(Cluster c, String name, String region, String profile) {
        return document(c, name, region, profile, null);
    }

    /** {@code proxyUrl}: kubectl's proxy-url for the cluster (kpc's tunnel), or null. */
    public static Map<String, Object> document(Cluster c, String name, String region, String profile, String proxyUrl) {
        List<String> args = new ArrayList<>(List.of("token", "--cluster", name, "--region", region));
        if (profile != null) args.addAll(List.of("--profile", profile));
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", "client.authentication.k8s.io/v1beta1");
        exec.put("command", System.getProperty("kpc.launcher", "kpc"));
        exec.put("args", args);
        exec.put("interactiveMode", "Never");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "v1");
        doc.put("kind", "Config");
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", c.endpoint());
        cluster.put("certificate-authority-data", c.certificateAuthority().data());
        if (proxyUrl != null) cluster.put("proxy-url", proxyUrl);
        doc.put("clusters", List.of(Map.of("name", c.arn(), "cluster", cluster)));
        doc.put("contexts", List.of(Map.of("name", name, "context", Map.of("cluster", c.arn(), "user", name + "-kpc"))));
        doc.put("current-context", name);
        doc.put("users", List.of(Map.of("name", name + "-kpc", "user", Map.of("exec", exec))));
        return doc;
    }

    /** Written to a 0600 file beside the target and moved over it: never readable by others, never half-written. */
    public static void write(Path file, Map<String, Object> doc) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, ai.katonic.kpc.runtime.Jackson.YAML.writeValueAsString(doc));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KpcException.OperationFailed("cannot write the kubeconfig to " + file + ": " + e.getMessage());
        }
    }
}
