package ai.katonic.kpc.k8s;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The cluster side of an install, against moto, the simulator's EKS add-on API and a Kubernetes API
 * server per cluster (fabric8's mock in CRUD mode over TLS). What kpc made is read back with a
 * client of the test's own, built from what plain EKS DescribeCluster says (endpoint, CA), with
 * TLS verification on: the add-ons and their IRSA roles, the storage classes, the namespaces and
 * their NetworkPolicies; then drift repaired, a re-apply that changes nothing, and destroy removing
 * the Kubernetes objects before the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class KubernetesLayerTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    static Path dir;

    static final String NAME = "kube";
    static Path config;
    static KubernetesClient kube;

    EksClient eks = moto.client(EksClient.builder());

    @AfterAll
    static void closeClient() {
        if (kube != null) kube.close();
    }

    static KubernetesClient client(Cluster c, String caData) {
        Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(c.endpoint()).withCaCertData(caData)
                .withOauthToken("test").withRequestTimeout(10_000).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(cfg).build();
    }

    @Test
    @Order(1)
    void applyInstallsAddOnsStorageClassesAndNetworkPolicies() throws Exception {
        config = Moto.config(dir, NAME);
        Files.writeString(config, Files.readString(config).replace("network_policy: calico ", "network_policy: vpc-cni "));
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        // No hosted zone: the records that point the platform's names at the ALB are printed.
        assertThat(r.out()).containsPattern("point the name at the ALB: dash-katonic.example.com CNAME k8s-katonic-[0-9a-f]+-[0-9]+\\.us-east-1\\.elb\\.amazonaws\\.com");

        // Add-ons, each CSI driver and the CNI on its own role, trusted by the cluster's OIDC provider for one service account.
        Cluster cluster = eks.describeCluster(b -> b.name(NAME)).cluster();
        assertThat(eks.listAddons(b -> b.clusterName(NAME)).addons())
                .containsExactlyInAnyOrder("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver", "aws-efs-csi-driver");
        var cni = eks.describeAddon(b -> b.clusterName(NAME).addonName("vpc-cni")).addon();
        assertThat(cni.configurationValues()).isEqualTo("{\"enableNetworkPolicy\":\"true\"}");
        assertThat(cni.statusAsString()).isEqualTo("ACTIVE");
        IamClient iam = moto.client(IamClient.builder().region(Region.AWS_GLOBAL));
        String issuer = cluster.identity().oidc().issuer().replace("https://", "");
        for (var expected : Map.of("vpc-cni", "aws-node", "aws-ebs-csi-driver", "ebs-csi-controller-sa",
                "aws-efs-csi-driver", "efs-csi-controller-sa").entrySet()) {
            String roleArn = eks.describeAddon(b -> b.clusterName(NAME).addonName(expected.getKey())).addon().serviceAccountRoleArn();
            assertThat(roleArn).as(expected.getKey()).isNotNull();
            String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
            String trust = URLDecoder.decode(iam.getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8);
            assertThat(trust).contains("\"Federated\":\"arn:aws:iam::123456789012:oidc-provider/" + issuer + "\"")
                    .contains("sts:AssumeRoleWithWebIdentity")
                    .contains("\"" + issuer + ":sub\":\"system:serviceaccount:kube-system:" + expected.getValue() + "\"")
                    .contains("\"" + issuer + ":aud\":\"sts.amazonaws.com\"");
        }
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(NAME + "-ebs-csi")).attachedPolicies())
                .extracting(p -> p.policyArn()).containsExactly("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
        assertThat(eks.describeAddon(b -> b.clusterName(NAME).addonName("coredns")).addon().serviceAccountRoleArn()).isNull();

        // The Kubernetes API, reached the way kubectl would: EKS's endpoint, EKS's CA, TLS verified.
        kube = client(cluster, cluster.certificateAuthority().data());
        StorageClass kfs = kube.storage().v1().storageClasses().withName("kfs").get();
        assertThat(kfs.getProvisioner()).isEqualTo("ebs.csi.aws.com");
        assertThat(kfs.getParameters()).containsEntry("type", "gp3").containsEntry("encrypted", "true");
        assertThat(kfs.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(kfs.getAllowVolumeExpansion()).isTrue();
        StorageClass shared = kube.storage().v1().storageClasses().withName("kfs-shared").get();
        assertThat(shared.getProvisioner()).isEqualTo("efs.csi.aws.com");
        String fsId = moto.client(software.amazon.awssdk.services.efs.EfsClient.builder()).describeFileSystems().fileSystems().stream()
                .filter(f -> f.tags().stream().anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(NAME)))
                .findFirst().orElseThrow().fileSystemId();
        assertThat(shared.getParameters()).containsEntry("provisioningMode", "efs-ap").containsEntry("fileSystemId", fsId);
        assertThat(defaults()).containsExactly("kfs");

        for (String ns : new String[] {"katonic", "superset", "airbyte"}) {
            assertThat(kube.namespaces().withName(ns).get().getMetadata().getLabels()).containsEntry("kpc.katonic.ai/cluster", NAME);
            var policies = kube.network().v1().networkPolicies().inNamespace(ns).list().getItems();
            assertThat(policies).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("default-deny-ingress", "allow-same-namespace", "allow-from-vpc");
            var deny = policies.stream().filter(p -> p.getMetadata().getName().equals("default-deny-ingress")).findFirst().orElseThrow();
            assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
            var vpc = policies.stream().filter(p -> p.getMetadata().getName().equals("allow-from-vpc")).findFirst().orElseThrow();
            assertThat(vpc.getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().getCidr()).isEqualTo("10.0.0.0/21");
        }
    }

    @Test
    @Order(2)
    void oneAlbServesTheThreeHostsWithTheCertificateKpcRequested() throws Exception {
        var acm = moto.client(software.amazon.awssdk.services.acm.AcmClient.builder());
        var certs = acm.listCertificates().certificateSummaryList();
        assertThat(certs).hasSize(1);
        var cert = acm.describeCertificate(b -> b.certificateArn(certs.get(0).certificateArn())).certificate();
        assertThat(cert.domainName()).isEqualTo("katonic.example.com");
        assertThat(cert.subjectAlternativeNames()).contains("dash-katonic.example.com", "connectors-katonic.example.com");
        assertThat(cert.domainValidationOptions()).allMatch(v -> v.validationMethodAsString().equals("DNS"));

        Map<String, String> hosts = new java.util.HashMap<>();
        for (String ns : new String[] {"katonic", "superset", "airbyte"}) {
            var ingresses = kube.network().v1().ingresses().inNamespace(ns).list().getItems();
            assertThat(ingresses).hasSize(1);
            var ing = ingresses.get(0);
            assertThat(ing.getSpec().getIngressClassName()).isEqualTo("alb");
            assertThat(ing.getMetadata().getAnnotations()).containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
                    .containsEntry("alb.ingress.kubernetes.io/group.name", "katonic")
                    .containsEntry("alb.ingress.kubernetes.io/certificate-arn", cert.certificateArn())
                    .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]");
            var rule = ing.getSpec().getRules().get(0);
            hosts.put(rule.getHost(), ns + "/" + rule.getHttp().getPaths().get(0).getBackend().getService().getName());
            assertThat(ing.getSpec().getTls().get(0).getHosts()).containsExactly(rule.getHost());
        }
        assertThat(hosts).containsOnly(Map.entry("katonic.example.com", "katonic/katonic-platform"),
                Map.entry("dash-katonic.example.com", "superset/superset"),
                Map.entry("connectors-katonic.example.com", "airbyte/airbyte-airbyte-webapp-svc"));

        // An internal load balancer instead: the Ingresses change in place.
        Files.writeString(config, Files.readString(config).replace("load_balancer: external", "load_balancer: internal"));
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("~ ingress-katonic").contains("3 updated");
        for (String ns : new String[] {"katonic", "superset", "airbyte"}) {
            assertThat(kube.network().v1().ingresses().inNamespace(ns).list().getItems().get(0).getMetadata().getAnnotations())
                    .containsEntry("alb.ingress.kubernetes.io/scheme", "internal");
        }
    }

    @Test
    @Order(2)
    void theApiIsReachedOnlyWithTheClustersCa() {
        Cluster cluster = eks.describeCluster(b -> b.name(NAME)).cluster();
        // Another certificate for the same host name, which did not sign the server's: the handshake must fail.
        var other = io.vertx.core.net.SelfSignedCertificate.create("localhost");
        String otherCa;
        try {
            otherCa = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(other.certificatePath())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            other.delete();
        }
        try (KubernetesClient wrong = client(cluster, otherCa)) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> wrong.namespaces().list());
            assertThat(refused).isInstanceOf(KubernetesClientException.class);
            assertThat(org.assertj.core.util.Throwables.getStackTrace(refused)).containsAnyOf("SSLHandshakeException", "PKIX");
        }
    }

    @Test
    @Order(3)
    void driftIsRepairedAndKfsStaysTheOnlyDefault() {
        // Someone marks gp2 default (as EKS did before 1.30) and deletes kfs: apply makes kfs again and takes the default back.
        kube.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("gp2")
                .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).endMetadata()
                .withProvisioner("kubernetes.io/aws-ebs").withParameters(Map.of("type", "gp2")).build()).create();
        kube.storage().v1().storageClasses().withName("kfs").delete();
        kube.network().v1().networkPolicies().inNamespace("airbyte").withName("allow-from-vpc").delete();

        Cli.Result status = moto.kpc("status", "-f", config.toString());
        assertThat(status.exit()).as(status.all()).isEqualTo(1);
        assertThat(status.out()).contains("storage-class-kfs").contains("network-policies-airbyte");

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("storage class gp2 is no longer the default");
        assertThat(defaults()).containsExactly("kfs");
        assertThat(kube.network().v1().networkPolicies().inNamespace("airbyte").withName("allow-from-vpc").get()).isNotNull();

        Cli.Result again = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("No changes");
    }

    @Test
    @Order(4)
    void destroyRemovesTheKubernetesObjectsBeforeTheCluster() {
        Cli.Result r = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(r.exit()).as(r.all()).isZero();
        String out = r.out();
        int clusterGoes = progress(out, "eks-cluster", "deleting");
        assertThat(clusterGoes).as(out).isPositive();
        for (String step : new String[] {"storage-class-kfs", "storage-class-kfs-shared", "namespace-katonic", "network-policies-superset",
                "ingress-airbyte", "addon-vpc-cni", "addon-aws-ebs-csi-driver"}) {
            assertThat(progress(out, step, "deleted")).as(step + " in\n" + out).isPositive().isLessThan(clusterGoes);
        }
        assertThat(eks.listClusters().clusters()).doesNotContain(NAME);
        assertThat(moto.client(software.amazon.awssdk.services.acm.AcmClient.builder()).listCertificates().certificateSummaryList()).isEmpty();
    }

    /** Where the progress line "[ time] step  word ..." is in the output, or -1. */
    private static int progress(String out, String step, String word) {
        var m = java.util.regex.Pattern.compile("\\] " + java.util.regex.Pattern.quote(step) + " +" + word + "\\b").matcher(out);
        return m.find() ? m.start() : -1;
    }

    private static java.util.List<String> defaults() {
        return kube.storage().v1().storageClasses().list().getItems().stream()
                .filter(sc -> sc.getMetadata().getAnnotations() != null
                        && "true".equals(sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class")))
                .map(sc -> sc.getMetadata().getName()).toList();
    }
}
