package ai.katonic.kpc.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The ALB's OIDC Secret alone, Secrets Manager faked at the SDK's interface and fabric8's API server mock: the
 * client secret read from Secrets Manager at apply time and written only into the cluster (never into the step's
 * record or what it says), with a Role that reads that one Secret bound to the load balancer controller's service
 * account; a secret with no text value a clear error; all three deleted with it.
 */
class AlbOidcSecretHandlerTest {
    @TempDir
    Path dir;

    static final String ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:katonic-oidc";
    static final String VALUE = "s3cr3t-value-of-the-idp-client";

    static final class FakeSecrets implements SecretsManagerClient {
        String value = VALUE;

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
            return GetSecretValueResponse.builder().arn(r.secretId()).secretString(value).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {}
    }

    final FakeSecrets secrets = new FakeSecrets();
    KubeKindFixture fixture;
    static final Spec.AlbOidcSecret SPEC = new Spec.AlbOidcSecret(new Ref(Ids.KUBERNETES_API), new Ref(Ids.namespace("superset")),
            "superset", "alb-oidc", "katonic", ARN);

    @BeforeEach
    void start() throws Exception {
        fixture = new KubeKindFixture(dir, Map.of(SecretsManagerClient.class, secrets));
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("superset").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theClientSecretGoesOnlyIntoTheClusterReadableByTheControllerAlone() {
        StepContext ctx = fixture.step("oidc-secret-superset", SPEC);
        AlbOidcSecretHandler h = new AlbOidcSecretHandler();
        Live made = h.create(ctx, SPEC);
        Secret s = fixture.admin.secrets().inNamespace("superset").withName("alb-oidc").get();
        Map<String, String> data = KubeKindFixture.values(s);
        assertThat(data).containsEntry("clientID", "katonic").containsEntry("clientSecret", VALUE);
        assertThat(made.outputs().toString() + made.awsId() + fixture.said).doesNotContain(VALUE);
        Role role = fixture.admin.rbac().roles().inNamespace("superset").withName("alb-oidc-reader").get();
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("secrets");
            assertThat(r.getResourceNames()).containsExactly("alb-oidc");
        });
        RoleBinding b = fixture.admin.rbac().roleBindings().inNamespace("superset").withName("alb-oidc-reader").get();
        assertThat(b.getSubjects()).singleElement().satisfies(x -> assertThat(x.getNamespace() + "/" + x.getName())
                .isEqualTo("kube-system/aws-load-balancer-controller"));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("alb-oidc");

        h.delete(ctx, SPEC, made);
        assertThat(fixture.admin.secrets().inNamespace("superset").withName("alb-oidc").get()).isNull();
        assertThat(fixture.admin.rbac().roles().inNamespace("superset").withName("alb-oidc-reader").get()).isNull();
        assertThat(fixture.admin.rbac().roleBindings().inNamespace("superset").withName("alb-oidc-reader").get()).isNull();
    }

    @Test
    void aSecretWithNoTextValueIsAClearError() {
        secrets.value = null;
        StepContext ctx = fixture.step("oidc-secret-superset", SPEC);
        assertThatThrownBy(() -> new AlbOidcSecretHandler().create(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining(ARN + " has no text value");
        assertThat(fixture.admin.secrets().inNamespace("superset").withName("alb-oidc").get()).isNull();
    }
}
