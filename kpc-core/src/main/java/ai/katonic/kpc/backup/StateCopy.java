package ai.katonic.kpc.backup;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * kpc's state and config, copied to {@code s3://<backup bucket>/kpc/<cluster_name>/} after every
 * apply (the bucket is versioned, so earlier copies stay), so that a lost laptop is recovered with
 * {@code kpc state pull}. Only for the local state backend: with {@code state.backend: s3} the state
 * already lives in S3. Neither file holds a secret (the jump host's generated private key stays local).
 */
public final class StateCopy {
    private StateCopy() {}

    public static boolean applies(ClusterConfig c) {
        return "local".equals(c.state().backend());
    }

    public static List<String> actions(ClusterConfig c) {
        return applies(c) ? List.of("s3:PutObject", "s3:GetObject") : List.of();
    }

    static String prefix(ClusterConfig c) {
        return "kpc/" + c.clusterName() + "/";
    }

    /** Where the copies go, as an s3:// URL. */
    public static String location(ClusterConfig c) {
        return "s3://" + c.backup().bucket() + "/" + prefix(c);
    }

    public static void push(AwsClients aws, ClusterConfig c, Path stateFile, Path configFile) {
        String bucket = c.backup().bucket();
        aws.s3().putObject(r -> r.bucket(bucket).key(prefix(c) + "state.json").contentType("application/json"), RequestBody.fromFile(stateFile));
        aws.s3().putObject(r -> r.bucket(bucket).key(prefix(c) + "kpc.yaml").contentType("application/yaml"), RequestBody.fromFile(configFile));
    }

    /** Writes the copied state to {@code stateFile} (0600, atomically); refuses to replace one unless {@code force}. */
    public static void pull(AwsClients aws, ClusterConfig c, Path stateFile, boolean force) {
        if (Files.exists(stateFile) && !force) {
            throw new KpcException.InvalidInput(stateFile + " exists; kpc will not replace local state unless you add --force");
        }
        byte[] state;
        try {
            state = aws.s3().getObjectAsBytes(r -> r.bucket(c.backup().bucket()).key(prefix(c) + "state.json")).asByteArray();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new KpcException.OperationFailed("no copy of the state at " + location(c) + "state.json; kpc copies it there "
                        + "after every apply of a cluster with the local state backend");
            }
            throw e;
        }
        try {
            Path dir = stateFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".state", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, state);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KpcException.OperationFailed("cannot write " + stateFile + ": " + e.getMessage());
        }
    }
}
