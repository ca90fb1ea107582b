package ai.katonic.kpc.aws.s3;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The backup bucket: versioned, encrypted by default, every public access block on, TLS only.
 * Bucket names are global, so kpc adopts a bucket only when it carries kpc's tag.
 */
public final class BackupBucketHandler implements Handler<Spec.S3Bucket>, Handler.Replacer, Handler.Inventory {
    public List<String> forcesReplacement() {
        return List.of("bucket");
    }

    public String whatBecomesOfTheOld(String oldId) {
        return "the old bucket " + oldId + " is KEPT with its backups, its " + ClusterConfig.OWNER_TAG
                + " tag removed (delete it by hand when done)";
    }

    /** A new backup.bucket: the old bucket keeps every backup; it loses kpc's tags, so no destroy ever empties it. */
    public void replaced(StepContext ctx, String oldId) {
        S3Client s3 = ctx.aws().s3();
        try {
            List<Tag> kept = s3.getBucketTagging(r -> r.bucket(oldId)).tagSet().stream()
                    .filter(t -> !t.key().equals(ClusterConfig.OWNER_TAG) && !t.key().equals(StepContext.RESOURCE_TAG)).toList();
            List<Tag> now = new java.util.ArrayList<>(kept);
            // A note of where it came from, which no kpc lookup reads as ownership.
            now.add(Tag.builder().key("kpc:former-cluster").value(ctx.clusterName()).build());
            s3.putBucketTagging(r -> r.bucket(oldId).tagging(t -> t.tagSet(now)));
            ctx.progress("kept the old backup bucket " + oldId + " with its backups; it is no longer tagged "
                    + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName());
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e) && !AwsErrors.code(e).equals("NoSuchTagSet")) throw e;
        }
    }

    public Class<Spec.S3Bucket> specType() { return Spec.S3Bucket.class; }

    public List<String> actions() {
        return List.of("s3:CreateBucket", "s3:ListBucket", "s3:GetBucketTagging", "s3:PutBucketTagging",
                "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketPolicy", "s3:PutBucketOwnershipControls", "s3:PutLifecycleConfiguration", "s3:ListBucketVersions", "s3:DeleteObjectVersion",
                "s3:DeleteBucket");
    }

    public Optional<Live> observe(StepContext ctx, Spec.S3Bucket spec) {
        S3Client s3 = ctx.aws().s3();
        try {
            s3.headBucket(r -> r.bucket(spec.bucket()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception s && s.statusCode() == 403) {
                // HEAD has no body to say why: either way the user has a thing to fix.
                throw new KpcException.OperationFailed(ctx.resourceId() + ": bucket " + spec.bucket() + " answers 403 Forbidden: "
                        + "it belongs to another account (S3 names are global; choose another backup.bucket), or the "
                        + "installer policy lacks s3:ListBucket on it; run `kpc policy installer`");
            }
            throw e;
        }
        if (ctx.recordedAsCreated() && spec.bucket().equals(ctx.recordedId())) {
            return Optional.of(Live.of(spec.bucket())); // kpc made it and checked its tag then
        }
        List<Tag> tags;
        try {
            tags = s3.getBucketTagging(r -> r.bucket(spec.bucket())).tagSet();
        } catch (RuntimeException e) {
            if (!AwsErrors.code(e).equals("NoSuchTagSet")) throw e;
            tags = List.of();
        }
        boolean ours = tags.stream().anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(ctx.clusterName()));
        if (!ours && tags.isEmpty() && ctx.createInterrupted()) {
            // S3 makes a bucket and tags it in two calls: a run killed between them left it bare. State
            // says this cluster was making it, and HEAD answered (so it is in this account): finish it.
            ctx.progress("found " + spec.bucket() + " untagged: an interrupted run made it; tagging and finishing it");
            return Optional.of(Live.of(spec.bucket()));
        }
        if (!ours) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": bucket " + spec.bucket() + " exists but is not tagged "
                    + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName() + "; kpc will not adopt it (choose another backup.bucket)");
        }
        return Optional.of(Live.of(spec.bucket()));
    }

    public Live create(StepContext ctx, Spec.S3Bucket spec) {
        String region = ctx.aws().region();
        ctx.intendToCreate(); // if the run dies before the tag is on, the next one knows the bare bucket is its own
        ctx.aws().s3().createBucket(r -> {
            r.bucket(spec.bucket());
            if (!region.equals("us-east-1")) {
                r.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
            }
        });
        ctx.progress("created bucket " + spec.bucket() + "; tagging and securing it");
        return finish(ctx, spec, Live.of(spec.bucket()));
    }

    public Live finish(StepContext ctx, Spec.S3Bucket spec, Live live) {
        S3Client s3 = ctx.aws().s3();
        String b = spec.bucket();
        // Tag first: from here on the bucket is recognisably ours even if the run is killed.
        List<Tag> tags = ctx.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        s3.putBucketTagging(r -> r.bucket(b).tagging(t -> t.tagSet(tags)));
        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        s3.putBucketEncryption(r -> r.bucket(b).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        if (spec.versioned()) {
            s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        s3.putBucketPolicy(r -> r.bucket(b).policy(tlsOnly(b)));
        s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(o -> o.rules(rule -> rule
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        // Old versions of backups go after the retention period; the current ones stay.
        s3.putBucketLifecycleConfiguration(r -> r.bucket(b).lifecycleConfiguration(l -> l.rules(rule -> rule
                .id("kpc-expire-noncurrent").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(spec.noncurrentExpiryDays())))));
        return live;
    }

    static String tlsOnly(String bucket) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::"
                + bucket + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    }

    /** Empties the bucket — every version and delete marker — and deletes it. Only with --delete-backups. */
    public void delete(StepContext ctx, Spec.S3Bucket spec, Live live) {
        S3Client s3 = ctx.aws().s3();
        try {
            while (true) {
                var page = s3.listObjectVersions(r -> r.bucket(spec.bucket()).maxKeys(1000));
                List<ObjectIdentifier> ids = new java.util.ArrayList<>();
                page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
                page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
                if (ids.isEmpty()) break;
                var refused = s3.deleteObjects(r -> r.bucket(spec.bucket()).delete(d -> d.objects(ids).quiet(true))).errors();
                if (!refused.isEmpty()) {
                    // A multi-delete answers 200 and lists what it could not delete: stop, or this loops forever.
                    var first = refused.get(0);
                    String why = "AccessDenied".equals(first.code())
                            ? "; the installer policy lacks s3:DeleteObjectVersion on its objects; run `kpc policy installer`" : "";
                    throw new KpcException.OperationFailed(ctx.resourceId() + ": S3 did not delete " + refused.size()
                            + " object versions of " + spec.bucket() + " (" + first.code() + ": " + first.message() + ")" + why);
                }
                ctx.progress("deleted " + ids.size() + " object versions");
            }
            s3.deleteBucket(r -> r.bucket(spec.bucket()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    /** The buckets of {@code mine} that exist (destroy leaves out the one it keeps). */
    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return mine.stream().map(r -> ((Spec.S3Bucket) r.spec()).bucket())
                .filter(b -> AwsErrors.exists(() -> aws.s3().headBucket(h -> h.bucket(b)))).map(b -> "s3_bucket " + b).toList();
    }

    public List<String> leftoverActions() {
        return List.of("s3:ListBucket", "s3:GetBucketTagging");
    }
}
