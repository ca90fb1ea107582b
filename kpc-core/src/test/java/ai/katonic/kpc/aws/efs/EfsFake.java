package ai.katonic.kpc.aws.efs;

import ai.katonic.kpc.kinds.KindFixture;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.EfsException;

/**
 * EFS faked at the SDK's interface for one kind's unit test: each test's fake answers the calls its kind makes
 * (any other fails as the SDK interface's defaults do) and notes the writes in {@link #calls}.
 */
abstract class EfsFake implements EfsClient {
    final List<String> calls = new ArrayList<>();

    /** EFS's answer for what it does not hold ({@code FileSystemNotFound}, {@code MountTargetNotFound}, {@code AccessPointNotFound}). */
    static EfsException notFound(String code) {
        return KindFixture.error(EfsException.builder(), 404, code);
    }

    @Override
    public String serviceName() {
        return "elasticfilesystem";
    }

    @Override
    public void close() {}
}
