package ai.katonic.kpc.cli;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Moto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AWS profile as the AWS CLI reads it: its endpoint_url honoured, a profile named like a kpc
 * command usable, an unknown one said as such. kpc runs as its own process with a config file of
 * the test's own and without the suite's AWS_ENDPOINT_URL (which would win over the profile); any
 * call not to loopback would go to a closed local port through the JVM's proxy settings.
 */
@EndToEnd
class ProfileTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    record Run(int exit, String out) {}

    private Run kpc(String... args) throws Exception {
        Path awsConfig = dir.resolve("aws-config");
        Files.writeString(awsConfig, "[profile sim]\nendpoint_url = " + moto.endpoint() + "\nregion = us-east-1\n"
                + "aws_access_key_id = testing\naws_secret_access_key = testing\n\n[profile other]\nregion = eu-west-1\n");
        List<String> cmd = ai.katonic.kpc.engine.KpcProcess.command(List.of(
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-Dhttp.nonProxyHosts=127.0.0.1|localhost"), args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("AWS_CONFIG_FILE", awsConfig.toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aProfileNamedLikeACommandWithItsEndpointUrlAndAnUnknownProfile() throws Exception {
        Path config = Moto.config(dir, "profiled");
        // `sim` is also a kpc command: as --profile's value it is the profile.
        Run status = kpc("--profile", "sim", "status", "-f", config.toString());
        assertThat(status.out()).as(status.out()).contains("resources in sync").contains("not created yet")
                .doesNotContain("Unmatched").doesNotContain("could not reach AWS");
        assertThat(status.exit()).isEqualTo(1); // nothing is made yet

        Run unknown = kpc("--profile", "nosuch", "status", "-f", config.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).contains("error: no AWS profile 'nosuch' in ~/.aws/config or ~/.aws/credentials; they define: other, sim")
                .doesNotContain("network").doesNotContain("Exception");
    }
}
