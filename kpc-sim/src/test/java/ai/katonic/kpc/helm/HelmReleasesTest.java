package ai.katonic.kpc.helm;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.plan.Charts;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The Helm releases of an install, read back the way an operator would: with Helm itself
 * ({@code helm list} through helm-java, a kubeconfig of the test's own from DescribeCluster's endpoint
 * and CA) and with a Kubernetes client. The charts come from the simulator's chart mirror (packaged
 * by Helm, indexed with digests), named in the config as {@code charts.repository}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
@EndToEnd
class HelmReleasesTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    static Path dir;

    static final String NAME = "helm";
    static Path config;
    static KubernetesClient kube;
    static String kubeconfig;

    EksClient eks = moto.client(EksClient.builder());

    @AfterAll
    static void closeClient() {
        if (kube != null) kube.close();
    }

    /** Everything kpc printed in this class: the scan for secrets reads it. */
    static final StringBuilder printed = new StringBuilder();

    static Cli.Result kpc(String... args) {
        Cli.Result r = moto.kpc(args);
        printed.append(r.all()).append('\n');
        return r;
    }

    static Map<String, Release> releases() {
        return Helm.list().allNamespaces().all().withKubeConfigContents(kubeconfig).call().stream()
                .collect(Collectors.toMap(r -> r.getNamespace() + "/" + r.getName(), r -> r));
    }

    static JsonNode values(String namespace, String release) throws Exception {
        return new ObjectMapper().readTree(kube.configMaps().inNamespace(namespace).withName(release + "-values").get().getData().get("values.json"));
    }

    @Test
    @Order(1)
    void applyInstallsTheControllersAndAppsAsHelmReleases() throws Exception {
        config = Moto.config(dir, NAME);
        // A schedule with a comma: Helm's --set would split it without kpc's escaping.
        String text = Files.readString(config);
        assertThat(text).contains("schedule: \"0 2 * * *\"");
        Files.writeString(config, text.replace("schedule: \"0 2 * * *\"", "schedule: \"0 2,14 * * *\""));
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();

        Cluster cluster = eks.describeCluster(b -> b.name(NAME)).cluster();
        String ca = cluster.certificateAuthority().data();
        kube = moto.kubernetes(NAME);
        kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + cluster.endpoint()
                + "\n    certificate-authority-data: " + ca + "\nusers:\n- name: u\n  user:\n    token: test\n"
                + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n";

        Map<String, Release> releases = releases();
        assertThat(releases.keySet()).containsExactlyInAnyOrder("kube-system/aws-load-balancer-controller",
                "kube-system/cluster-autoscaler", "tigera-operator/tigera-operator", "superset/superset", "airbyte/airbyte",
                "velero/velero", "kube-system/nvidia-device-plugin");
        assertThat(releases.values()).allSatisfy(rel -> assertThat(rel.getStatus()).isEqualTo("deployed"));
        assertThat(releases.get("superset/superset").getAppVersion()).isEqualTo("2.0.1");
        assertThat(releases.get("airbyte/airbyte").getAppVersion()).isEqualTo("0.40.32");
        assertThat(releases.get("kube-system/cluster-autoscaler").getAppVersion()).startsWith(ai.katonic.kpc.engine.Moto.eksVersion() + ".");

        // Each controller's service account names its own IRSA role; the role is trusted for that account only.
        IamClient iam = moto.client(IamClient.builder().region(Region.AWS_GLOBAL));
        for (String[] sa : List.of(new String[] {"aws-load-balancer-controller", NAME + "-load-balancer-controller"},
                new String[] {"cluster-autoscaler", NAME + "-cluster-autoscaler"})) {
            ServiceAccount account = kube.serviceAccounts().inNamespace("kube-system").withName(sa[0]).get();
            var role = iam.getRole(b -> b.roleName(sa[1])).role();
            assertThat(account.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", role.arn());
            assertThat(java.net.URLDecoder.decode(role.assumeRolePolicyDocument(), "UTF-8"))
                    .contains("system:serviceaccount:kube-system:" + sa[0]);
        }
        String autoscalerPolicy = java.net.URLDecoder.decode(iam.getRolePolicy(b -> b.roleName(NAME + "-cluster-autoscaler")
                .policyName("kpc")).policyDocument(), "UTF-8");
        assertThat(autoscalerPolicy).contains("\"aws:ResourceTag/k8s.io/cluster-autoscaler/" + NAME + "\":\"owned\"");
        String lbcPolicy = java.net.URLDecoder.decode(iam.getRolePolicy(b -> b.roleName(NAME + "-load-balancer-controller")
                .policyName("kpc")).policyDocument(), "UTF-8");
        assertThat(lbcPolicy).contains("\"aws:ResourceTag/elbv2.k8s.aws/cluster\":\"" + NAME + "\"").doesNotContain("waf", "shield");

        // The values kpc fills in at apply time: the VPC the controller works in, the cluster the autoscaler discovers.
        String vpcId = moto.client(Ec2Client.builder()).describeVpcs(b -> b.filters(f -> f.name("tag:kpc:cluster").values(NAME)))
                .vpcs().get(0).vpcId();
        JsonNode lbc = values("kube-system", "aws-load-balancer-controller");
        assertThat(lbc.path("vpcId").asString()).isEqualTo(vpcId);
        assertThat(lbc.path("clusterName").asString()).isEqualTo(NAME);
        assertThat(lbc.path("enableWafv2").asBoolean(true)).isFalse();
        assertThat(values("kube-system", "cluster-autoscaler").path("autoDiscovery").path("clusterName").asString()).isEqualTo(NAME);
        assertThat(values("tigera-operator", "tigera-operator").path("installation").path("cni").path("type").asString()).isEqualTo("AmazonVPC");
        // The Services the Ingresses route to are the charts' own.
        assertThat(kube.services().inNamespace("superset").withName("superset").get().getSpec().getPorts().get(0).getPort()).isEqualTo(8088);
        assertThat(kube.services().inNamespace("airbyte").withName("airbyte-airbyte-webapp-svc").get()).isNotNull();

        // The ALB checks each app where it says it is healthy, and takes HTTPS only from the allowed CIDRs.
        var superset = kube.network().v1().ingresses().inNamespace("superset").withName("superset").get().getMetadata().getAnnotations();
        assertThat(superset).containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/health")
                .containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "198.51.100.0/24");
        assertThat(kube.network().v1().ingresses().inNamespace("airbyte").withName("airbyte").get().getMetadata().getAnnotations())
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/").containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "198.51.100.0/24");
        // Platform pods on the platform group (the stand-in charts place them by the values, as the real ones do).
        var pod = kube.apps().deployments().inNamespace("superset").withName("superset").get().getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("katonic.ai/pool", "platform");
        assertThat(pod.getTolerations()).anyMatch(t -> "katonic.ai/pool".equals(t.getKey()) && "NoSchedule".equals(t.getEffect()));
        // The platform group is tainted; the GPU group runs EKS's NVIDIA image, and the device plugin runs there.
        var platform = eks.describeNodegroup(b -> b.clusterName(NAME).nodegroupName("platform")).nodegroup();
        assertThat(platform.taints()).anyMatch(t -> t.key().equals("katonic.ai/pool") && t.value().equals("platform"));
        assertThat(platform.amiTypeAsString()).isEqualTo("AL2023_x86_64_STANDARD");
        var gpu = eks.describeNodegroup(b -> b.clusterName(NAME).nodegroupName("gpu")).nodegroup();
        assertThat(gpu.amiTypeAsString()).isEqualTo("AL2023_x86_64_NVIDIA");
        var plugin = kube.apps().daemonSets().inNamespace("kube-system").withName("nvidia-device-plugin").get().getSpec().getTemplate().getSpec();
        assertThat(plugin.getNodeSelector()).containsEntry("katonic.ai/pool", "gpu");
        assertThat(plugin.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) && "Exists".equals(t.getOperator()));
    }

    @Test
    @Order(2)
    void supersetHasItsOwnRandomSecretKeyAndAdminPasswordThatNothingPrints() throws Exception {
        var secret = kube.secrets().inNamespace("superset").withName("superset-kpc").get();
        assertThat(secret).isNotNull();
        String key = new String(java.util.Base64.getDecoder().decode(secret.getData().get("secret-key")));
        String password = new String(java.util.Base64.getDecoder().decode(secret.getData().get("admin-password")));
        assertThat(key).hasSize(43).isNotEqualTo(password);
        // Superset reads them from the Secret; its values name the Secret, never a value
        JsonNode values = values("superset", "superset");
        assertThat(values.path("extraEnvRaw").toString()).contains("superset-kpc", "SUPERSET_SECRET_KEY");
        assertThat(values.path("configOverrides").toString()).contains("os.environ");
        assertThat(values.path("init").path("adminUser").path("password").asString()).isEqualTo("$KPC_ADMIN_PASSWORD");

        Cli.Result hint = kpc("credentials", "superset", "-f", config.toString());
        assertThat(hint.exit()).as(hint.all()).isZero();
        assertThat(hint.out()).contains("user: admin", "superset/superset-kpc").doesNotContain(password);
        Cli.Result shown = moto.kpc("credentials", "superset", "--show", "-f", config.toString()); // the one output that has it
        assertThat(shown.exit()).as(shown.all()).isZero();
        assertThat(shown.out().strip()).isEqualTo(password);
        Cli.Result airbyte = kpc("credentials", "airbyte", "-f", config.toString());
        assertThat(airbyte.out()).contains("no users");

        // a re-apply keeps them; its log (every AWS, Kubernetes and Helm call) is scanned with the rest
        Path log = dir.resolve("kpc.log");
        Cli.Result again = kpc("--log-file", log.toString(), "-v", "apply", "-f", config.toString(), "--yes");
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(Files.readString(log)).containsPattern("aws eks:DescribeCluster 200 \\d+ms")
                .containsPattern("k8s GET /api/v1/namespaces/superset/secrets/superset-kpc 200 \\d+ms")
                .containsPattern("helm list Helm releases in superset ok \\d+ms");
        assertThat(again.err()).contains(" aws ").contains(" k8s ");
        assertThat(kube.secrets().inNamespace("superset").withName("superset-kpc").get().getData()).isEqualTo(secret.getData());
        assertNowhere(key, password);
    }

    /** None of the values is in anything kpc printed, in any file beside the config (state, plans, kubeconfigs), or in S3. */
    static void assertNowhere(String... values) throws Exception {
        for (String v : values) assertThat(printed.toString()).doesNotContain(v);
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String v : values) assertThat(text).as(f.toString()).doesNotContain(v);
            }
        }
        var s3 = moto.client(software.amazon.awssdk.services.s3.S3Client.builder());
        for (var b : s3.listBuckets().buckets()) {
            for (var o : s3.listObjectsV2(x -> x.bucket(b.name())).contents()) {
                String text = s3.getObjectAsBytes(x -> x.bucket(b.name()).key(o.key())).asString(java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String v : values) assertThat(text).as("s3://" + b.name() + "/" + o.key()).doesNotContain(v);
            }
        }
    }

    @Test
    @Order(3)
    void veleroBacksUpToTheBucketOnItsOwnRoleWithTheConfiguredScheduleAndRetention() throws Exception {
        var bsl = kube.genericKubernetesResources("velero.io/v1", "BackupStorageLocation").inNamespace("velero").withName("default").get();
        assertThat((Map<String, Object>) bsl.get("spec", "objectStorage")).containsEntry("bucket", NAME + "-backups").containsEntry("prefix", "velero");
        assertThat((Map<String, Object>) bsl.get("spec", "config")).containsEntry("region", "us-east-1");
        var vsl = kube.genericKubernetesResources("velero.io/v1", "VolumeSnapshotLocation").inNamespace("velero").withName("default").get();
        assertThat((String) vsl.get("spec", "provider")).isEqualTo("aws");
        var schedule = kube.genericKubernetesResources("velero.io/v1", "Schedule").inNamespace("velero").withName("velero-katonic").get();
        assertThat((String) schedule.get("spec", "schedule")).isEqualTo("0 2,14 * * *");
        assertThat((String) schedule.get("spec", "template", "ttl")).isEqualTo("720h0m0s"); // retention_days: 30
        assertThat((List<String>) schedule.get("spec", "template", "includedNamespaces")).containsExactly("katonic", "superset", "airbyte");
        assertThat(kube.apps().daemonSets().inNamespace("velero").withName("node-agent").get()).as("the node agent (file-system backup of EFS volumes)").isNotNull();

        IamClient iam = moto.client(IamClient.builder().region(Region.AWS_GLOBAL));
        var role = iam.getRole(b -> b.roleName(NAME + "-velero")).role();
        assertThat(kube.serviceAccounts().inNamespace("velero").withName("velero-server").get().getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", role.arn());
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(NAME + "-velero")).attachedPolicies()).isEmpty();
        JsonNode policy = new ObjectMapper().readTree(java.net.URLDecoder.decode(iam.getRolePolicy(b -> b.roleName(NAME + "-velero")
                .policyName("kpc")).policyDocument(), "UTF-8"));
        // The seed's backup statements for this bucket (as `kpc policy backup` prints them), then the EBS snapshot actions, nothing more.
        Cli.Result seed = Cli.run("policy", "backup", "-f", config.toString());
        JsonNode seedStatements = new ObjectMapper().readTree(seed.out()).path("Statement");
        assertThat(policy.path("Statement").size()).isEqualTo(seedStatements.size() + 1);
        for (int i = 0; i < seedStatements.size(); i++) assertThat(policy.path("Statement").get(i)).isEqualTo(seedStatements.get(i));
        JsonNode snapshots = policy.path("Statement").get(seedStatements.size());
        List<String> actions = new java.util.ArrayList<>();
        snapshots.path("Action").forEach(a -> actions.add(a.asString()));
        assertThat(actions).containsExactlyInAnyOrder("ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags",
                "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot");
    }

    @Test
    @Order(4)
    void reApplyChangesNothing() {
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all()).doesNotContain("helm install", "helm upgrade");
        assertThat(releases().values()).allSatisfy(rel -> assertThat(rel.getRevision()).isEqualTo("1"));
    }

    @Test
    @Order(5)
    void anUninstalledReleaseIsPutBackAndAChangedValueUpgradesIt() throws Exception {
        Helm.uninstall("cluster-autoscaler").withNamespace("kube-system").withKubeConfigContents(kubeconfig).call();
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(releases()).containsKey("kube-system/cluster-autoscaler");

        // Charts from another repository (a copy of the mirror) are an upgrade of each release (revision 2);
        // an app switched off is uninstalled, and its namespace goes with it.
        Path copy = Files.createDirectories(dir.resolve("mirror"));
        try (var files = Files.list(Path.of(java.net.URI.create(ai.katonic.kpc.sim.ChartMirror.url())))) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        String text = Files.readString(config);
        String mirror = text.substring(text.indexOf("  repository: \"") + 15, text.indexOf('"', text.indexOf("  repository: \"") + 15));
        Files.writeString(config, text.replace(mirror, copy.toUri().toString())
                .replace("  repository: ", "  versions: {cluster-autoscaler: \"" + ai.katonic.kpc.plan.Charts.AUTOSCALER.get(ai.katonic.kpc.engine.Moto.eksVersion())
                        + "\", superset: \"0.8.10\"}\n  repository: ")
                .replace("apps: {superset: true, airbyte: true}", "apps: {superset: true, airbyte: false}"));
        r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).contains("! data loss: deletes namespace airbyte and everything in it");
        r = kpc("apply", "-f", config.toString(), "--yes", "--allow-data-loss");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all()).contains("helm-airbyte").contains("namespace-airbyte");
        assertThat(r.out()).contains("helm upgrade superset superset 0.8.10");
        assertThat(releases()).doesNotContainKey("airbyte/airbyte");
        assertThat(releases().get("superset/superset").getRevision()).isEqualTo("2");
        assertThat(kube.namespaces().withName("airbyte").get()).isNull();
        // Nothing names connectors- any more: the certificate was replaced (the new one first, the old deleted after
        // the Ingresses moved to it), and the ALB's names are the platform's and Superset's.
        var acm = moto.client(software.amazon.awssdk.services.acm.AcmClient.builder());
        var certs = acm.listCertificates(b -> b.includes(i -> i.keyTypes(software.amazon.awssdk.services.acm.model.KeyAlgorithm.knownValues())))
                .certificateSummaryList();
        assertThat(certs).as(r.all()).hasSize(1);
        var names = acm.describeCertificate(b -> b.certificateArn(certs.get(0).certificateArn())).certificate().subjectAlternativeNames();
        assertThat(names).noneMatch(n -> n.startsWith("connectors-"));
        assertThat(r.out()).contains("replacing: alternative_names changed");
        String ingressCert = kube.network().v1().ingresses().inNamespace("katonic").withName("katonic").get().getMetadata().getAnnotations()
                .get("alb.ingress.kubernetes.io/certificate-arn");
        assertThat(ingressCert).isEqualTo(certs.get(0).certificateArn());
    }

    @Test
    @Order(6)
    void aChartThatDoesNotShipTheAppVersionIsRefusedBeforeAnythingChanges() throws Exception {
        Files.writeString(config, Files.readString(config).replace("superset: \"0.8.10\"", "superset: \"0.8.9\""));
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.all()).contains("chart superset 0.8.9 is not in ", "versions there that ship app 2.0.1: 0.8.10",
                "charts.versions.superset").doesNotContain("\tat ", "IllegalStateException");
        assertThat(releases().get("superset/superset").getRevision()).isEqualTo("2");
        Files.writeString(config, Files.readString(config).replace("superset: \"0.8.9\"", "superset: \"0.8.10\""));
    }

    @Test
    @Order(7)
    void anOidcLoginAtTheAlbReadsTheClientSecretFromSecretsManagerIntoTheClusterOnly() throws Exception {
        var sm = moto.client(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder());
        String clientSecret = "oidc-" + java.util.UUID.randomUUID();
        String arn = sm.createSecret(b -> b.name("katonic-oidc").secretString(clientSecret)).arn();
        String text = Files.readString(config);
        Files.writeString(config, text.replace("  allowed_cidrs: [\"198.51.100.0/24\"]", "  allowed_cidrs: [\"198.51.100.0/24\"]\n  oidc: {issuer: \"https://idp.example.com\", "
                + "authorization_endpoint: \"https://idp.example.com/authorize\", token_endpoint: \"https://idp.example.com/token\", "
                + "user_info_endpoint: \"https://idp.example.com/userinfo\", client_id: katonic, client_secret_arn: \"" + arn + "\"}"));
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        for (String ns : List.of("katonic", "superset")) {
            var a = kube.network().v1().ingresses().inNamespace(ns).withName(ns).get().getMetadata().getAnnotations();
            assertThat(a).containsEntry("alb.ingress.kubernetes.io/auth-type", "oidc")
                    .containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "198.51.100.0/24");
            assertThat(a.get("alb.ingress.kubernetes.io/auth-idp-oidc")).contains("\"secretName\":\"kpc-alb-oidc\"", "https://idp.example.com/token");
            var s = kube.secrets().inNamespace(ns).withName("kpc-alb-oidc").get();
            assertThat(new String(java.util.Base64.getDecoder().decode(s.getData().get("clientSecret")))).isEqualTo(clientSecret);
            var binding = kube.rbac().roleBindings().inNamespace(ns).withName("kpc-alb-oidc-reader").get();
            assertThat(binding.getSubjects().get(0).getName()).isEqualTo("aws-load-balancer-controller");
        }
        assertNowhere(clientSecret);
    }

    @Test
    @Order(8)
    void preflightAsksTheRegistriesForEveryImageTheReleasesWillRun() throws Exception {
        Cli.Result ok = kpc("preflight", "-f", config.toString());
        assertThat(ok.out()).as(ok.all()).containsPattern("images +pass +\\d+ images of \\d+ releases exist in their registries");
        // an image tag that was never published: preflight fails naming the release, the object and the image
        String text = Files.readString(config);
        assertThat(text).contains("superset: \"0.8.10\"}");
        Files.writeString(config, text.replace("superset: \"0.8.10\"}", "superset: \"0.8.10\", velero-plugin-for-aws: v9.9.9}"));
        Cli.Result missing = kpc("preflight", "-f", config.toString());
        assertThat(missing.exit()).as(missing.all()).isEqualTo(3);
        assertThat(missing.out()).contains("images", "fail", "velero Deployment/velero: velero/velero-plugin-for-aws:v9.9.9",
                "docker.io has no velero/velero-plugin-for-aws:v9.9.9");
        Files.writeString(config, text);
    }

    @Test
    @Order(9)
    void destroyUninstallsTheReleasesBeforeTheClusterGoes() {
        Cli.Result r = kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(r.exit()).as(r.all()).isZero();
        String out = r.out();
        assertThat(deleted(out, "helm-aws-load-balancer-controller")).isPositive().isLessThan(deleting(out, "eks-cluster"));
        assertThat(deleted(out, "helm-velero")).isPositive().isLessThan(deleting(out, "eks-cluster"));
        assertThat(deleted(out, "ingress-superset")).isPositive().isLessThan(deleting(out, "helm-aws-load-balancer-controller"));
    }

    /** Where the progress line "<id> deleted ..." / "<id> deleting ..." is in the output (-1: none). */
    static int deleted(String out, String id) {
        var m = java.util.regex.Pattern.compile("\\] " + java.util.regex.Pattern.quote(id) + " +deleted").matcher(out);
        return m.find() ? m.start() : -1;
    }

    static int deleting(String out, String id) {
        var m = java.util.regex.Pattern.compile("\\] " + java.util.regex.Pattern.quote(id) + " +deleting").matcher(out);
        return m.find() ? m.start() : -1;
    }
}
