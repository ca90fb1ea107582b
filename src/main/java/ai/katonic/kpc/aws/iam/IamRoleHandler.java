package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.engine.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/** An IAM role trusted by one AWS service, with AWS managed policies attached. */
public final class IamRoleHandler implements Handler<Spec.IamRole> {
    public Class<Spec.IamRole> specType() { return Spec.IamRole.class; }

    public List<String> actions() {
        return List.of("iam:CreateRole", "iam:GetRole", "iam:TagRole", "iam:AttachRolePolicy",
                "iam:ListAttachedRolePolicies", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:ListRolePolicies",
                "iam:DeleteRolePolicy", "iam:DeleteRole");
    }

    static String trust(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    public Optional<Live> observe(StepContext ctx, Spec.IamRole spec) {
        Role role;
        try {
            role = ctx.aws().iam().getRole(r -> r.roleName(spec.name())).role();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
        IamTags.requireOurs(ctx, "IAM role " + spec.name(), role.tags());
        return Optional.of(live(role));
    }

    public Live create(StepContext ctx, Spec.IamRole spec) {
        Role role = ctx.aws().iam().createRole(r -> r.roleName(spec.name()).assumeRolePolicyDocument(trust(spec.trustedService()))
                .description("kpc: " + spec.purpose()).tags(IamTags.of(ctx))).role();
        return finish(ctx, spec, live(role));
    }

    public Live finish(StepContext ctx, Spec.IamRole spec, Live live) {
        IamClient iam = ctx.aws().iam();
        List<String> attached = iam.listAttachedRolePolicies(r -> r.roleName(spec.name())).attachedPolicies().stream()
                .map(p -> p.policyArn()).toList();
        for (String arn : spec.managedPolicies()) {
            if (!attached.contains(arn)) iam.attachRolePolicy(r -> r.roleName(spec.name()).policyArn(arn));
        }
        if (spec.inlinePolicy() != null) {
            iam.putRolePolicy(r -> r.roleName(spec.name()).policyName("kpc").policyDocument(spec.inlinePolicy()));
        }
        return live;
    }

    public void delete(StepContext ctx, Spec.IamRole spec, Live live) {
        IamClient iam = ctx.aws().iam();
        try {
            for (String p : iam.listRolePolicies(r -> r.roleName(spec.name())).policyNames()) {
                iam.deleteRolePolicy(r -> r.roleName(spec.name()).policyName(p));
            }
            for (var p : iam.listAttachedRolePolicies(r -> r.roleName(spec.name())).attachedPolicies()) {
                iam.detachRolePolicy(r -> r.roleName(spec.name()).policyArn(p.policyArn()));
            }
            iam.deleteRole(r -> r.roleName(spec.name()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    private static Live live(Role role) {
        return Live.of(role.roleName(), Map.of("arn", role.arn()));
    }
}
