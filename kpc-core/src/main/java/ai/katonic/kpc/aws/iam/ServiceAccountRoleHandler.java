package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A role for one Kubernetes service account (IRSA), as terraform-aws-eks's iam-role-for-service-
 * accounts module writes it: trusted by the cluster's OIDC provider only when the token's subject
 * is {@code system:serviceaccount:<namespace>:<name>} and its audience is STS.
 */
public final class ServiceAccountRoleHandler implements Handler<Spec.ServiceAccountRole>, Handler.BatchObserver,
        Handler.Updater<Spec.ServiceAccountRole>, Handler.Inventory {
    public Class<Spec.ServiceAccountRole> specType() { return Spec.ServiceAccountRole.class; }

    @Override
    public void scopePolicy(Spec.ServiceAccountRole spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
        into.role(spec.name(), false, spec.managedPolicies()); // assumed by pods through the OIDC provider, never passed
    }

    public List<String> actions() {
        return List.of("iam:CreateRole", "iam:GetRole", "iam:ListRoles", "iam:TagRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy",
                "iam:ListAttachedRolePolicies", "iam:PutRolePolicy", "iam:DetachRolePolicy", "iam:ListRolePolicies", "iam:DeleteRolePolicy", "iam:DeleteRole");
    }

    /** The trust policy for that service account, given the OIDC provider's ARN. */
    public static String trust(String providerArn, String namespace, String serviceAccount) {
        String issuer = providerArn.substring(providerArn.indexOf(":oidc-provider/") + ":oidc-provider/".length());
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + providerArn
                + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\""
                + issuer + ":sub\":\"system:serviceaccount:" + namespace + ":" + serviceAccount + "\",\""
                + issuer + ":aud\":\"sts.amazonaws.com\"}}}]}";
    }

    private static String trust(StepContext ctx, Spec.ServiceAccountRole spec) {
        return trust(ctx.id(spec.oidcProvider()), spec.namespace(), spec.serviceAccount());
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // only recorded roles are confirmed by the list; the others by their own step
    }

    public Map<String, Live> observeAll(RunContext run, List<Resource> mine) {
        return IamRoleHandler.recordedRoles(run, mine, r -> ((Spec.ServiceAccountRole) r.spec()).name());
    }

    public Optional<Live> observe(StepContext ctx, Spec.ServiceAccountRole spec) {
        return IamRoleHandler.find(ctx, spec.name()).map(IamRoleHandler::live);
    }

    public Live create(StepContext ctx, Spec.ServiceAccountRole spec) {
        var role = ctx.aws().iam().createRole(r -> r.roleName(spec.name()).assumeRolePolicyDocument(trust(ctx, spec))
                .description("kpc: " + spec.purpose()).tags(IamTags.of(ctx))).role();
        IamRoleHandler.attach(ctx.aws().iam(), spec.name(), spec.managedPolicies(), spec.inlinePolicy());
        return IamRoleHandler.live(role);
    }

    /** An adopted role gets the current trust: the cluster (and its issuer) may have been made anew since. */
    public Live finish(StepContext ctx, Spec.ServiceAccountRole spec, Live live) {
        ctx.aws().iam().updateAssumeRolePolicy(r -> r.roleName(spec.name()).policyDocument(trust(ctx, spec)));
        IamRoleHandler.attach(ctx.aws().iam(), spec.name(), spec.managedPolicies(), spec.inlinePolicy());
        return live;
    }

    /**
     * A new inline policy (Velero's, when backup.bucket changes) or trust is put in place; the role's
     * description, which names its purpose, stays as it was made (it grants nothing).
     */
    public Live update(StepContext ctx, Spec.ServiceAccountRole spec, Live live) {
        return finish(ctx, spec, live);
    }

    public void delete(StepContext ctx, Spec.ServiceAccountRole spec, Live live) {
        IamRoleHandler.deleteRole(ctx.aws().iam(), spec.name());
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<Resource> mine) {
        return IamRoleHandler.roleLeftovers(aws, mine.stream().map(r -> ((Spec.ServiceAccountRole) r.spec()).name()).toList());
    }

    public List<String> leftoverActions() {
        return List.of("iam:GetRole");
    }
}
