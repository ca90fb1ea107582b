package ai.katonic.kpc.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The secrets-encryption key alone, KMS faked at the SDK's interface: made with kpc's tags, rotation on and then
 * named by its alias; adopted by that alias only when the key carries this cluster's tag; a key a killed run left
 * unnamed found by both of kpc's tags; an alias that already names another key refused (the key kpc made is not
 * left unnamed in silence); deletion scheduled after KMS's shortest wait, a key already pending or gone no error.
 */
class KmsKeyHandlerTest extends KindTest {

    static final class FakeKms implements KmsClient {
        final List<String> calls = new ArrayList<>();
        final Map<String, KeyMetadata> keys = new LinkedHashMap<>();
        final Map<String, List<Tag>> tags = new LinkedHashMap<>();
        final Map<String, String> aliases = new LinkedHashMap<>();

        KeyMetadata key(String id, KeyState state) {
            KeyMetadata k = KeyMetadata.builder().keyId(id).arn("arn:aws:kms:us-east-1:111122223333:key/" + id).keyState(state).build();
            keys.put(id, k);
            return k;
        }

        /** A key in that state carrying kpc's tags for {@code cluster}'s key. */
        void tagged(String id, KeyState state, String cluster) {
            key(id, state);
            tags.put(id, kpcTags(cluster, "kms-key"));
        }

        static List<Tag> kpcTags(String cluster, String resource) {
            return List.of(Tag.builder().tagKey("kpc:cluster").tagValue(cluster).build(), Tag.builder().tagKey("kpc:resource").tagValue(resource).build());
        }

        private static KmsException notFound() {
            return KindFixture.error(KmsException.builder(), 400, "NotFoundException");
        }

        @Override
        public CreateKeyResponse createKey(CreateKeyRequest r) {
            calls.add("CreateKey");
            KeyMetadata k = key("key-" + (keys.size() + 1), KeyState.ENABLED);
            tags.put(k.keyId(), r.tags());
            return CreateKeyResponse.builder().keyMetadata(k).build();
        }

        @Override
        public DescribeKeyResponse describeKey(DescribeKeyRequest r) {
            String id = r.keyId().startsWith("alias/") ? aliases.get(r.keyId()) : r.keyId();
            if (id == null || !keys.containsKey(id)) throw notFound();
            return DescribeKeyResponse.builder().keyMetadata(keys.get(id)).build();
        }

        @Override
        public ListResourceTagsResponse listResourceTags(ListResourceTagsRequest r) {
            calls.add("ListResourceTags " + r.keyId());
            return ListResourceTagsResponse.builder().tags(tags.getOrDefault(r.keyId(), List.of())).build();
        }

        @Override
        public ListKeysResponse listKeys(ListKeysRequest r) {
            calls.add("ListKeys");
            return ListKeysResponse.builder().keys(keys.keySet().stream().map(k -> KeyListEntry.builder().keyId(k).build()).toList())
                    .truncated(false).build();
        }

        @Override
        public EnableKeyRotationResponse enableKeyRotation(EnableKeyRotationRequest r) {
            calls.add("EnableKeyRotation " + r.keyId());
            return EnableKeyRotationResponse.builder().build();
        }

        @Override
        public CreateAliasResponse createAlias(CreateAliasRequest r) {
            calls.add("CreateAlias " + r.aliasName() + " " + r.targetKeyId());
            if (aliases.containsKey(r.aliasName())) throw KindFixture.<KmsException>error(KmsException.builder(), 400, "AlreadyExistsException");
            aliases.put(r.aliasName(), r.targetKeyId());
            return CreateAliasResponse.builder().build();
        }

        @Override
        public DeleteAliasResponse deleteAlias(DeleteAliasRequest r) {
            calls.add("DeleteAlias " + r.aliasName());
            if (aliases.remove(r.aliasName()) == null) throw notFound();
            return DeleteAliasResponse.builder().build();
        }

        @Override
        public ScheduleKeyDeletionResponse scheduleKeyDeletion(ScheduleKeyDeletionRequest r) {
            calls.add("ScheduleKeyDeletion " + r.keyId() + " " + r.pendingWindowInDays() + " days");
            KeyMetadata k = keys.get(r.keyId());
            if (k == null) throw notFound();
            if (k.keyState() == KeyState.PENDING_DELETION) throw KindFixture.<KmsException>error(KmsException.builder(), 400, "KMSInvalidStateException");
            key(r.keyId(), KeyState.PENDING_DELETION);
            return ScheduleKeyDeletionResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {}
    }

    final FakeKms kms = new FakeKms();
    final KmsKeyHandler h = new KmsKeyHandler();
    KindFixture fixture;
    static final Spec.KmsKey SPEC = new Spec.KmsKey("alias/kpc-katonic-prod-secrets", "Kubernetes secrets");

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(KmsClient.class, kms));
        return fixture.step("kms-key", SPEC);
    }

    @Test
    void madeWithKpcsTagsRotatedAndNamedByItsAlias() {
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(kms.calls).containsExactly("CreateKey", "EnableKeyRotation key-1", "CreateAlias alias/kpc-katonic-prod-secrets key-1");
        assertThat(kms.tags.get("key-1")).contains(Tag.builder().tagKey("kpc:cluster").tagValue("katonic-prod").build(),
                Tag.builder().tagKey("kpc:resource").tagValue("kms-key").build());
        assertThat(made.outputs()).containsEntry("arn", "arn:aws:kms:us-east-1:111122223333:key/key-1");
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("key-1");
    }

    @Test
    void adoptedByItsAliasOnlyWithThisClustersTag() {
        kms.tagged("key-staging", KeyState.ENABLED, "staging");
        kms.aliases.put(SPEC.alias(), "key-staging");
        StepContext ctx = step();
        assertThatThrownBy(() -> h.observe(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("names a KMS key not tagged kpc:cluster=katonic-prod").hasMessageContaining("kms_key_arn");
        kms.tags.put("key-staging", FakeKms.kpcTags("katonic-prod", "kms-key"));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("key-staging");
    }

    @Test
    void aKeyAKilledRunLeftUnnamedIsFoundByBothTagsAndNamed() {
        kms.tagged("key-other", KeyState.ENABLED, "staging");
        kms.tagged("key-killed", KeyState.ENABLED, "katonic-prod");
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).as("no scan unless state says a create was cut short").isEmpty();
        assertThat(kms.calls).doesNotContain("ListKeys");
        fixture.state.creating("kms-key", "kms_key");
        Live found = h.observe(ctx, SPEC).orElseThrow();
        assertThat(found.awsId()).isEqualTo("key-killed");
        h.finish(ctx, SPEC, found);
        assertThat(kms.aliases).containsEntry(SPEC.alias(), "key-killed");
    }

    @Test
    void anAliasNamingAnotherKeyIsRefusedNamingBoth() {
        kms.tagged("key-pending", KeyState.PENDING_DELETION, "katonic-prod");
        kms.aliases.put(SPEC.alias(), "key-pending");
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).as("a key pending deletion is not the cluster's key").isEmpty();
        assertThatThrownBy(() -> h.create(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("already names KMS key key-pending (PendingDeletion), not the key key-2")
                .hasMessageContaining("aws kms delete-alias --alias-name " + SPEC.alias());
        // the next run finds the key it made by its tags (not a third key), and names it once the alias is free
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("key-2");
        kms.aliases.remove(SPEC.alias());
        assertThat(h.finish(ctx, SPEC, Live.of("key-2")).awsId()).isEqualTo("key-2");
        // a resumed finish whose alias is already this key's is done
        assertThat(h.finish(ctx, SPEC, Live.of("key-2")).awsId()).isEqualTo("key-2");
        assertThat(kms.keys).hasSize(2);
    }

    @Test
    void deletedAfterSevenDaysAndAKeyAlreadyPendingOrGoneIsNoError() {
        kms.key("key-1", KeyState.ENABLED);
        kms.aliases.put(SPEC.alias(), "key-1");
        StepContext ctx = step();
        h.delete(ctx, SPEC, Live.of("key-1"));
        assertThat(kms.calls).containsExactly("DeleteAlias " + SPEC.alias(), "ScheduleKeyDeletion key-1 7 days");
        h.delete(ctx, SPEC, Live.of("key-1")); // a resumed destroy: alias gone, key already pending
        h.delete(ctx, SPEC, Live.of("key-gone"));
        assertThat(kms.keys.get("key-1").keyState()).isEqualTo(KeyState.PENDING_DELETION);
    }
}
