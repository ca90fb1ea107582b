package ai.katonic.kpc.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.DeleteKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.DeleteKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.DescribeKeyPairsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeKeyPairsResponse;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The jump host's key pair alone, EC2 faked at the SDK's interface: EC2 generates it (tagged in the call) and kpc
 * keeps the private half in the state directory, readable by its owner only, and says where, never what; a key of
 * this name that is not the cluster's is refused and left as it is (EC2 finds key pairs by name only); the
 * cluster's own, found without its private half (a run killed mid-create), is made anew; destroy removes both
 * halves, and a key already gone is no error.
 */
class KeyPairHandlerTest extends KindTest {

    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEfakeKeyBodyForTheTest0123456789\n-----END RSA PRIVATE KEY-----\n";

    static final class FakeEc2 extends Ec2Fake {
        final List<KeyPairInfo> keys = new ArrayList<>();

        @Override
        public DescribeKeyPairsResponse describeKeyPairs(DescribeKeyPairsRequest r) {
            List<KeyPairInfo> found = r.hasKeyNames() ? keys.stream().filter(k -> r.keyNames().contains(k.keyName())).toList() : keys;
            if (r.hasKeyNames() && found.isEmpty()) throw Ec2Fake.error("InvalidKeyPair.NotFound");
            return DescribeKeyPairsResponse.builder().keyPairs(found).build();
        }

        @Override
        public CreateKeyPairResponse createKeyPair(CreateKeyPairRequest r) {
            calls.add("CreateKeyPair " + r.keyName() + " " + r.keyType());
            keys.add(KeyPairInfo.builder().keyName(r.keyName()).tags(r.tagSpecifications().get(0).tags()).build());
            return CreateKeyPairResponse.builder().keyName(r.keyName()).keyMaterial(PEM).build();
        }

        @Override
        public DeleteKeyPairResponse deleteKeyPair(DeleteKeyPairRequest r) {
            calls.add("DeleteKeyPair " + r.keyName());
            if (!keys.removeIf(k -> k.keyName().equals(r.keyName()))) {
                throw Ec2Fake.error("InvalidKeyPair.NotFound");
            }
            return DeleteKeyPairResponse.builder().build();
        }
    }

    final FakeEc2 ec2 = new FakeEc2();
    KindFixture fixture;
    static final Spec.KeyPair GENERATED = new Spec.KeyPair("katonic-prod-jump-host", null);

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(Ec2Client.class, ec2));
        return fixture.step("key-pair-jump-host", GENERATED);
    }

    static KeyPairInfo key(String name, String cluster) {
        List<Tag> tags = cluster == null ? List.of() : List.of(Tag.builder().key("kpc:cluster").value(cluster).build(),
                Tag.builder().key("kpc:resource").value("key-pair-jump-host").build());
        return KeyPairInfo.builder().keyName(name).tags(tags).build();
    }

    @Test
    void generatedTaggedItsPrivateHalfKeptForTheOwnerOnlyAndNeverSaid() throws Exception {
        StepContext ctx = step();
        KeyPairHandler h = new KeyPairHandler();
        assertThat(h.observe(ctx, GENERATED)).isEmpty();
        assertThat(h.create(ctx, GENERATED).awsId()).isEqualTo("katonic-prod-jump-host");
        Path pem = KeyPairHandler.privateKeyFile(dir);
        assertThat(Files.readString(pem)).isEqualTo(PEM);
        assertThat(Files.getPosixFilePermissions(pem)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(fixture.said.toString()).contains("private key saved to " + pem).doesNotContain("MIIEfakeKeyBody");
        assertThat(ec2.keys.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build());
        assertThat(h.observe(ctx, GENERATED)).map(Live::awsId).contains("katonic-prod-jump-host");
    }

    @Test
    void aKeyOfThisNameThatIsNotTheClustersIsRefusedAndLeftAsItIs() {
        ec2.keys.add(key("katonic-prod-jump-host", null));
        StepContext ctx = step();
        assertThatThrownBy(() -> new KeyPairHandler().observe(ctx, GENERATED)).isInstanceOf(KpcException.class)
                .hasMessageContaining("EC2 key pair katonic-prod-jump-host already exists and is not tagged kpc:cluster=katonic-prod");
        ec2.keys.set(0, key("katonic-prod-jump-host", "staging"));
        assertThatThrownBy(() -> new KeyPairHandler().observe(ctx, GENERATED)).isInstanceOf(KpcException.class);
        assertThat(ec2.calls).isEmpty();
        assertThat(ec2.keys).hasSize(1);
    }

    @Test
    void theClustersOwnFoundWithoutItsPrivateHalfIsMadeAnew() {
        ec2.keys.add(key("katonic-prod-jump-host", "katonic-prod"));
        StepContext ctx = step();
        KeyPairHandler h = new KeyPairHandler();
        Live found = h.observe(ctx, GENERATED).orElseThrow();
        h.finish(ctx, GENERATED, found);
        assertThat(ec2.calls).containsExactly("DeleteKeyPair katonic-prod-jump-host", "CreateKeyPair katonic-prod-jump-host rsa");
        assertThat(KeyPairHandler.privateKeyFile(dir)).exists();
        h.finish(ctx, GENERATED, found); // the private half is there now: nothing to do
        assertThat(ec2.calls).hasSize(2);
    }

    @Test
    void destroyRemovesBothHalvesAndAKeyAlreadyGoneIsNoError() {
        StepContext ctx = step();
        KeyPairHandler h = new KeyPairHandler();
        h.create(ctx, GENERATED);
        h.delete(ctx, GENERATED, Live.of("katonic-prod-jump-host"));
        assertThat(ec2.keys).isEmpty();
        assertThat(KeyPairHandler.privateKeyFile(dir)).doesNotExist();
        h.delete(ctx, GENERATED, Live.of("katonic-prod-jump-host"));
    }
}
