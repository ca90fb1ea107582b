package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * kill -9 of a real kpc process between two calls AWS has no token for (a KMS key and its alias, a bucket and its
 * tags): what the killed run made is found by what it did leave and finished, never made twice. (Apart from
 * {@code KillAndResumeTest}, whose helpers it uses, so the two run side by side.)
 */
@EndToEnd
class KilledBetweenTwoCallsTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void aKeyMadeByARunKilledBeforeItsAliasIsAdoptedAndDeletedLater() throws Exception {
        // KMS has no client token: a kill between CreateKey and CreateAlias leaves a key only its tags name.
        // CreateAlias is held back here, so the kill lands in that gap.
        java.util.concurrent.atomic.AtomicBoolean hold = KillAndResumeTest.holdBack(moto, "kms:CreateAlias");
        Path config = Moto.config(dir, "k-kms");
        KillAndResumeTest.runAndKill(moto, config, Pattern.compile("kms-key\\s+created key"));
        hold.set(false);
        var kms = moto.client(software.amazon.awssdk.services.kms.KmsClient.builder());
        java.util.function.Supplier<List<String>> ours = () -> kms.listKeys().keys().stream().map(k -> k.keyId())
                .filter(id -> kms.listResourceTags(b -> b.keyId(id)).tags().stream()
                        .anyMatch(t -> t.tagKey().equals("kpc:cluster") && t.tagValue().equals("k-kms")))
                .filter(id -> !kms.describeKey(b -> b.keyId(id)).keyMetadata().keyStateAsString().equals("PendingDeletion")).toList();
        assertThat(ours.get()).as("the killed run made its key").hasSize(1);
        assertThat(kms.listAliases().aliases()).noneMatch(a -> a.aliasName().equals("alias/k-kms-eks-secrets"));

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("found key " + ours.get().get(0) + " by its tags");
        assertThat(ours.get()).as("adopted, not made again").hasSize(1);
        assertThat(kms.listAliases().aliases()).anyMatch(a -> a.aliasName().equals("alias/k-kms-eks-secrets")
                && a.targetKeyId().equals(ours.get().get(0)));

        // Killed the same way again, on a fresh install, and destroyed instead: the unnamed key's deletion is scheduled.
        Path other = Moto.config(dir, "other.yaml", "k-kms2", "us-east-1");
        hold.set(true);
        KillAndResumeTest.runAndKill(moto, other, Pattern.compile("kms-key\\s+created key"));
        hold.set(false);
        Cli.Result gone = moto.kpc("destroy", "-f", other.toString(), "--yes", "--delete-backups");
        assertThat(gone.exit()).as(gone.all()).isZero();
        assertThat(kms.listKeys().keys().stream().map(k -> k.keyId())
                .filter(id -> kms.listResourceTags(b -> b.keyId(id)).tags().stream()
                        .anyMatch(t -> t.tagKey().equals("kpc:cluster") && t.tagValue().equals("k-kms2")))
                .map(id -> kms.describeKey(b -> b.keyId(id)).keyMetadata().keyStateAsString()).toList())
                .containsOnly("PendingDeletion").isNotEmpty();
    }

    @Test
    void aBucketMadeByARunKilledBeforeItsTagIsFinishedByTheNextApply() throws Exception {
        // S3 makes a bucket and tags it in two calls; PutBucketTagging is held back so the kill lands between.
        java.util.concurrent.atomic.AtomicBoolean hold = KillAndResumeTest.holdBack(moto, "s3:PutBucketTagging");
        Path config = Moto.config(dir, "k-s3");
        KillAndResumeTest.runAndKill(moto, config, Pattern.compile("backup-bucket\\s+created bucket"));
        hold.set(false);
        var s3 = moto.client(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true));
        String bucket = s3.listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.startsWith("k-s3")).findFirst().orElseThrow();
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                () -> s3.getBucketTagging(b -> b.bucket(bucket))).awsErrorDetails().errorCode()).isEqualTo("NoSuchTagSet");

        // Preflight knows from state that the bare bucket is this cluster's unfinished one, and apply finishes it.
        Cli.Result preflight = moto.kpc("preflight", "-f", config.toString());
        assertThat(preflight.out()).containsPattern("backup bucket +pass +" + bucket + " exists untagged: state says a run of this cluster");
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("found " + bucket + " untagged: an interrupted run made it");
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
                .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals("k-s3"));
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");
    }
}
