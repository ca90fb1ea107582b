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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AddRoleToInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.AddRoleToInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.DeleteInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.DeleteInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The jump host's instance profile alone, IAM faked at the SDK's interface: made tagged, then its role added (two
 * calls, so a run killed between them leaves a profile without its role, which the next run adds, once); a profile of
 * this name not tagged as the cluster's is refused and left as it is; destroy takes the role out first, and a profile
 * already gone is no error.
 */
class InstanceProfileHandlerTest extends KindTest {

    static final class FakeIam extends IamFake {
        final Map<String, InstanceProfile> profiles = new LinkedHashMap<>();

        @Override
        public GetInstanceProfileResponse getInstanceProfile(GetInstanceProfileRequest r) {
            InstanceProfile p = profiles.get(r.instanceProfileName());
            if (p == null) throw noSuchEntity();
            return GetInstanceProfileResponse.builder().instanceProfile(p).build();
        }

        @Override
        public CreateInstanceProfileResponse createInstanceProfile(CreateInstanceProfileRequest r) {
            calls.add("CreateInstanceProfile " + r.instanceProfileName());
            InstanceProfile p = InstanceProfile.builder().instanceProfileName(r.instanceProfileName())
                    .arn("arn:aws:iam::123456789012:instance-profile/" + r.instanceProfileName()).tags(r.tags()).roles(List.of()).build();
            profiles.put(r.instanceProfileName(), p);
            return CreateInstanceProfileResponse.builder().instanceProfile(p).build();
        }

        @Override
        public AddRoleToInstanceProfileResponse addRoleToInstanceProfile(AddRoleToInstanceProfileRequest r) {
            calls.add("AddRoleToInstanceProfile " + r.roleName());
            InstanceProfile p = profiles.get(r.instanceProfileName());
            profiles.put(p.instanceProfileName(), p.toBuilder().roles(Role.builder().roleName(r.roleName()).build()).build());
            return AddRoleToInstanceProfileResponse.builder().build();
        }

        @Override
        public RemoveRoleFromInstanceProfileResponse removeRoleFromInstanceProfile(RemoveRoleFromInstanceProfileRequest r) {
            calls.add("RemoveRoleFromInstanceProfile " + r.roleName());
            InstanceProfile p = profiles.get(r.instanceProfileName());
            profiles.put(p.instanceProfileName(), p.toBuilder().roles(List.of()).build());
            return RemoveRoleFromInstanceProfileResponse.builder().build();
        }

        @Override
        public DeleteInstanceProfileResponse deleteInstanceProfile(DeleteInstanceProfileRequest r) {
            calls.add("DeleteInstanceProfile " + r.instanceProfileName());
            if (profiles.remove(r.instanceProfileName()) == null) throw noSuchEntity();
            return DeleteInstanceProfileResponse.builder().build();
        }
    }

    final FakeIam iam = new FakeIam();
    KindFixture fixture;
    static final Spec.InstanceProfile SPEC = new Spec.InstanceProfile("katonic-prod-jump-host", new Ref("iam-role-jump-host"));

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(IamClient.class, iam));
        fixture.state.created("iam-role-jump-host", "iam_role", "katonic-prod-jump-host", Map.of(), Map.of());
        return fixture.step("instance-profile-jump-host", SPEC);
    }

    @Test
    void madeTaggedThenItsRoleAddedOnce() {
        StepContext ctx = step();
        InstanceProfileHandler h = new InstanceProfileHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(made.out("arn")).isEqualTo("arn:aws:iam::123456789012:instance-profile/katonic-prod-jump-host");
        assertThat(iam.profiles.get("katonic-prod-jump-host").tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build());
        h.finish(ctx, SPEC, made); // a second run: the role is there already
        assertThat(iam.calls).containsExactly("CreateInstanceProfile katonic-prod-jump-host", "AddRoleToInstanceProfile katonic-prod-jump-host");
    }

    @Test
    void aProfileARunKilledLeftWithoutItsRoleGetsIt() {
        StepContext ctx = step();
        InstanceProfileHandler h = new InstanceProfileHandler();
        iam.createInstanceProfile(CreateInstanceProfileRequest.builder().instanceProfileName("katonic-prod-jump-host")
                .tags(Tag.builder().key("kpc:cluster").value("katonic-prod").build()).build());
        Live found = h.observe(ctx, SPEC).orElseThrow();
        h.finish(ctx, SPEC, found);
        assertThat(iam.profiles.get("katonic-prod-jump-host").roles()).extracting(Role::roleName).containsExactly("katonic-prod-jump-host");
    }

    @Test
    void aProfileOfThisNameNotTheClustersIsRefusedAndLeftAsItIs() {
        iam.createInstanceProfile(CreateInstanceProfileRequest.builder().instanceProfileName("katonic-prod-jump-host")
                .tags(Tag.builder().key("kpc:cluster").value("staging").build()).build());
        iam.calls.clear();
        StepContext ctx = step();
        assertThatThrownBy(() -> new InstanceProfileHandler().observe(ctx, SPEC)).isInstanceOf(KpcException.class)
                .hasMessageContaining("is not tagged kpc:cluster=katonic-prod");
        assertThat(iam.calls).isEmpty();
    }

    @Test
    void destroyTakesTheRoleOutFirstAndAProfileAlreadyGoneIsNoError() {
        StepContext ctx = step();
        InstanceProfileHandler h = new InstanceProfileHandler();
        h.create(ctx, SPEC);
        iam.calls.clear();
        h.delete(ctx, SPEC, Live.of("katonic-prod-jump-host"));
        assertThat(iam.calls).containsExactly("RemoveRoleFromInstanceProfile katonic-prod-jump-host", "DeleteInstanceProfile katonic-prod-jump-host");
        h.delete(ctx, SPEC, Live.of("katonic-prod-jump-host"));
        assertThat(iam.profiles).isEmpty();
    }
}
