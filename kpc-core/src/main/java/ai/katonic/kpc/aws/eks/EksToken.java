package ai.katonic.kpc.aws.eks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The bearer token the EKS API server accepts, built as aws-iam-authenticator and `aws eks
 * get-token` build it: an STS GetCallerIdentity URL presigned with the caller's credentials and
 * the header {@code x-k8s-aws-id: <cluster>}, base64url-encoded after {@code k8s-aws-v1.}. The
 * server calls that URL to learn who the caller is. EKS accepts a token for 15 minutes.
 */
public final class EksToken {
    public static final String PREFIX = "k8s-aws-v1.";
    /** What the presigned URL says (X-Amz-Expires); EKS itself honours a token for 15 minutes. */
    static final Duration URL_EXPIRES = Duration.ofSeconds(60);
    public static final Duration TOKEN_LIFE = Duration.ofMinutes(14);

    private EksToken() {}

    public static String create(AwsCredentialsProvider credentials, String region, String cluster, Clock clock) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("https")
                .host("sts." + region + ".amazonaws.com").encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", cluster).build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, URL_EXPIRES)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        String url = signed.request().getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    /** The ExecCredential kubectl reads from an exec credential plugin. */
    public static Map<String, Object> execCredential(String token, Clock clock) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("expirationTimestamp", Instant.now(clock).plus(TOKEN_LIFE).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        status.put("token", token);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "ExecCredential");
        m.put("apiVersion", "client.authentication.k8s.io/v1beta1");
        m.put("spec", Map.of());
        m.put("status", status);
        return m;
    }
}
