package ai.katonic.kpc.aws.kms;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The KMS key EKS envelope-encrypts Kubernetes secrets with, found by its alias. KMS cannot
 * delete a key at once: destroy removes the alias and schedules the key's deletion after AWS's
 * shortest wait (7 days), during which it can still be cancelled in the console.
 */
public final class KmsKeyHandler implements Handler<Spec.KmsKey>, Handler.Inventory {
    static final int DELETION_WAIT_DAYS = 7;

    public Class<Spec.KmsKey> specType() { return Spec.KmsKey.class; }

    @Override
    public void scopePolicy(Spec.KmsKey spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
        into.kmsAlias(spec.alias());
    }

    public List<String> actions() {
        return List.of("kms:CreateKey", "kms:TagResource", "kms:EnableKeyRotation", "kms:CreateAlias", "kms:DescribeKey",
                "kms:ListResourceTags", "kms:DeleteAlias", "kms:ScheduleKeyDeletion", "kms:ListKeys");
    }

    /**
     * A key made by a run killed between CreateKey and CreateAlias: found by kpc's two tags among the
     * region's keys (only when state says a create was interrupted: the scan reads every key's tags).
     */
    private static Optional<KeyMetadata> orphan(StepContext ctx) {
        KmsClient kms = ctx.aws().kms();
        for (var k : kms.listKeysPaginator(r -> { }).keys()) {
            List<Tag> tags;
            try {
                tags = kms.listResourceTags(r -> r.keyId(k.keyId())).tags();
            } catch (RuntimeException e) {
                if (AwsErrors.isAccessDenied(e) || AwsErrors.isNotFound(e)) continue; // not a key kpc may read: not kpc's
                throw e;
            }
            boolean mine = tags.stream().anyMatch(t -> t.tagKey().equals(ClusterConfig.OWNER_TAG) && t.tagValue().equals(ctx.clusterName()))
                    && tags.stream().anyMatch(t -> t.tagKey().equals(StepContext.RESOURCE_TAG) && t.tagValue().equals(ctx.resourceId()));
            if (!mine) continue;
            KeyMetadata key = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
            if (key.keyState() != KeyState.PENDING_DELETION) return Optional.of(key);
        }
        return Optional.empty();
    }

    public Optional<Live> observe(StepContext ctx, Spec.KmsKey spec) {
        KmsClient kms = ctx.aws().kms();
        KeyMetadata found = null;
        try {
            String id = ctx.recordedId() != null ? ctx.recordedId() : spec.alias();
            found = kms.describeKey(r -> r.keyId(id)).keyMetadata();
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
        if (found == null || found.keyState() == KeyState.PENDING_DELETION) {
            // no key by that alias (or only one being deleted): one an earlier run made and could not name, if any
            if (!ctx.createInterrupted()) return Optional.empty();
            Optional<KeyMetadata> orphan = orphan(ctx);
            orphan.ifPresent(k -> ctx.progress("found key " + k.keyId() + " by its tags: an earlier run made it but did not name it"));
            return orphan.map(KmsKeyHandler::live);
        }
        KeyMetadata key = found;
        if (ctx.recordedAsCreated()) return Optional.of(live(key)); // kpc made it: one call per run
        List<Tag> tags = kms.listResourceTags(r -> r.keyId(key.keyId())).tags();
        boolean ours = tags.stream().anyMatch(t -> t.tagKey().equals(ClusterConfig.OWNER_TAG) && t.tagValue().equals(ctx.clusterName()));
        if (!ours) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": " + spec.alias() + " names a KMS key not tagged "
                    + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName() + "; kpc will not adopt it (give it as kms_key_arn instead)");
        }
        return Optional.of(live(key));
    }

    public Live create(StepContext ctx, Spec.KmsKey spec) {
        KmsClient kms = ctx.aws().kms();
        ctx.intendToCreate();
        KeyMetadata key = kms.createKey(r -> r.description("kpc " + ctx.clusterName() + ": " + spec.purpose())
                .tags(ctx.tags().entrySet().stream().map(t -> Tag.builder().tagKey(t.getKey()).tagValue(t.getValue()).build()).toList()))
                .keyMetadata();
        // The alias is how kpc finds the key again: made right after, so a run killed in between
        // leaves a tagged key without alias (listed by its tag in the console), never two aliases.
        ctx.progress("created key " + key.keyId() + "; naming it " + spec.alias());
        return finish(ctx, spec, live(key));
    }

    /**
     * Rotation on and the alias made: for a new key, and for one a killed run left unnamed. An alias that
     * already exists is fine when it names this key (a resumed run); naming another key (one pending deletion
     * whose alias outlived a destroy, someone else's), it is refused: kpc would find that key, not this one.
     */
    public Live finish(StepContext ctx, Spec.KmsKey spec, Live live) {
        KmsClient kms = ctx.aws().kms();
        kms.enableKeyRotation(r -> r.keyId(live.awsId()));
        try {
            kms.createAlias(r -> r.aliasName(spec.alias()).targetKeyId(live.awsId()));
        } catch (RuntimeException e) {
            if (!AwsErrors.code(e).equals("AlreadyExistsException")) throw e;
            KeyMetadata named = kms.describeKey(r -> r.keyId(spec.alias())).keyMetadata();
            if (!named.keyId().equals(live.awsId())) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": the alias " + spec.alias() + " already names KMS key "
                        + named.keyId() + " (" + named.keyStateAsString() + "), not the key " + live.awsId() + " kpc made for this cluster; "
                        + "delete that alias (aws kms delete-alias --alias-name " + spec.alias() + ") and re-run `kpc apply`");
            }
        }
        return live;
    }

    public void delete(StepContext ctx, Spec.KmsKey spec, Live live) {
        KmsClient kms = ctx.aws().kms();
        try {
            kms.deleteAlias(r -> r.aliasName(spec.alias()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
        try {
            kms.scheduleKeyDeletion(r -> r.keyId(live.awsId()).pendingWindowInDays(DELETION_WAIT_DAYS));
            ctx.progress("key " + live.awsId() + " will be deleted by KMS in " + DELETION_WAIT_DAYS + " days");
        } catch (RuntimeException e) {
            // Already scheduled (a resumed destroy) or gone: done either way.
            if (!AwsErrors.isNotFound(e) && !AwsErrors.code(e).equals("KMSInvalidStateException")) throw e;
        }
    }

    private static Live live(KeyMetadata key) {
        return Live.of(key.keyId(), Map.of("arn", key.arn()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        List<String> out = new java.util.ArrayList<>();
        for (var r : mine) {
            String alias = ((Spec.KmsKey) r.spec()).alias();
            try {
                var key = aws.kms().describeKey(b -> b.keyId(alias)).keyMetadata();
                if (key.keyState() != KeyState.PENDING_DELETION) out.add("kms_key " + key.keyId());
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        return out;
    }

    public List<String> leftoverActions() {
        return List.of("kms:DescribeKey");
    }
}
