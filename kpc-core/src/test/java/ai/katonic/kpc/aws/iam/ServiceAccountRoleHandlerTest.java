package ai.katonic.kpc.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.UpdateAssumeRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.UpdateAssumeRolePolicyResponse;

/**
 * An IRSA role alone, IAM faked at the SDK's interface: trusted by the cluster's OIDC provider only for its one
 * service account and STS's audience, made tagged with its policies and inline policy; a role of that name found is
 * adopted only with this cluster's tag, and then given the current trust (the cluster's issuer may be new).
 */
class ServiceAccountRoleHandlerTest extends KindTest {

    /** The role kind's IAM, and the two writes only IRSA roles make. */
    static final class FakeIam extends IamRoleHandlerTest.FakeIam {
        final List<String> trusts = new ArrayList<>();

        @Override
        public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest r) {
            calls.add("PutRolePolicy " + r.roleName() + " " + r.policyName());
            return PutRolePolicyResponse.builder().build();
        }

        @Override
        public UpdateAssumeRolePolicyResponse updateAssumeRolePolicy(UpdateAssumeRolePolicyRequest r) {
            calls.add("UpdateAssumeRolePolicy " + r.roleName());
            trusts.add(r.policyDocument());
            return UpdateAssumeRolePolicyResponse.builder().build();
        }
    }

    static final String PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";
    static final Spec.ServiceAccountRole SPEC = new Spec.ServiceAccountRole("katonic-prod-velero", new Ref("oidc-provider"), "velero", "velero",
            List.of(), "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "Velero's backups");

    final FakeIam iam = new FakeIam();
    final ServiceAccountRoleHandler h = new ServiceAccountRoleHandler();

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(IamClient.class, iam));
        fixture.state.created("oidc-provider", "oidc_provider", PROVIDER, Map.of(), Map.of());
        return fixture.step("iam-role-velero", SPEC);
    }

    @Test
    void trustedByTheClustersProviderForItsOneServiceAccountAndStsAlone() throws Exception {
        JsonNode s = new ObjectMapper().readTree(ServiceAccountRoleHandler.trust(PROVIDER, "velero", "velero")).get("Statement").get(0);
        assertThat(s.get("Principal").get("Federated").asString()).isEqualTo(PROVIDER);
        assertThat(s.get("Action").asString()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        JsonNode eq = s.get("Condition").get("StringEquals");
        assertThat(eq.get("oidc.eks.us-east-1.amazonaws.com/id/ABC:sub").asString()).isEqualTo("system:serviceaccount:velero:velero");
        assertThat(eq.get("oidc.eks.us-east-1.amazonaws.com/id/ABC:aud").asString()).isEqualTo("sts.amazonaws.com");
    }

    @Test
    void madeTaggedWithItsInlinePolicy() {
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(made.out("arn")).endsWith(":role/katonic-prod-velero");
        assertThat(iam.roles.get("katonic-prod-velero").assumeRolePolicyDocument()).contains("system:serviceaccount:velero:velero");
        assertThat(iam.roles.get("katonic-prod-velero").tags()).anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals("katonic-prod"));
        assertThat(iam.calls).contains("CreateRole katonic-prod-velero", "PutRolePolicy katonic-prod-velero kpc");
    }

    @Test
    void aRoleOfThatNameIsAdoptedOnlyWithThisClustersTagAndThenGivenTheCurrentTrust() {
        iam.roles.put("katonic-prod-velero", IamRoleHandlerTest.role("katonic-prod-velero", "staging"));
        StepContext ctx = step();
        assertThatThrownBy(() -> h.observe(ctx, SPEC)).isInstanceOf(KpcException.class);
        assertThat(iam.calls).noneMatch(c -> c.startsWith("UpdateAssumeRolePolicy") || c.startsWith("DeleteRole"));
        iam.roles.put("katonic-prod-velero", IamRoleHandlerTest.role("katonic-prod-velero", "katonic-prod"));
        Live found = h.observe(ctx, SPEC).orElseThrow();
        h.finish(ctx, SPEC, found);
        assertThat(iam.trusts).singleElement().asString().contains(PROVIDER).contains("system:serviceaccount:velero:velero");
    }
}
