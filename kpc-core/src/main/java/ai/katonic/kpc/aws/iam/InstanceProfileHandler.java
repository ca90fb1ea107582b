package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

/** The jump host's instance profile, holding its role. */
public final class InstanceProfileHandler implements Handler<Spec.InstanceProfile>, Handler.Inventory {
    public Class<Spec.InstanceProfile> specType() { return Spec.InstanceProfile.class; }

    @Override
    public void scopePolicy(Spec.InstanceProfile spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
        into.instanceProfile(spec.name());
    }

    public List<String> actions() {
        return List.of("iam:CreateInstanceProfile", "iam:GetInstanceProfile", "iam:TagInstanceProfile",
                "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile");
    }

    public Optional<Live> observe(StepContext ctx, Spec.InstanceProfile spec) {
        InstanceProfile p;
        try {
            p = ctx.aws().iam().getInstanceProfile(r -> r.instanceProfileName(spec.name())).instanceProfile();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
        IamTags.requireOurs(ctx, "instance profile " + spec.name(), p.tags());
        return Optional.of(live(p));
    }

    public Live create(StepContext ctx, Spec.InstanceProfile spec) {
        InstanceProfile p = ctx.aws().iam().createInstanceProfile(r -> r.instanceProfileName(spec.name())
                .tags(IamTags.of(ctx))).instanceProfile();
        return finish(ctx, spec, live(p));
    }

    public Live finish(StepContext ctx, Spec.InstanceProfile spec, Live live) {
        IamClient iam = ctx.aws().iam();
        String role = ctx.id(spec.role());
        boolean has = iam.getInstanceProfile(r -> r.instanceProfileName(spec.name())).instanceProfile().roles().stream()
                .anyMatch(r -> r.roleName().equals(role));
        if (!has) iam.addRoleToInstanceProfile(r -> r.instanceProfileName(spec.name()).roleName(role));
        return live;
    }

    public void delete(StepContext ctx, Spec.InstanceProfile spec, Live live) {
        IamClient iam = ctx.aws().iam();
        try {
            for (var role : iam.getInstanceProfile(r -> r.instanceProfileName(spec.name())).instanceProfile().roles()) {
                iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(spec.name()).roleName(role.roleName()));
            }
            iam.deleteInstanceProfile(r -> r.instanceProfileName(spec.name()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    private static Live live(InstanceProfile p) {
        return Live.of(p.instanceProfileName(), Map.of("arn", p.arn()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return mine.stream().map(r -> ((Spec.InstanceProfile) r.spec()).name())
                .filter(n -> AwsErrors.exists(() -> aws.iam().getInstanceProfile(b -> b.instanceProfileName(n))))
                .map(n -> "iam_instance_profile " + n).toList();
    }

    public List<String> leftoverActions() {
        return List.of("iam:GetInstanceProfile");
    }
}
