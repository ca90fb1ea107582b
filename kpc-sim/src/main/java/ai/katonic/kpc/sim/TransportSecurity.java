package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bucket policies that deny requests without TLS ({@code aws:SecureTransport} false). moto cannot
 * tell TLS from plain HTTP, so it applies such a Deny to every object request; on AWS, kpc and the
 * tools it stands for always use TLS and never meet it. Each call to the emulated cloud stands for
 * a TLS call to AWS, so this behaviour gives moto the policy without its TLS-only statements and
 * answers GetBucketPolicy with the policy as it was written.
 */
public final class TransportSecurity implements Behaviour, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> written = new ConcurrentHashMap<>();
    private volatile S3Client s3;
    private final URI upstream;

    public TransportSecurity(String upstreamEndpoint) {
        this.upstream = URI.create(upstreamEndpoint);
        admin(Simulator.ACCESS_KEY, Simulator.SECRET_KEY);
    }

    /** The keys it writes moto's copy with, when moto's IAM enforcement is on. */
    public TransportSecurity admin(String key, String secret) {
        S3Client previous = s3;
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(upstream).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
        if (previous != null) previous.close();
        return this;
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (!call.service().equals("s3") || !call.params().containsKey("policy")) return Optional.empty();
        String bucket = call.path().replaceAll("^/+", "").replaceAll("/.*$", "");
        switch (call.method()) {
            case "PUT" -> {
                JsonNode policy;
                try {
                    policy = JSON.readTree(call.body());
                } catch (Exception e) {
                    return Optional.empty(); // moto answers a malformed policy as S3 would
                }
                if (!(policy.path("Statement") instanceof ArrayNode statements)) return Optional.empty();
                ArrayNode kept = JSON.createArrayNode();
                statements.forEach(s -> { if (!s.path("Condition").toString().contains("aws:SecureTransport")) kept.add(s); });
                if (kept.size() == statements.size()) return Optional.empty();
                if (kept.isEmpty()) s3.deleteBucketPolicy(r -> r.bucket(bucket));
                else s3.putBucketPolicy(r -> r.bucket(bucket).policy(((ObjectNode) policy.deepCopy()).set("Statement", kept).toString()));
                written.put(bucket, call.body());
                return Optional.of(new Reply(204, Map.of(), new byte[0], false));
            }
            case "GET" -> {
                String p = written.get(bucket);
                return p == null ? Optional.empty() : Optional.of(new Reply(200, Map.of("Content-Type", List.of("application/json")),
                        p.getBytes(StandardCharsets.UTF_8), false));
            }
            case "DELETE" -> {
                written.remove(bucket);
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    @Override
    public Reply after(AwsCall call, Reply reply) {
        // A bucket deleted takes its policy with it.
        if (call.service().equals("s3") && call.method().equals("DELETE") && call.params().isEmpty() && reply.ok()
                && call.path().replaceAll("^/+", "").indexOf('/') < 0) {
            written.remove(call.path().replaceAll("^/+", ""));
        }
        return reply;
    }

    @Override
    public void close() {
        s3.close();
    }
}
