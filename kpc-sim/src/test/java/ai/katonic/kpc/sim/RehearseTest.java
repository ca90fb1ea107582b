package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kpc rehearse` on the example config: it installs, re-applies (no changes, one describe per kind) and
 * destroys on the simulator, and reports its prediction (the critical path of the modeled AWS
 * latencies) beside the wall time it measured. Here the measurement is checked to be of the model's
 * regime (never faster than the critical path, not so slow that the machine is said to be the
 * cause); the target that it comes within 5 % of the prediction is a benchmark's (bench/install, at
 * scale 1.0 in README's table), not a timed test's. Runs at time scale 0.08 (an EKS cluster takes 48 s),
 * where moto's own per-call time, which is not scaled, stays small beside the modeled waits.
 */
@EndToEnd
class RehearseTest {
    @TempDir
    Path dir;

    @Test
    void theRehearsalMeasuresTheModelsCriticalPathAndReportsIt() throws Exception {
        Path html = dir.resolve("timeline.html");
        Cli.Result r = Cli.run("rehearse", "-f", "examples/kpc.yaml", "--time-scale", "0.08", "-o", "json", "--html", html.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out());
        // the walk is never faster than the critical path, and this machine is not what set its time (1.25: the rehearsal's own limit)
        assertThat(d.get("install_ratio").asDouble()).as(r.out()).isBetween(0.95, 1.25);
        assertThat(d.get("destroy_ratio").asDouble()).as(r.out()).isBetween(0.95, 1.25);
        assertThat(d.get("predicted_install_s").asDouble()).isBetween(600.0, 1200.0);
        assertThat(d.get("critical_path").toString()).contains("eks-cluster").contains("nodegroup-");
        assertThat(d.get("noop_result").asString()).isEqualTo("no changes");
        // One identity check, then at most one describe per AWS resource kind (25 in the example).
        assertThat(d.get("noop_api_calls").asInt()).isLessThanOrEqualTo(1 + 25);
        assertThat(d.get("api_calls").get("eks").asInt()).isPositive();
        assertThat(d.get("timeline_from").asString()).isEqualTo("measured");
        assertThat(Files.readString(html)).contains("<title>kpc rehearsal of katonic-prod").contains("class='bar crit'")
                .contains("<h2>Install").contains("<h2>Destroy").contains("class='tick'").contains("Critical path (red): vpc");
    }

    /**
     * A config beside its own key file (a relative path) and a time scale so small that this machine, not
     * the model, sets the measured times: the rehearsal reads the key where the config says, keeps its
     * state out of the config's directory, and says the machine is slower instead of scaling its overhead up.
     */
    @Test
    void relativePathsHoldAndAMachineSlowerThanTheModelIsSaid() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("keys"));
        // an RSA key pair as ssh-keygen writes one: the private key in PEM beside the public key in OpenSSH format
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var kp = gen.generateKeyPair();
        var pub = (java.security.interfaces.RSAPublicKey) kp.getPublic();
        java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream w = new java.io.DataOutputStream(blob);
        for (byte[] part : new byte[][] {"ssh-rsa".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                pub.getPublicExponent().toByteArray(), pub.getModulus().toByteArray()}) {
            w.writeInt(part.length);
            w.write(part);
        }
        Files.writeString(project.resolve("keys/admin.pub"), "ssh-rsa " + java.util.Base64.getEncoder().encodeToString(blob.toByteArray()) + " admin@test\n");
        Files.writeString(project.resolve("keys/admin"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(project.resolve("keys/admin"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String example = Files.readString(Path.of("examples/kpc.yaml"));
        assertThat(example).contains("# ssh_public_key: ~/.ssh/id_ed25519.pub");
        Path config = project.resolve("kpc.yaml");
        Files.writeString(config, example.replace("# ssh_public_key: ~/.ssh/id_ed25519.pub", "ssh_public_key: keys/admin.pub"));

        Cli.Result r = Cli.run("rehearse", "-f", config.toString(), "--time-scale", "0.002");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("note: This machine ran the rehearsal [0-9.]+ times slower than the latency model")
                .contains("Install timeline (real-AWS estimate, from the model)");
        assertThat(project.resolve(".kpc")).doesNotExist();
    }
}
