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
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes kinds alone, against fabric8's API server mock (no moto, no AWS), reached as kpc reaches a cluster
 * (endpoint, the CA, an EKS token): the namespace, storage class and generated Secret made labelled
 * {@code kpc.katonic.ai/cluster=<name>}, adopted and deleted only with that label, checked on the answer (one of the
 * name made by someone else refused and left as it was); the default storage class made the only default; a
 * generated Secret's random values made once and never printed; a namespace's network policies (deny all but its
 * own pods and the VPC, one missing made again); an Ingress HTTPS only, in the shared group, with the certificate,
 * changed in place; the ALB's address read from the Ingress's status and the records for the names said; deletes of
 * what is gone no error.
 */
class KubeKindsTest {
    @TempDir
    Path dir;

    KubeKindFixture fixture;
    static final Ref API = new Ref(Ids.KUBERNETES_API);

    @BeforeEach
    void start() throws Exception {
        fixture = new KubeKindFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aNamespaceIsMadeLabelledAndOneOfTheNameSomeoneElseMadeIsRefusedAndLeftAlone() {
        Spec.KubeNamespace superset = new Spec.KubeNamespace(API, "superset");
        StepContext ctx = fixture.step(Ids.namespace("superset"), superset);
        NamespaceHandler h = new NamespaceHandler();
        assertThat(h.observe(ctx, superset)).isEmpty();
        h.create(ctx, superset);
        assertThat(fixture.admin.namespaces().withName("superset").get().getMetadata().getLabels())
                .containsEntry("kpc.katonic.ai/cluster", "katonic-prod");
        assertThat(h.observe(ctx, superset)).map(Live::awsId).contains("superset");

        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("airbyte")
                .addToLabels("team", "data").endMetadata().build()).create();
        Spec.KubeNamespace airbyte = new Spec.KubeNamespace(API, "airbyte");
        StepContext theirs = fixture.step(Ids.namespace("airbyte"), airbyte);
        assertThatThrownBy(() -> h.observe(theirs, airbyte)).isInstanceOf(KpcException.class)
                .hasMessageContaining("without the label kpc.katonic.ai/cluster=katonic-prod");
        assertThat(fixture.admin.namespaces().withName("airbyte").get().getMetadata().getLabels()).doesNotContainKey("kpc.katonic.ai/cluster");
        // nor deleted, whatever a state says: the label is checked on the answer
        h.delete(theirs, airbyte, Live.of("airbyte"));
        assertThat(fixture.admin.namespaces().withName("airbyte").get()).isNotNull();
        assertThat(fixture.said.toString()).contains("left alone: namespace airbyte is not labelled kpc.katonic.ai/cluster=katonic-prod");

        h.delete(ctx, superset, Live.of("superset"));
        assertThat(fixture.admin.namespaces().withName("superset").get()).isNull();
        h.delete(ctx, superset, Live.of("superset"));
    }

    @Test
    void theDefaultStorageClassIsMadeTheOnlyDefault() {
        fixture.admin.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("gp2")
                .addToAnnotations(StorageClassHandler.DEFAULT, "true").endMetadata().withProvisioner("kubernetes.io/aws-ebs").build()).create();
        Spec.StorageClass kfs = new Spec.StorageClass(API, "kfs", "ebs.csi.aws.com", Map.of("type", "gp3", "encrypted", "true"), true, null);
        StepContext ctx = fixture.step(Ids.KFS_STORAGE_CLASS, kfs);
        StorageClassHandler h = new StorageClassHandler();
        h.create(ctx, kfs);
        StorageClass made = fixture.admin.storage().v1().storageClasses().withName("kfs").get();
        assertThat(made.getParameters()).containsEntry("type", "gp3").containsEntry("encrypted", "true");
        assertThat(List.of(made.getVolumeBindingMode(), made.getReclaimPolicy(), made.getAllowVolumeExpansion()))
                .containsExactly("WaitForFirstConsumer", "Delete", true);
        assertThat(made.getMetadata().getAnnotations()).containsEntry(StorageClassHandler.DEFAULT, "true");
        assertThat(fixture.admin.storage().v1().storageClasses().withName("gp2").get().getMetadata().getAnnotations())
                .containsEntry(StorageClassHandler.DEFAULT, "false");
        assertThat(fixture.said.toString()).contains("storage class gp2 is no longer the default");
        assertThat(h.observe(ctx, kfs)).map(Live::awsId).contains("kfs");
    }

    @Test
    void aGeneratedSecretIsMadeOnceWithRandomValuesThatAreNeverSaid() {
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("superset").endMetadata().build()).create();
        Spec.GeneratedSecret spec = new Spec.GeneratedSecret(API, new Ref(Ids.namespace("superset")), "superset", "superset-kpc",
                List.of("admin-password", "secret-key"), "Superset's admin password and SECRET_KEY");
        StepContext ctx = fixture.step("superset-secrets", spec);
        GeneratedSecretHandler h = new GeneratedSecretHandler();
        h.create(ctx, spec);
        Secret made = fixture.admin.secrets().inNamespace("superset").withName("superset-kpc").get();
        Map<String, String> values = KubeKindFixture.values(made);
        assertThat(values.keySet()).containsExactlyInAnyOrder("admin-password", "secret-key");
        assertThat(values.values()).allMatch(v -> v.matches("[A-Za-z0-9_-]{43}")).doesNotHaveDuplicates();
        values.values().forEach(v -> assertThat(fixture.said.toString()).doesNotContain(v));
        // found again (a re-apply keeps it): never made anew
        assertThat(h.observe(ctx, spec)).map(Live::awsId).contains("superset-kpc");
        // one of the name someone else made is refused and left as it was
        fixture.admin.secrets().inNamespace("superset").resource(new SecretBuilder().withNewMetadata().withName("theirs").endMetadata()
                .addToStringData("k", "v").build()).create();
        Spec.GeneratedSecret theirs = new Spec.GeneratedSecret(API, new Ref(Ids.namespace("superset")), "superset", "theirs",
                List.of("k"), "someone's");
        assertThatThrownBy(() -> h.observe(fixture.step("theirs", theirs), theirs)).isInstanceOf(KpcException.class);
        h.delete(fixture.step("theirs", theirs), theirs, Live.of("theirs"));
        assertThat(fixture.admin.secrets().inNamespace("superset").withName("theirs").get()).isNotNull();
        h.delete(ctx, spec, Live.of("superset-kpc"));
        assertThat(fixture.admin.secrets().inNamespace("superset").withName("superset-kpc").get()).isNull();
        h.delete(ctx, spec, Live.of("superset-kpc"));
    }

    @Test
    void aNamespacesNetworkPoliciesDenyAllButItsOwnPodsAndTheVpcAndAMissingOneIsMadeAgain() {
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("superset").endMetadata().build()).create();
        Spec.NetworkPolicies spec = new Spec.NetworkPolicies(API, new Ref(Ids.namespace("superset")), "superset", "10.0.0.0/21", "calico");
        StepContext ctx = fixture.step("network-policies-superset", spec);
        NetworkPolicyHandler h = new NetworkPolicyHandler();
        assertThat(h.observe(ctx, spec)).isEmpty();
        h.create(ctx, spec);
        var policies = fixture.admin.network().v1().networkPolicies().inNamespace("superset");
        assertThat(policies.list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("default-deny-ingress", "allow-same-namespace", "allow-from-vpc");
        assertThat(policies.list().getItems()).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("kpc.katonic.ai/cluster", "katonic-prod"));
        assertThat(policies.withName("default-deny-ingress").get().getSpec().getIngress()).isEmpty();
        assertThat(policies.withName("allow-from-vpc").get().getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().getCidr()).isEqualTo("10.0.0.0/21");
        assertThat(h.observe(ctx, spec)).isPresent();
        policies.withName("allow-from-vpc").delete();
        assertThat(h.observe(ctx, spec)).as("one missing: made again in full").isEmpty();
        h.update(ctx, spec, Live.of("superset"));
        assertThat(h.observe(ctx, spec)).isPresent();
        h.delete(ctx, spec, Live.of("superset"));
        assertThat(policies.list().getItems()).isEmpty();
    }

    @Test
    void anIngressIsHttpsOnlyInTheSharedGroupWithTheCertificateAndChangesInPlace() {
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("superset").endMetadata().build()).create();
        fixture.state.created("acm-certificate", "acm_certificate", "arn:cert", Map.of("arn", "arn:aws:acm:us-east-1:111122223333:certificate/1"), Map.of());
        Spec.KubeIngress spec = new Spec.KubeIngress(API, new Ref(Ids.namespace("superset")), "superset", "superset", "dash-katonic.example.com",
                "superset", 8088, "internet-facing", "katonic", new Ref("acm-certificate"), null, Map.of());
        StepContext ctx = fixture.step("ingress-superset", spec);
        IngressHandler h = new IngressHandler();
        h.create(ctx, spec);
        var made = fixture.admin.network().v1().ingresses().inNamespace("superset").withName("superset").get();
        assertThat(made.getMetadata().getAnnotations()).containsEntry(IngressHandler.SCHEME, "internet-facing")
                .containsEntry("alb.ingress.kubernetes.io/target-type", "ip").containsEntry("alb.ingress.kubernetes.io/group.name", "katonic")
                .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]")
                .containsEntry("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
                .containsEntry(IngressHandler.CERTIFICATE, "arn:aws:acm:us-east-1:111122223333:certificate/1");
        assertThat(made.getSpec().getIngressClassName()).isEqualTo("alb");
        var rule = made.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("dash-katonic.example.com");
        assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("superset");
        assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getPort().getNumber()).isEqualTo(8088);

        Spec.KubeIngress internal = new Spec.KubeIngress(API, new Ref(Ids.namespace("superset")), "superset", "superset", "dash-katonic.example.com",
                "superset", 8088, "internal", "katonic", new Ref("acm-certificate"), null, Map.of("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/8"));
        h.update(ctx, internal, Live.of("superset"));
        var changed = fixture.admin.network().v1().ingresses().inNamespace("superset").withName("superset").get();
        assertThat(changed.getMetadata().getAnnotations()).containsEntry(IngressHandler.SCHEME, "internal")
                .containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/8");
        assertThat(changed.getMetadata().getUid()).as("changed in place, not made anew").isEqualTo(made.getMetadata().getUid());
        h.delete(ctx, spec, Live.of("superset"));
        assertThat(fixture.admin.network().v1().ingresses().inNamespace("superset").withName("superset").get()).isNull();
    }

    @Test
    void theAlbsAddressIsReadFromTheIngressAndTheRecordsForItsNamesSaid() {
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("superset").endMetadata().build()).create();
        fixture.admin.network().v1().ingresses().inNamespace("superset").resource(new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
                .withNewMetadata().withName("superset").endMetadata()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withHostname("k8s-katonic-0123.us-east-1.elb.amazonaws.com").endIngress()
                .endLoadBalancer().endStatus().build()).create();
        Spec.IngressAddress spec = new Spec.IngressAddress(API, new Ref("ingress-superset"), "superset", "superset",
                List.of("katonic.example.com", "dash-katonic.example.com"));
        StepContext ctx = fixture.step("ingress-address", spec);
        IngressAddressHandler h = new IngressAddressHandler();
        assertThat(h.observe(ctx, spec)).as("read, not adopted, on the first apply").isEmpty();
        Live read = h.create(ctx, spec);
        assertThat(read.outputs()).containsEntry("hostname", "k8s-katonic-0123.us-east-1.elb.amazonaws.com")
                .containsEntry("records", "katonic.example.com CNAME k8s-katonic-0123.us-east-1.elb.amazonaws.com\n"
                        + "dash-katonic.example.com CNAME k8s-katonic-0123.us-east-1.elb.amazonaws.com");
        // no hosted zone in the example config: the records are said for whoever runs the domain
        assertThat(fixture.said.toString()).contains("point the name at the ALB: dash-katonic.example.com CNAME k8s-katonic-0123");
    }
}
