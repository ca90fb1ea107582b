package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eks.model.Cluster;

@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        header = "Write a kubeconfig for the cluster whose credential plugin is `kpc token`.",
        description = {"Write a kubeconfig (mode 0600) for the cluster: its endpoint and CA from EKS, and a user whose",
                "credential plugin is `kpc token`. The endpoint is private: use it from inside the VPC (the jump host)."})
final class KubeconfigCommand extends ClusterCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: .kpc/<region>/<cluster_name>/kubeconfig beside the config).")
    Path out;

    @Override
    public Integer call() {
        try (Session s = session()) {
            String name = s.config.clusterName();
            Cluster c = cluster(s);
            Path file = out != null ? out : s.store.localDir().resolve("kubeconfig");
            write(file, document(c, name, s.aws.region(), root().profile));
            out().println("wrote " + file + " (mode 0600)");
            out().println("export KUBECONFIG=" + file.toAbsolutePath());
        }
        return 0;
    }

    /** The cluster as EKS describes it, with an endpoint and a CA, or a clear failure. */
    static Cluster cluster(Session s) {
        String name = s.config.clusterName();
        Cluster c;
        try {
            c = s.aws.eks().describeCluster(r -> r.name(name)).cluster();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new KpcException.OperationFailed("no EKS cluster " + name + " in " + s.aws.region() + "; run `kpc apply` first");
            }
            throw e;
        }
        if (c.endpoint() == null || c.certificateAuthority() == null || c.certificateAuthority().data() == null) {
            throw new KpcException.OperationFailed("EKS cluster " + name + " is " + c.statusAsString()
                    + " and has no endpoint yet; run `kpc apply` to finish it");
        }
        return c;
    }

    static Map<String, Object> document(Cluster c, String name, String region, String profile) {
        return document(c, name, region, profile, null);
    }

    /** {@code proxyUrl}: kubectl's proxy-url for the cluster (kpc's tunnel), or null. */
    static Map<String, Object> document(Cluster c, String name, String region, String profile, String proxyUrl) {
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
    static void write(Path file, Map<String, Object> doc) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
            Files.writeString(tmp, yaml.writeValueAsString(doc));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KpcException.OperationFailed("cannot write the kubeconfig to " + file + ": " + e.getMessage());
        }
    }
}
