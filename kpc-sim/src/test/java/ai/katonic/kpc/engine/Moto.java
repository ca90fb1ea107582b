package ai.katonic.kpc.engine;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.sim.AwsCall;
import ai.katonic.kpc.sim.EksAddons;
import ai.katonic.kpc.sim.MotoServer;
import ai.katonic.kpc.sim.SimProxy;
import ai.katonic.kpc.sim.SimulatedClusters;
import ai.katonic.kpc.sim.TransportSecurity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * One moto_server per test class (register with {@code @RegisterExtension static Moto moto = new Moto()})
 * behind the simulator's proxy with what AWS refuses or remembers that moto does not ({@code Simulator.strictAws}),
 * just what moto lacks for an install (the EKS add-on API, TLS as
 * bucket policies see it, and a Kubernetes API per cluster: {@link SimulatedClusters}), no latencies, no faults,
 * plain SDK clients for assertions, kpc run in-process against it, and the calls the proxy saw
 * read back as {@code service:Action} calls, by their IAM names.
 */
public final class Moto implements BeforeAllCallback, AfterAllCallback, KubernetesLeftInVpc.Clients {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MotoServer server;
    private SimProxy proxy;

    static {
        // kpc in-process finds credentials through the standard chain, as it would anywhere.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        // image preflight asks the simulator's registry, never a public one
        System.setProperty("kpc.imageRegistry", ai.katonic.kpc.sim.ImageRegistry.url());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // again for each class: a class before this one may have changed it
        System.setProperty("kpc.imageRegistry", ai.katonic.kpc.sim.ImageRegistry.url());
        server = MotoServer.start(false);
        try {
            proxy = new SimProxy(server.endpoint());
            ai.katonic.kpc.sim.Simulator.strictAws(server.endpoint(), "testing", "testing").forEach(proxy::with);
            proxy.with(new EksAddons(LatencyProfile.instant(), server.endpoint()))
                    .with(new TransportSecurity(server.endpoint())).with(new SimulatedClusters(server.endpoint()));
        } catch (IOException e) {
            server.close();
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) proxy.close();
        if (server != null) server.close();
    }

    public String endpoint() {
        return proxy.endpoint();
    }

    /** The simulator's proxy, to reach one of its behaviours (the EKS calendar's clock, say). */
    public SimProxy proxy() {
        return proxy;
    }

    /**
     * A Kubernetes client of the test's own for a simulated cluster, from what plain DescribeCluster
     * says (endpoint, CA), TLS verified; the simulated API takes any bearer token. Close it.
     */
    public io.fabric8.kubernetes.client.KubernetesClient kubernetes(String cluster) {
        var c = client(software.amazon.awssdk.services.eks.EksClient.builder()).describeCluster(b -> b.name(cluster)).cluster();
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                io.fabric8.kubernetes.client.Config.empty()).withMasterUrl(c.endpoint()).withCaCertData(c.certificateAuthority().data())
                .withOauthToken("test").build()).build();
    }

    /** A plain SDK client pointed at moto, for checking what kpc did without kpc's code. */
    @Override
    public <C, B extends AwsClientBuilder<B, C>> C client(B builder) {
        return client(endpoint(), builder);
    }

    /** A plain SDK client for any emulated endpoint (moto itself, or the simulator in front of it). */
    public static <C, B extends AwsClientBuilder<B, C>> C client(String endpoint, B builder) {
        return builder.region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    public Cli.Result kpc(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint-url";
        all[1] = endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    /**
     * Writes the example config with this cluster name (and a bucket named after it) into dir, with
     * {@code access.mode: direct}: moto's jump hosts have made-up public IPs and these tests reach
     * the simulated clusters' APIs directly (the tunnel has tests of its own).
     */
    public static Path config(Path dir, String clusterName) throws IOException {
        return config(dir, "kpc.yaml", clusterName, "us-east-1");
    }

    /** As {@link #config(Path, String)}, in {@code region}, written to {@code dir/fileName}. */
    public static Path config(Path dir, String fileName, String clusterName, String region) throws IOException {
        Cli.Result r = Cli.run("init", "--cluster-name", clusterName, "--region", region, "--eks-version", eksVersion(),
                "--out", dir.resolve(fileName).toString());
        if (r.exit() != 0) throw new IllegalStateException(r.err());
        Path file = dir.resolve(fileName);
        String text = Files.readString(file);
        if (!text.contains("  mode: tunnel ")) throw new IllegalStateException("the init template changed: no access.mode");
        if (!text.contains("  repository: \"\" ")) throw new IllegalStateException("the init template changed: no charts.repository");
        if (!text.contains("  allowed_cidrs: []                  # CIDRs the ALB") || !text.contains("airbyte: false}")) {
            throw new IllegalStateException("the init template changed: no domain.allowed_cidrs or apps.airbyte");
        }
        // the tests' platform has Airbyte, published only to a documentation network (RFC 5737)
        Files.writeString(file, text.replace("  mode: tunnel ", "  mode: direct ")
                .replace("  allowed_cidrs: []                  # CIDRs the ALB", "  allowed_cidrs: [\"198.51.100.0/24\"]  # CIDRs the ALB")
                .replace("airbyte: false}", "airbyte: true}")
                .replace("  repository: \"\" ", "  repository: \"" + ai.katonic.kpc.sim.ChartMirror.url() + "\" "));
        return file;
    }

    /**
     * The version the test configs name: what init writes offline today (the newest in standard support of
     * kpc's calendar), given explicitly so that init does not spend its few seconds asking an absent EKS.
     */
    public static String eksVersion() {
        return ai.katonic.kpc.aws.eks.EksVersions.newest(ai.katonic.kpc.aws.eks.EksVersions.table(
                java.time.LocalDate.now(java.time.ZoneOffset.UTC))).version();
    }

    /** The simulated cluster's API server stops answering (the cluster is cut off). */
    public void stopKubernetesApi(String cluster) {
        proxy.find(ai.katonic.kpc.sim.SimulatedClusters.class).orElseThrow().stop(cluster);
    }

    public void resetRecording() {
        proxy.forgetCalls();
    }

    /** One call: the service and its IAM action name (e.g. ec2:DescribeVpcs, eks:DescribeCluster). */
    public record Call(String service, String action, String method) {
        public boolean mutating() {
            return !(action.startsWith("Describe") || action.startsWith("List") || action.startsWith("Get"));
        }
    }

    public List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (AwsCall c : proxy.calls()) {
            String iam = c.iamAction();
            out.add(new Call(c.service(), iam.substring(iam.indexOf(':') + 1), c.method()));
        }
        return out;
    }

    public static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        Map<String, String> m = new java.util.HashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
