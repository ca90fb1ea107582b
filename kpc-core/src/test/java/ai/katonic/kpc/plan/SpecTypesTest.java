package ai.katonic.kpc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** State's record of a resource (type name and attributes) turns back into the same spec; every kind has a name of its own. */
class SpecTypesTest {
    /** The example config, and the same with Airbyte, a hosted zone and a login at the ALB: between them, every kind kpc plans. */
    static List<Resource> resources() throws Exception {
        String example = Files.readString(Path.of("examples/kpc.yaml"));
        String more = example.replace("apps: {superset: true, airbyte: false}", "apps: {superset: true, airbyte: true}")
                .replace("  # oidc:  ", "  hosted_zone_id: Z0123456789ABCDEFGHIJ\n  oidc:    ")
                .replace("  #   {issuer", "    {issuer").replace("  #    token_endpoint", "     token_endpoint")
                .replace("  #    client_id", "     client_id").replace("<region>:<account>", "us-east-1:111122223333");
        List<Resource> out = new java.util.ArrayList<>();
        for (String text : List.of(example, more)) {
            var loaded = ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "kpc.yaml", Path.of("examples"));
            assertThat(loaded.diagnostics().errors()).as(text).isEmpty();
            out.addAll(GraphBuilder.build(loaded.config()).inOrder());
        }
        return out;
    }

    @Test
    void everyPlannedSpecComesBackFromWhatStateRecords() throws Exception {
        Set<Class<?>> kinds = new HashSet<>();
        for (Resource r : resources()) {
            Spec back = SpecTypes.decode(r.type(), r.attributes());
            assertThat(back).as(r.id()).isEqualTo(r.spec());
            kinds.add(r.spec().getClass());
        }
        assertThat(kinds).as("kinds the two configs plan").containsExactlyInAnyOrder(Spec.class.getPermittedSubclasses());
    }

    @Test
    void everyKindHasANameOfItsOwn() {
        List<String> names = SpecTypes.names();
        assertThat(names).hasSize(Spec.class.getPermittedSubclasses().length).doesNotHaveDuplicates();
        assertThat(new Spec.Vpc("10.0.0.0/16").type()).isEqualTo("vpc");
        assertThat(new Spec.ServiceAccountRole("r", new Ref("oidc"), "ns", "sa", List.of(), null, "p").type()).isEqualTo("iam_service_account_role");
    }

    @Test
    void anIrsaRoleRecordedAsIamRoleByAnEarlierKpcComesBackAsOne() {
        Spec irsa = new Spec.ServiceAccountRole("katonic-prod-velero", new Ref("oidc-provider"), "velero", "velero",
                List.of("arn:aws:iam::aws:policy/x"), "{}", "Velero");
        Spec back = SpecTypes.decode("iam_role", new Resource("iam-role-velero", irsa, List.of()).attributes());
        assertThat(back).isEqualTo(irsa);
        Spec plain = new Spec.IamRole("katonic-prod-jump-host", "ec2.amazonaws.com", List.of(), null, "the jump host");
        assertThat(SpecTypes.decode("iam_role", new Resource("iam-role-jump-host", plain, List.of()).attributes())).isEqualTo(plain);
    }

    @Test
    void anotherKindsAttributesOrAnUnknownNameAreNoSpec() {
        Map<String, Object> vpc = new Resource("vpc", new Spec.Vpc("10.0.0.0/16"), List.of()).attributes();
        assertThat(SpecTypes.decode("subnet", vpc)).isNull();
        assertThat(SpecTypes.decode("no_such_kind", vpc)).isNull();
        assertThat(SpecTypes.decode("vpc", null)).isNull();
        Map<String, Object> subnet = new HashMap<>(new Resource("s", new Spec.Subnet(new Ref("vpc"), "a", "10.0.0.0/24", "us-east-1a", true),
                List.of()).attributes());
        subnet.remove("is_public");
        assertThat(SpecTypes.decode("subnet", subnet)).as("a boolean the record needs, missing").isNull();
    }

    @Test
    void aListOrMapAttributeAKindGainedLaterIsEmptyInOlderState() {
        Spec.Certificate c = new Spec.Certificate("katonic.example.com", List.of("dash-katonic.example.com"));
        Map<String, Object> attrs = new HashMap<>(new Resource("certificate", c, List.of()).attributes());
        attrs.remove("alternative_names");
        assertThat(SpecTypes.decode("acm_certificate", attrs)).isEqualTo(new Spec.Certificate("katonic.example.com", List.of()));
    }

    @Test
    void whatStateRecordsIsTheSameInATurkishLocale() throws Exception {
        List<Resource> planned = resources();
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            Spec.AlbOidcSecret oidc = new Spec.AlbOidcSecret(new Ref("kubernetes-api"), new Ref("namespace-superset"), "superset", "alb-oidc",
                    "katonic", "arn:aws:secretsmanager:us-east-1:111122223333:secret:x");
            assertThat(new Resource("oidc-secret-superset", oidc, List.of()).attributes()).containsKeys("client_id", "client_secret_arn");
            for (Resource r : planned) assertThat(SpecTypes.decode(r.type(), r.attributes())).as(r.id()).isEqualTo(r.spec());
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
