package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.kinds.KindFixture;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 faked at the SDK's interface for one kind's unit test: each test's fake answers the calls its kind makes
 * (any other fails as the SDK interface's defaults do) and notes the writes in {@link #calls}. Its describes ignore
 * tag filters, as a wrong filter would: a handler must read the tags on the answer itself.
 */
abstract class Ec2Fake implements Ec2Client {
    final List<String> calls = new ArrayList<>();

    /** kpc's two tags: the cluster, and the resource id in its graph. */
    static List<Tag> kpcTags(String cluster, String resource) {
        return List.of(Tag.builder().key("kpc:cluster").value(cluster).build(), Tag.builder().key("kpc:resource").value(resource).build());
    }

    /** An EC2 error as the SDK raises it (HTTP 400 and its code). */
    static Ec2Exception error(String code) {
        return KindFixture.error(Ec2Exception.builder(), 400, code);
    }

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {}
}
