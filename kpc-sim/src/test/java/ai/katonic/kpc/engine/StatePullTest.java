package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Apply copies the state and config into the backup bucket; with `.kpc/` lost, `kpc state pull`
 * brings the state back and `kpc status` finds everything in sync again, without adopting by tag.
 */
@EndToEnd
class StatePullTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void aLostStateIsPulledBackFromTheBackupBucket() throws Exception {
        Path config = Moto.config(dir, "pull");
        Cli.Result apply = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(apply.exit()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("State and config copied to s3://pull-backups/kpc/pull/");
        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        Path state = dir.resolve(".kpc/us-east-1/pull/state.json");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("pull-backups").key("kpc/pull/state.json")).asUtf8String())
                .isEqualTo(Files.readString(state));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("pull-backups").key("kpc/pull/kpc.yaml")).asUtf8String())
                .isEqualTo(Files.readString(config));

        Cli.Result refused = moto.kpc("state", "pull", "-f", config.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--force");

        try (var walk = Files.walk(dir.resolve(".kpc"))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        assertThat(moto.kpc("status", "-f", config.toString()).exit()).isNotZero();

        Cli.Result pull = moto.kpc("state", "pull", "-f", config.toString());
        assertThat(pull.exit()).as(pull.all()).isZero();
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Cli.Result status = moto.kpc("status", "-f", config.toString());
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");
    }
}
