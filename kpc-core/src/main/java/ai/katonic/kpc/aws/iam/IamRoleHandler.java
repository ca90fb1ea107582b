package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/** An IAM role trusted by one AWS service, with AWS managed policies attached. */
public final class IamRoleHandler implements Handler<Spec.IamRole>, Handler.BatchObserver, Handler.Inventory {
    public Class<Spec.IamRole> specType() { return Spec.IamRole.class; }

    @Override
    public void scopePolicy(Spec.IamRole spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
        into.role(spec.name(), true, spec.managedPolicies()); // passed to EC2 (the jump host, nodes) or EKS (the cluster)
    }

    public List<String> actions() {
        return List.of("iam:CreateRole", "iam:GetRole", "iam:ListRoles", "iam:TagRole", "iam:AttachRolePolicy",
                "iam:ListAttachedRolePolicies", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:ListRolePolicies",
                "iam:DeleteRolePolicy", "iam:DeleteRole");
    }

    static String trust(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // only recorded roles are confirmed by the list; the others by their own step
    }

    public Map<String, Live> observeAll(RunContext run, List<Resource> mine) {
        return recordedRoles(run, mine, r -> ((Spec.IamRole) r.spec()).name());
    }

    /**
     * IAM lists no tags, so one ListRoles confirms only the roles state records as kpc's (checked
     * for the tag when made); any other is left to its own step, which reads the tag.
     */
    static Map<String, Live> recordedRoles(RunContext run, List<Resource> mine, java.util.function.Function<Resource, String> name) {
        if (mine.stream().noneMatch(r -> run.state().get(r.id()) != null)) return Map.of();
        java.util.Set<String> names = new java.util.HashSet<>();
        run.aws().iam().listRolesPaginator(r -> r.maxItems(1000)).roles().forEach(role -> names.add(role.roleName()));
        return Handler.BatchObserver.byName(run, mine, names, name, true);
    }

    public Optional<Live> observe(StepContext ctx, Spec.IamRole spec) {
        return find(ctx, spec.name()).map(IamRoleHandler::live);
    }

    public Live create(StepContext ctx, Spec.IamRole spec) {
        Role role = ctx.aws().iam().createRole(r -> r.roleName(spec.name()).assumeRolePolicyDocument(trust(spec.trustedService()))
                .description("kpc: " + spec.purpose()).tags(IamTags.of(ctx))).role();
        return finish(ctx, spec, live(role));
    }

    public Live finish(StepContext ctx, Spec.IamRole spec, Live live) {
        attach(ctx.aws().iam(), spec.name(), spec.managedPolicies(), spec.inlinePolicy());
        return live;
    }

    public void delete(StepContext ctx, Spec.IamRole spec, Live live) {
        deleteRole(ctx.aws().iam(), spec.name());
    }

    /** Attaches the managed policies the role lacks and puts its inline policy (null: none). */
    static void attach(IamClient iam, String name, List<String> managedPolicies, String inlinePolicy) {
        List<String> attached = iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies().stream()
                .map(p -> p.policyArn()).toList();
        for (String arn : managedPolicies) {
            if (!attached.contains(arn)) iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn));
        }
        if (inlinePolicy != null) {
            iam.putRolePolicy(r -> r.roleName(name).policyName("kpc").policyDocument(inlinePolicy));
        }
    }

    /** IAM refuses to delete a role with policies, so they go first; a role already gone is fine. */
    static void deleteRole(IamClient iam, String name) {
        try {
            for (String p : iam.listRolePolicies(r -> r.roleName(name)).policyNames()) {
                iam.deleteRolePolicy(r -> r.roleName(name).policyName(p));
            }
            for (var p : iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies()) {
                iam.detachRolePolicy(r -> r.roleName(name).policyArn(p.policyArn()));
            }
            iam.deleteRole(r -> r.roleName(name));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    /** The role kpc made under that name, or empty; a role of that name not tagged as ours is refused. */
    static Optional<Role> find(StepContext ctx, String name) {
        Role role;
        try {
            role = ctx.aws().iam().getRole(r -> r.roleName(name)).role();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
        IamTags.requireOurs(ctx, "IAM role " + name, role.tags());
        return Optional.of(role);
    }

    static Live live(Role role) {
        return Live.of(role.roleName(), Map.of("arn", role.arn()));
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<Resource> mine) {
        return roleLeftovers(aws, mine.stream().map(r -> ((Spec.IamRole) r.spec()).name()).toList());
    }

    /** The roles of those names that exist (IAM finds by name; a role's name is derived from the cluster's). */
    static List<String> roleLeftovers(ai.katonic.kpc.aws.AwsClients aws, List<String> names) {
        return names.stream().filter(n -> AwsErrors.exists(() -> aws.iam().getRole(b -> b.roleName(n)))).map(n -> "iam_role " + n).toList();
    }

    public List<String> leftoverActions() {
        return List.of("iam:GetRole");
    }
}
