package ai.katonic.kpc.aws.iam;

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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.AttachRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.DeleteRoleRequest;
import software.amazon.awssdk.services.iam.model.DeleteRoleResponse;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The IAM role kind alone, IAM faked at the SDK's interface: IAM names are the account's, not the
 * cluster's, so a role of that name is adopted only when it carries this cluster's tag and otherwise
 * refused with a message saying so (never changed, never deleted); kpc's own is made tagged in the
 * create call with its policies attached, and deleting one already gone succeeds.
 */
class IamRoleHandlerTest extends KindTest {

    /** IAM as far as the role kind calls it. */
    static class FakeIam extends IamFake {
        final Map<String, Role> roles = new LinkedHashMap<>();
        final Map<String, List<String>> attached = new LinkedHashMap<>();

        @Override
        public GetRoleResponse getRole(GetRoleRequest r) {
            calls.add("GetRole " + r.roleName());
            Role role = roles.get(r.roleName());
            if (role == null) throw noSuchEntity();
            return GetRoleResponse.builder().role(role).build();
        }

        @Override
        public CreateRoleResponse createRole(CreateRoleRequest r) {
            calls.add("CreateRole " + r.roleName());
            Role role = Role.builder().roleName(r.roleName()).arn("arn:aws:iam::123456789012:role/" + r.roleName()).tags(r.tags())
                    .assumeRolePolicyDocument(r.assumeRolePolicyDocument()).build();
            roles.put(r.roleName(), role);
            return CreateRoleResponse.builder().role(role).build();
        }

        @Override
        public ListAttachedRolePoliciesResponse listAttachedRolePolicies(ListAttachedRolePoliciesRequest r) {
            if (!roles.containsKey(r.roleName())) throw noSuchEntity();
            return ListAttachedRolePoliciesResponse.builder().attachedPolicies(attached.getOrDefault(r.roleName(), List.of()).stream()
                    .map(a -> AttachedPolicy.builder().policyArn(a).build()).toList()).build();
        }

        @Override
        public AttachRolePolicyResponse attachRolePolicy(AttachRolePolicyRequest r) {
            calls.add("AttachRolePolicy " + r.policyArn());
            attached.computeIfAbsent(r.roleName(), k -> new ArrayList<>()).add(r.policyArn());
            return AttachRolePolicyResponse.builder().build();
        }

        @Override
        public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest r) {
            if (!roles.containsKey(r.roleName())) throw noSuchEntity();
            return ListRolePoliciesResponse.builder().policyNames(List.of()).build();
        }

        @Override
        public DetachRolePolicyResponse detachRolePolicy(DetachRolePolicyRequest r) {
            calls.add("DetachRolePolicy " + r.policyArn());
            attached.getOrDefault(r.roleName(), new ArrayList<>()).remove(r.policyArn());
            return DetachRolePolicyResponse.builder().build();
        }

        @Override
        public DeleteRoleResponse deleteRole(DeleteRoleRequest r) {
            calls.add("DeleteRole " + r.roleName());
            if (roles.remove(r.roleName()) == null) throw noSuchEntity();
            return DeleteRoleResponse.builder().build();
        }
    }

    static final String POLICY = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
    static final Spec.IamRole SPEC = new Spec.IamRole("katonic-prod-cluster", "eks.amazonaws.com", List.of(POLICY), null, "the cluster");

    final FakeIam iam = new FakeIam();
    KindFixture fixture;

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(IamClient.class, iam));
        return fixture.step("iam-role-cluster", SPEC);
    }

    static Role role(String name, String cluster) {
        return Role.builder().roleName(name).arn("arn:aws:iam::123456789012:role/" + name)
                .tags(Tag.builder().key("kpc:cluster").value(cluster).build()).build();
    }

    @Test
    void createsTaggedInTheCreateCallTrustedByItsServiceWithItsPolicies() {
        StepContext ctx = step();
        IamRoleHandler h = new IamRoleHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(made.out("arn")).endsWith(":role/katonic-prod-cluster");
        Role role = iam.roles.get("katonic-prod-cluster");
        assertThat(role.tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build());
        assertThat(role.assumeRolePolicyDocument()).contains("\"Service\":\"eks.amazonaws.com\"");
        assertThat(iam.attached.get("katonic-prod-cluster")).containsExactly(POLICY);
        assertThat(h.actions()).contains("iam:CreateRole", "iam:TagRole", "iam:AttachRolePolicy");
    }

    @Test
    void finishingARoleAnInterruptedRunMadeAttachesOnlyWhatItLacks() {
        iam.roles.put("katonic-prod-cluster", role("katonic-prod-cluster", "katonic-prod"));
        StepContext ctx = step();
        IamRoleHandler h = new IamRoleHandler();
        Live found = h.observe(ctx, SPEC).orElseThrow();
        h.finish(ctx, SPEC, found);
        h.finish(ctx, SPEC, found);
        assertThat(iam.calls).filteredOn(c -> c.startsWith("AttachRolePolicy")).containsExactly("AttachRolePolicy " + POLICY);
    }

    @Test
    void aRoleOfThatNameNotTaggedForThisClusterIsRefusedAndLeftAlone() {
        iam.roles.put("katonic-prod-cluster", role("katonic-prod-cluster", "staging"));
        StepContext ctx = step();
        assertThatThrownBy(() -> new IamRoleHandler().observe(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("IAM role katonic-prod-cluster already exists and is not tagged kpc:cluster=katonic-prod");
        assertThat(iam.calls).containsExactly("GetRole katonic-prod-cluster");
    }

    @Test
    void deleteDetachesThenDeletesAndARoleAlreadyGoneIsSuccess() {
        iam.roles.put("katonic-prod-cluster", role("katonic-prod-cluster", "katonic-prod"));
        iam.attached.put("katonic-prod-cluster", new ArrayList<>(List.of(POLICY)));
        StepContext ctx = step();
        new IamRoleHandler().delete(ctx, SPEC, Live.of("katonic-prod-cluster"));
        assertThat(iam.calls).containsExactly("DetachRolePolicy " + POLICY, "DeleteRole katonic-prod-cluster");
        iam.calls.clear();
        new IamRoleHandler().delete(ctx, SPEC, Live.of("katonic-prod-cluster"));
        assertThat(iam.roles).isEmpty();
    }
}
