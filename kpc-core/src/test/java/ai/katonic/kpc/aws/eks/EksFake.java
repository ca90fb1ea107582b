package ai.katonic.kpc.aws.eks;

import ai.katonic.kpc.kinds.KindFixture;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;

/**
 * EKS faked at the SDK's interface for one kind's unit test: each test's fake answers the calls its kind makes
 * (any other fails as the SDK interface's defaults do) and notes the writes in {@link #calls}.
 */
abstract class EksFake implements EksClient {
    final List<String> calls = new ArrayList<>();

    /** EKS's answer for a cluster, node group or add-on it does not hold. */
    static EksException notFound() {
        return KindFixture.error(EksException.builder(), 404, "ResourceNotFoundException");
    }

    @Override
    public String serviceName() {
        return "eks";
    }

    @Override
    public void close() {}
}
