package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * `kpc kubeconfig` writes the cluster's endpoint and CA as EKS reports them, in a 0600 file whose
 * user runs `kpc token`; `kpc token` prints an ExecCredential whose token is a presigned STS
 * GetCallerIdentity URL for this cluster, checked here by recomputing its SigV4 signature with
 * the JDK's HMAC, independently of the SDK that made it.
 */
@EndToEnd
class KubeconfigAndTokenTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void kubeconfigPointsAtTheClusterAndRunsKpcToken() throws Exception {
        Path config = Moto.config(dir, "kube");
        Cli.Result none = moto.kpc("kubeconfig", "-f", config.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no EKS cluster kube in us-east-1; run `kpc apply` first");

        var cluster = moto.client(EksClient.builder()).createCluster(b -> b.name("kube").roleArn("arn:aws:iam::123456789012:role/kube-cluster")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-1", "subnet-2"))).cluster();
        Cli.Result r = moto.kpc("kubeconfig", "-f", config.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        Path file = dir.resolve(".kpc/us-east-1/kube/kubeconfig");
        assertThat(r.out()).contains("export KUBECONFIG=" + file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode kc = new YAMLMapper().readTree(file.toFile());
        var described = moto.client(EksClient.builder()).describeCluster(b -> b.name("kube")).cluster();
        assertThat(kc.at("/clusters/0/cluster/server").asString()).isEqualTo(described.endpoint());
        assertThat(kc.at("/clusters/0/cluster/certificate-authority-data").asString()).isEqualTo(described.certificateAuthority().data());
        assertThat(kc.at("/clusters/0/name").asString()).isEqualTo(cluster.arn());
        assertThat(kc.at("/current-context").asString()).isEqualTo("kube");
        JsonNode exec = kc.at("/users/0/user/exec");
        assertThat(exec.get("apiVersion").asString()).isEqualTo("client.authentication.k8s.io/v1beta1");
        assertThat(exec.get("args").toString()).isEqualTo("[\"token\",\"--cluster\",\"kube\",\"--region\",\"us-east-1\"]");
    }

    @Test
    void tokenIsAPresignedStsUrlForTheCluster() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        Cli.Result r = Cli.run("token", "--cluster", "kube", "--region", "eu-west-1");
        assertThat(r.exit()).as(r.all()).isZero();
        JsonNode cred = new ObjectMapper().readTree(r.out());
        assertThat(cred.get("kind").asString()).isEqualTo("ExecCredential");
        Instant expires = Instant.parse(cred.at("/status/expirationTimestamp").asString());
        assertThat(expires).isBetween(before.plusSeconds(13 * 60), Instant.now().plusSeconds(15 * 60));
        String token = cred.at("/status/token").asString();
        assertThat(token).startsWith("k8s-aws-v1.");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())), StandardCharsets.UTF_8));
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");

        Map<String, String> q = new TreeMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        assertThat(q).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256").containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-SignedHeaders", "host;x-k8s-aws-id");
        String date = q.get("X-Amz-Date");
        String scope = date.substring(0, 8) + "/eu-west-1/sts/aws4_request";
        assertThat(q.get("X-Amz-Credential")).isEqualTo("testing/" + scope); // Moto's credentials, as the chain found them

        // SigV4 by hand: canonical request, string to sign, signing key, signature.
        StringBuilder canonicalQuery = new StringBuilder();
        q.forEach((k, v) -> {
            if (k.equals("X-Amz-Signature")) return;
            if (canonicalQuery.length() > 0) canonicalQuery.append('&');
            canonicalQuery.append(encode(k)).append('=').append(encode(v));
        });
        String canonical = "GET\n/\n" + canonicalQuery + "\nhost:sts.eu-west-1.amazonaws.com\nx-k8s-aws-id:kube\n\nhost;x-k8s-aws-id\n"
                + hex(sha256(new byte[0]));
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + "testing").getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
        for (String part : new String[] {"eu-west-1", "sts", "aws4_request"}) key = hmac(key, part);
        assertThat(q.get("X-Amz-Signature")).isEqualTo(hex(hmac(key, toSign)));
    }

    @Test
    void tokenWithoutARegionIsAUsageError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null, "AWS_REGION gives the region");
        Cli.Result r = Cli.run("token", "--cluster", "kube");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("give --region");
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] in) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(in);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
