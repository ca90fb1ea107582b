package ai.katonic.kpc.engine;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.sim.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * One moto_server per test class (register with {@code @RegisterExtension static Moto moto = new Moto()}),
 * plain SDK clients for assertions, kpc run in-process against it, and moto's request recording
 * read back as {@code service:Action} calls.
 */
public final class Moto implements BeforeAllCallback, AfterAllCallback, KubernetesLeftInVpc.Clients {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MotoServer server;

    static {
        // kpc in-process finds credentials through the standard chain, as it would anywhere.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MotoServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
    }

    public String endpoint() {
        return server.endpoint();
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

    /** Writes the example config with this cluster name (and a bucket named after it) into dir. */
    public static Path config(Path dir, String clusterName) throws IOException {
        Cli.Result r = Cli.run("init", "--cluster-name", clusterName, "--out", dir.resolve("kpc.yaml").toString());
        if (r.exit() != 0) throw new IllegalStateException(r.err());
        return dir.resolve("kpc.yaml");
    }

    public void resetRecording() throws IOException {
        Files.write(server.recording(), new byte[0]);
    }

    /** One recorded request: the service and action (e.g. ec2:DescribeVpcs, eks:POST /clusters). */
    public record Call(String service, String action, String method) {
        public boolean mutating() {
            if (action.startsWith("REST ")) return !method.equals("GET") && !method.equals("HEAD");
            return !(action.startsWith("Describe") || action.startsWith("List") || action.startsWith("Get"));
        }
    }

    public List<Call> calls() throws IOException {
        List<Call> out = new ArrayList<>();
        for (String line : Files.readAllLines(server.recording())) {
            if (line.isBlank()) continue;
            JsonNode e = JSON.readTree(line);
            String method = e.path("method").asText();
            JsonNode headers = e.path("headers");
            String auth = headers.path("Authorization").asText(headers.path("authorization").asText());
            String service = auth.replaceAll(".*Credential=[^/]*/[^/]*/[^/]*/([^/]*)/.*", "$1");
            String target = headers.path("X-Amz-Target").asText("");
            String body = e.path("body").asText("");
            if (e.path("body_encoded").asBoolean()) body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            String action = null;
            if (!target.isEmpty()) action = target.substring(target.lastIndexOf('.') + 1);
            for (String kv : body.split("&")) {
                if (action == null && kv.startsWith("Action=")) action = URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8);
            }
            if (action == null) action = "REST " + method + " " + URI.create(e.path("url").asText()).getPath();
            out.add(new Call(service, action, method));
        }
        return out;
    }

    public static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        Map<String, String> m = new java.util.HashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
