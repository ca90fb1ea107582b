package ai.katonic.kpc.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.AddonStatus;
import software.amazon.awssdk.services.eks.model.CreateAddonRequest;
import software.amazon.awssdk.services.eks.model.CreateAddonResponse;
import software.amazon.awssdk.services.eks.model.DeleteAddonRequest;
import software.amazon.awssdk.services.eks.model.DeleteAddonResponse;
import software.amazon.awssdk.services.eks.model.DescribeAddonRequest;
import software.amazon.awssdk.services.eks.model.DescribeAddonResponse;
import software.amazon.awssdk.services.eks.model.UpdateAddonRequest;
import software.amazon.awssdk.services.eks.model.UpdateAddonResponse;

/**
 * An EKS add-on alone, EKS faked at the SDK's interface: made with its IRSA role and configuration, conflicts with
 * what EKS runs self-managed resolved by OVERWRITE, this install's token and kpc's tags; waited for until ACTIVE, a
 * failed one an error with EKS's health issues; one found with another role or configuration given kpc's; one being
 * deleted not adopted; deleted and waited for, one already gone no error.
 */
class EksAddonHandlerTest extends KindTest {

    static final class FakeEks extends EksFake {
        final Map<String, Addon> addons = new LinkedHashMap<>();
        AddonStatus settlesTo = AddonStatus.ACTIVE;

        @Override
        public DescribeAddonResponse describeAddon(DescribeAddonRequest r) {
            Addon a = addons.get(r.addonName());
            if (a == null) throw notFound();
            if (a.status() == AddonStatus.CREATING || a.status() == AddonStatus.UPDATING) {
                addons.put(r.addonName(), a.toBuilder().status(settlesTo)
                        .health(h -> h.issues(i -> i.code("ConfigurationConflict").message("Conflicts found when trying to apply"))).build());
            } else if (a.status() == AddonStatus.DELETING) {
                addons.remove(r.addonName());
            }
            return DescribeAddonResponse.builder().addon(a).build();
        }

        @Override
        public CreateAddonResponse createAddon(CreateAddonRequest r) {
            calls.add("CreateAddon " + r.addonName() + " role " + r.serviceAccountRoleArn() + " config " + r.configurationValues()
                    + " " + r.resolveConflictsAsString() + " token " + r.clientRequestToken() + " owner " + r.tags().get("kpc:cluster"));
            Addon a = Addon.builder().addonName(r.addonName()).addonArn("arn:addon/" + r.addonName()).addonVersion("v1.20.4-eksbuild.1")
                    .status(AddonStatus.CREATING).serviceAccountRoleArn(r.serviceAccountRoleArn()).configurationValues(r.configurationValues()).build();
            addons.put(r.addonName(), a);
            return CreateAddonResponse.builder().addon(a).build();
        }

        @Override
        public UpdateAddonResponse updateAddon(UpdateAddonRequest r) {
            calls.add("UpdateAddon " + r.addonName() + " role " + r.serviceAccountRoleArn() + " config " + r.configurationValues()
                    + " " + r.resolveConflictsAsString());
            addons.computeIfPresent(r.addonName(), (k, a) -> a.toBuilder().status(AddonStatus.UPDATING)
                    .serviceAccountRoleArn(r.serviceAccountRoleArn()).configurationValues(r.configurationValues()).build());
            return UpdateAddonResponse.builder().build();
        }

        @Override
        public DeleteAddonResponse deleteAddon(DeleteAddonRequest r) {
            calls.add("DeleteAddon " + r.addonName());
            Addon a = addons.get(r.addonName());
            if (a == null) throw notFound();
            addons.put(r.addonName(), a.toBuilder().status(AddonStatus.DELETING).build());
            return DeleteAddonResponse.builder().build();
        }
    }

    final FakeEks eks = new FakeEks();
    final EksAddonHandler h = new EksAddonHandler();
    static final String ROLE = "arn:aws:iam::111122223333:role/katonic-prod-vpc-cni";
    static final String CONFIG = "{\"enableNetworkPolicy\":\"true\"}";
    static final Spec.EksAddon CNI = new Spec.EksAddon(new Ref("eks-cluster"), "vpc-cni", new Ref("iam-role-vpc-cni"), CONFIG);

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(EksClient.class, eks));
        fixture.state.created("eks-cluster", "eks_cluster", "katonic-prod", Map.of(), Map.of());
        fixture.state.created("iam-role-vpc-cni", "iam_service_account_role", "katonic-prod-vpc-cni", Map.of("arn", ROLE), Map.of());
        return fixture.step("addon-vpc-cni", CNI);
    }

    @Test
    void madeWithItsRoleAndConfigurationTakingOverWhatEksRunsAndWaitedFor() {
        StepContext ctx = step();
        Live made = h.create(ctx, CNI);
        assertThat(eks.calls).containsExactly("CreateAddon vpc-cni role " + ROLE + " config " + CONFIG + " OVERWRITE token "
                + ctx.clientToken() + " owner katonic-prod");
        assertThat(made.outputs()).containsEntry("role_arn", ROLE).containsEntry("configuration", CONFIG).containsEntry("version", "v1.20.4-eksbuild.1");
    }

    @Test
    void aFailedAddOnIsAnErrorWithEksHealthIssues() {
        eks.settlesTo = AddonStatus.CREATE_FAILED;
        StepContext ctx = step();
        assertThatThrownBy(() -> h.create(ctx, CNI)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("vpc-cni is CREATE_FAILED").hasMessageContaining("ConfigurationConflict: Conflicts found");
    }

    @Test
    void oneFoundWithAnotherRoleOrConfigurationIsGivenKpcsAndOneBeingDeletedIsNotAdopted() {
        eks.addons.put("vpc-cni", Addon.builder().addonName("vpc-cni").addonArn("arn:addon/vpc-cni").addonVersion("v1.19.0").status(AddonStatus.DELETING).build());
        StepContext ctx = step();
        assertThat(h.observe(ctx, CNI)).isEmpty();
        eks.addons.put("vpc-cni", Addon.builder().addonName("vpc-cni").addonArn("arn:addon/vpc-cni").addonVersion("v1.19.0").status(AddonStatus.ACTIVE).build());
        Live found = h.observe(ctx, CNI).orElseThrow();
        Live done = h.finish(ctx, CNI, found);
        assertThat(eks.calls).containsExactly("UpdateAddon vpc-cni role " + ROLE + " config " + CONFIG + " OVERWRITE");
        assertThat(done.outputs()).containsEntry("role_arn", ROLE);
        // the same again: nothing to change
        h.finish(ctx, CNI, done);
        assertThat(eks.calls).hasSize(1);
    }

    @Test
    void deletedAndWaitedForAndOneAlreadyGoneIsNoError() {
        eks.addons.put("vpc-cni", Addon.builder().addonName("vpc-cni").status(AddonStatus.ACTIVE).build());
        StepContext ctx = step();
        h.delete(ctx, CNI, Live.of("vpc-cni"));
        assertThat(eks.addons).isEmpty();
        h.delete(ctx, CNI, Live.of("vpc-cni"));
        assertThat(eks.calls).containsExactly("DeleteAddon vpc-cni", "DeleteAddon vpc-cni");
    }
}
