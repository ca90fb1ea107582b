package ai.katonic.kpc.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketResponse;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The backup bucket kind alone, S3 faked at the SDK's interface: bucket names are global, so a bucket
 * of that name is adopted only when it carries this cluster's tag; one made is tagged before anything
 * else (a run killed after that leaves a bucket recognisably its own), outside us-east-1 in its region;
 * deleting a bucket already gone succeeds.
 */
class BackupBucketHandlerTest extends KindTest {

    /** S3 as far as the bucket kind calls it. */
    static final class FakeS3 implements S3Client {
        final List<String> calls = new ArrayList<>();
        final Map<String, List<Tag>> buckets = new HashMap<>();

        private void exists(String b) {
            if (!buckets.containsKey(b)) throw KindFixture.<S3Exception>error(S3Exception.builder(), 404, "NoSuchBucket");
        }

        @Override public HeadBucketResponse headBucket(HeadBucketRequest r) {
            calls.add("HeadBucket");
            exists(r.bucket());
            return HeadBucketResponse.builder().build();
        }
        @Override public GetBucketTaggingResponse getBucketTagging(GetBucketTaggingRequest r) {
            calls.add("GetBucketTagging");
            exists(r.bucket());
            if (buckets.get(r.bucket()).isEmpty()) throw KindFixture.<S3Exception>error(S3Exception.builder(), 404, "NoSuchTagSet");
            return GetBucketTaggingResponse.builder().tagSet(buckets.get(r.bucket())).build();
        }
        @Override public CreateBucketResponse createBucket(CreateBucketRequest r) {
            calls.add("CreateBucket" + (r.createBucketConfiguration() == null ? "" : " " + r.createBucketConfiguration().locationConstraintAsString()));
            buckets.put(r.bucket(), new ArrayList<>());
            return CreateBucketResponse.builder().build();
        }
        @Override public PutBucketTaggingResponse putBucketTagging(PutBucketTaggingRequest r) {
            calls.add("PutBucketTagging");
            buckets.put(r.bucket(), new ArrayList<>(r.tagging().tagSet()));
            return PutBucketTaggingResponse.builder().build();
        }
        @Override public PutPublicAccessBlockResponse putPublicAccessBlock(PutPublicAccessBlockRequest r) {
            calls.add("PutPublicAccessBlock");
            return PutPublicAccessBlockResponse.builder().build();
        }
        @Override public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest r) {
            calls.add("PutBucketEncryption");
            return PutBucketEncryptionResponse.builder().build();
        }
        @Override public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest r) {
            calls.add("PutBucketVersioning");
            return PutBucketVersioningResponse.builder().build();
        }
        @Override public PutBucketPolicyResponse putBucketPolicy(PutBucketPolicyRequest r) {
            calls.add("PutBucketPolicy " + r.policy());
            return PutBucketPolicyResponse.builder().build();
        }
        @Override public PutBucketOwnershipControlsResponse putBucketOwnershipControls(PutBucketOwnershipControlsRequest r) {
            calls.add("PutBucketOwnershipControls");
            return PutBucketOwnershipControlsResponse.builder().build();
        }
        @Override public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(PutBucketLifecycleConfigurationRequest r) {
            calls.add("PutBucketLifecycleConfiguration");
            return PutBucketLifecycleConfigurationResponse.builder().build();
        }
        @Override public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
            calls.add("ListObjectVersions");
            exists(r.bucket());
            return ListObjectVersionsResponse.builder().build();
        }
        @Override public DeleteBucketResponse deleteBucket(DeleteBucketRequest r) {
            calls.add("DeleteBucket");
            exists(r.bucket());
            buckets.remove(r.bucket());
            return DeleteBucketResponse.builder().build();
        }
        @Override public String serviceName() { return "s3"; }
        @Override public void close() {}
    }

    final FakeS3 s3 = new FakeS3();
    final Spec.S3Bucket spec = new Spec.S3Bucket("katonic-prod-backups", true, 30);

    StepContext step(String region) {
        return new KindFixture(dir, region, Map.of(S3Client.class, s3)).step("backup-bucket", spec);
    }

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void madeInItsRegionTaggedFirstThenSecured() {
        StepContext ctx = step("eu-west-1");
        BackupBucketHandler h = new BackupBucketHandler();
        assertThat(h.observe(ctx, spec)).isEmpty();
        h.create(ctx, spec);
        assertThat(s3.calls).containsSubsequence("CreateBucket eu-west-1", "PutBucketTagging", "PutPublicAccessBlock", "PutBucketEncryption",
                "PutBucketVersioning");
        assertThat(s3.calls.indexOf("PutBucketTagging")).isEqualTo(s3.calls.indexOf("CreateBucket eu-west-1") + 1);
        assertThat(s3.buckets.get(spec.bucket())).contains(tag("kpc:cluster", "katonic-prod"), tag("kpc:resource", "backup-bucket"));
        assertThat(s3.calls).anyMatch(c -> c.startsWith("PutBucketPolicy") && c.contains("aws:SecureTransport"));
    }

    @Test
    void aBucketOfThatNameIsAdoptedOnlyWithThisClustersTag() {
        s3.buckets.put(spec.bucket(), new ArrayList<>(List.of(tag("kpc:cluster", "staging"))));
        StepContext ctx = step("us-east-1");
        BackupBucketHandler h = new BackupBucketHandler();
        assertThatThrownBy(() -> h.observe(ctx, spec)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("exists but is not tagged kpc:cluster=katonic-prod; kpc will not adopt it");
        assertThat(s3.calls).noneMatch(c -> c.startsWith("Put") || c.startsWith("Delete"));

        s3.buckets.put(spec.bucket(), new ArrayList<>(List.of(tag("kpc:cluster", "katonic-prod"), tag("kpc:resource", "backup-bucket"))));
        assertThat(h.observe(ctx, spec)).map(Live::awsId).contains(spec.bucket());
    }

    @Test
    void deletingABucketAlreadyGoneSucceeds() {
        StepContext ctx = step("us-east-1");
        new BackupBucketHandler().delete(ctx, spec, Live.of(spec.bucket()));
        assertThat(s3.calls).containsExactly("ListObjectVersions");
    }
}
