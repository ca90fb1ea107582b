package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.LatencyProfile;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Moto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches what kpc prints or writes: kpc runs as its own process, its credentials
 * recognisable fakes in the environment (the simulator takes any), through plan, apply (which
 * generates the jump host's SSH key), status, kubeconfig, token, destroy and the demo; then every byte of output
 * and every file under its directory is searched for the secret key, the session token and the
 * private key's body. The key file itself is the one place the private key may be, readable only
 * by its owner, as the state is.
 */
@EndToEnd
class SecretScanTest {
    private static final String ACCESS_KEY = "AKIAKPCSCANFAKE00001";
    private static final String SECRET = "kpcScanFakeSecret/0123456789+abcdefghijKLMNOP";
    private static final String TOKEN = "kpcScanFakeSessionTokenIQoJb3JpZ2luX2VjEXAMPLE0123456789";

    @TempDir
    Path dir;

    private String kpc(StringBuilder transcript, String... args) throws Exception {
        List<String> cmd = ai.katonic.kpc.engine.KpcProcess.command(List.of(), args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        env.put("AWS_SESSION_TOKEN", TOKEN);
        env.put("KPC_TIME_SCALE", "0.01");
        env.put("KPC_DEBUG", "1"); // the most kpc ever prints
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        transcript.append(out);
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Test
    void noSecretInAnythingKpcPrintsOrWrites() throws Exception {
        Path config = Moto.config(dir, "scan");
        StringBuilder printed = new StringBuilder();
        try (Simulator sim = Simulator.start(LatencyProfile.instant(), null, 3)) {
            String e = sim.endpoint();
            assertThat(kpc(printed, "plan", "-f", config.toString(), "-o", "json", "--endpoint-url", e)).startsWith("exit 0");
            assertThat(kpc(printed, "apply", "-f", config.toString(), "--yes", "--endpoint-url", e)).startsWith("exit 0");
            assertThat(kpc(printed, "status", "-f", config.toString(), "-o", "json", "--endpoint-url", e)).startsWith("exit 0");
            // A failure's message too: a wrong endpoint makes every call fail.
            assertThat(kpc(printed, "status", "-f", config.toString(), "--endpoint-url", "http://127.0.0.1:9")).doesNotStartWith("exit 0");
            Path key = dir.resolve(".kpc/us-east-1/scan/jump-host.pem");
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dir.resolve(".kpc/us-east-1/scan/state.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String pem = Files.readString(key);
            assertThat(pem).contains("PRIVATE KEY");
            String keyBody = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

            assertThat(kpc(printed, "kubeconfig", "-f", config.toString(), "--endpoint-url", e)).startsWith("exit 0");
            assertThat(Files.getPosixFilePermissions(dir.resolve(".kpc/us-east-1/scan/kubeconfig"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            // The token is a credential: printed where kubectl asks for it, and nowhere else.
            StringBuilder tokenOut = new StringBuilder();
            assertThat(kpc(tokenOut, "token", "--cluster", "scan", "--region", "us-east-1")).startsWith("exit 0");
            String token = tokenOut.toString().replaceAll("(?s).*\"token\" : \"([^\"]+)\".*", "$1");
            assertThat(token).startsWith("k8s-aws-v1.");

            assertThat(kpc(printed, "destroy", "-f", config.toString(), "--yes", "--delete-backups", "--endpoint-url", e)).startsWith("exit 0");
            assertThat(kpc(printed, "demo")).startsWith("exit 0");

            List<String> secrets = List.of(ACCESS_KEY, SECRET, TOKEN, keyBody, token);
            for (String s : secrets) assertThat(printed.toString()).as("kpc's output").doesNotContain(s);
            // Nor do the libraries speak for kpc (logging bridges, Netty, the simulated cluster's servers).
            assertThat(printed.toString()).as("kpc's output").doesNotContain("SLF4J").doesNotContain("SEVERE");
            List<Path> files;
            try (var walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).filter(f -> !f.equals(key)).toList();
            }
            assertThat(files).as("state, lock and whatever else kpc wrote").isNotEmpty();
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) assertThat(text).as(f.toString()).doesNotContain(s);
            }
        }
    }
}
