package ai.katonic.kpc.state;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * State in an S3 object of the user's bucket (versioned buckets keep every revision). The lock is
 * a second object written with {@code If-None-Match: *}, S3's conditional write: exactly one
 * writer can create it, so two runs on two laptops cannot both hold it.
 */
public final class S3StateStore implements StateStore {
    private final AwsClients aws;
    private final String bucket;
    private final String key;
    private final Path localDir;
    private final String clusterName;
    private final String region;

    public S3StateStore(AwsClients aws, String bucket, String key, Path localDir, String clusterName, String region) {
        this.aws = aws;
        this.bucket = bucket;
        this.key = key;
        this.localDir = localDir;
        this.clusterName = clusterName;
        this.region = region;
    }

    /** What the s3 backend calls on the state bucket. */
    public static java.util.List<String> actions() {
        return java.util.List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
    }

    @Override
    public Path localDir() {
        return localDir;
    }

    @Override
    public State load() {
        State state;
        try {
            state = StateJson.read(aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (IOException e) {
            throw new KpcException.OperationFailed("state s3://" + bucket + "/" + key + " is not readable: " + e.getMessage()
                    + "; restore an earlier version of the object (the bucket is versioned), or move it aside");
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e) && !AwsErrors.code(e).equals("NoSuchBucket")) return new State(clusterName, region);
            throw new KpcException.OperationFailed("cannot read state from s3://" + bucket + "/" + key + ": "
                    + AwsErrors.explain("state", e));
        }
        state.requireFor("s3://" + bucket + "/" + key, clusterName, region);
        return state;
    }

    @Override
    public synchronized void save(State state) {
        // A single PUT replaces the object atomically: readers see the old or the new state.
        aws.s3().putObject(r -> r.bucket(bucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(StateJson.write(state)));
    }

    @Override
    public Lock lock(String operation) {
        String lockKey = key + ".lock";
        String holder = "operation=" + operation + "\npid=" + ProcessHandle.current().pid() + "\nsince=" + Instant.now() + "\n";
        try {
            aws.s3().putObject(r -> r.bucket(bucket).key(lockKey).ifNoneMatch("*"),
                    RequestBody.fromString(holder, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            if (AwsErrors.code(e).equals("PreconditionFailed") || AwsErrors.code(e).equals("ConditionalRequestConflict")) {
                String who;
                try {
                    who = aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(lockKey)).asUtf8String().replace('\n', ' ').trim();
                } catch (RuntimeException gone) {
                    who = "unknown holder";
                }
                throw new KpcException.LockHeld("state of " + clusterName + " is locked by another run (" + who
                        + "); wait for it, or delete s3://" + bucket + "/" + lockKey + " if that run is gone");
            }
            throw new KpcException.OperationFailed(AwsErrors.explain("state lock", e));
        }
        return () -> aws.s3().deleteObject(r -> r.bucket(bucket).key(lockKey));
    }
}
