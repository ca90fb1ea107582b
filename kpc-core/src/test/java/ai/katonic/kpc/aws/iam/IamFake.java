package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.kinds.KindFixture;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * IAM faked at the SDK's interface for one kind's unit test: each test's fake answers the calls its kind makes
 * (any other fails as the SDK interface's defaults do) and notes the writes in {@link #calls}.
 */
abstract class IamFake implements IamClient {
    final List<String> calls = new ArrayList<>();

    /** IAM's answer for a name it does not hold. */
    static IamException noSuchEntity() {
        return KindFixture.error(IamException.builder(), 404, "NoSuchEntity");
    }

    @Override
    public String serviceName() {
        return "iam";
    }

    @Override
    public void close() {}
}
