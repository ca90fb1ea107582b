package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A state file is only ever used for its own cluster (#15): one copied from another cluster, of another
 * region or account, or written by a newer kpc is refused before any call that changes something; a
 * damaged one is named with what to do, in one line, without the parser's internals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class StateIdentityTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    static Path dir;

    static Path st3;
    static Path st4;

    private static Path stateOf(String cluster) {
        return dir.resolve(".kpc/us-east-1/" + cluster + "/state.json");
    }

    @Test
    @Order(1)
    void aStateFileOfAnotherClusterIsRefusedBeforeAnythingChanges() throws Exception {
        st3 = Moto.config(dir, "st3.yaml", "st3", "us-east-1");
        st4 = Moto.config(dir, "st4.yaml", "st4", "us-east-1");
        Cli.Result r = moto.kpc("apply", "-f", st3.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(Files.readString(stateOf("st3"))).contains("\"account_id\" : \"123456789012\"");

        Files.createDirectories(stateOf("st4").getParent());
        Files.copy(stateOf("st3"), stateOf("st4"));
        moto.resetRecording();
        for (String[] args : new String[][] {{"status", "-f", st4.toString()}, {"destroy", "-f", st4.toString(), "--yes"},
                {"apply", "-f", st4.toString(), "--yes"}}) {
            Cli.Result refused = moto.kpc(args);
            assertThat(refused.exit()).as(refused.all()).isEqualTo(2);
            assertThat(refused.err()).contains("belongs to cluster st3 in us-east-1 (account 123456789012), not to st4 in us-east-1; "
                    + "nothing was changed").doesNotContain("\tat ");
        }
        assertThat(moto.calls()).noneMatch(Moto.Call::mutating);
        assertThat(moto.client(EksClient.builder()).listNodegroups(b -> b.clusterName("st3")).nodegroups()).hasSize(5);
    }

    @Test
    @Order(2)
    void stateOfAnotherAccountOrANewerKpcIsRefused() throws Exception {
        String mine = Files.readString(stateOf("st3"));
        Files.writeString(stateOf("st4"), mine.replace("\"cluster_name\" : \"st3\"", "\"cluster_name\" : \"st4\"")
                .replace("123456789012", "999999999999"));
        Cli.Result other = moto.kpc("destroy", "-f", st4.toString(), "--yes");
        assertThat(other.exit()).as(other.all()).isEqualTo(2);
        assertThat(other.err()).contains("state of st4 belongs to AWS account 999999999999, but these credentials are of account 123456789012");

        Files.writeString(stateOf("st4"), "{\"version\" : 99, \"cluster_name\" : \"st4\", \"region\" : \"us-east-1\", \"resources\" : {}}");
        Cli.Result newer = moto.kpc("status", "-f", st4.toString());
        assertThat(newer.exit()).isEqualTo(2);
        assertThat(newer.err()).contains("has format version 99, written by a newer kpc");
    }

    @Test
    @Order(3)
    void aSharedS3KeyOfAnotherClusterIsRefusedToo() throws Exception {
        Path s3config = dir.resolve("st4-s3.yaml");
        Files.writeString(s3config, Files.readString(st4).replace("state: {backend: local}",
                "state: {backend: s3, bucket: st4-state, key: shared/state.json}"));
        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        s3.createBucket(b -> b.bucket("st4-state"));
        s3.putObject(b -> b.bucket("st4-state").key("shared/state.json"), software.amazon.awssdk.core.sync.RequestBody.fromFile(stateOf("st3")));
        Cli.Result r = moto.kpc("destroy", "-f", s3config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("state s3://st4-state/shared/state.json belongs to cluster st3");
    }

    @Test
    @Order(4)
    void damagedStateSaysWhatToDoInOneLine() throws Exception {
        String whole = Files.readString(stateOf("st3"));
        for (String damaged : new String[] {whole.substring(0, whole.length() / 2), "not json at all {{", "[1, 2, 3]", ""}) {
            Files.writeString(stateOf("st4"), damaged);
            Cli.Result r = moto.kpc("status", "-f", st4.toString());
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).contains("cannot read state " + stateOf("st4")).contains("kpc state pull")
                    .doesNotContain("LinkedHashMap").doesNotContain("StreamReadFeature").doesNotContain("\tat ")
                    .doesNotContain("com.fasterxml").doesNotContain("tools.jackson");
            assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
        }
        Files.writeString(stateOf("st4"), whole.substring(0, whole.length() / 2));
        assertThat(moto.kpc("status", "-f", st4.toString()).err()).contains("(truncated)");
        Files.delete(stateOf("st4"));
        assertThat(moto.kpc("destroy", "-f", st3.toString(), "--yes", "--delete-backups").exit()).isZero();
    }
}
