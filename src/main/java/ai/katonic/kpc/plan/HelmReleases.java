package ai.katonic.kpc.plan;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.helm.Charts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph's Helm releases and the IRSA roles of the controllers among them: the AWS Load Balancer
 * Controller (the ALB behind kpc's Ingresses), the cluster autoscaler (node groups found by the
 * auto-discovery tags kpc puts on them), the Tigera operator when Calico enforces NetworkPolicies,
 * Superset and Airbyte when enabled. Each controller role may touch only what carries this
 * cluster's tag, where the API lets a policy say so.
 */
final class HelmReleases {
    private HelmReleases() {}

    static final String ROLE_ARN_ANNOTATION = "annotations.eks\\.amazonaws\\.com/role-arn";

    static void add(List<Resource> rs, ClusterConfig c, Ref api, Ref oidc, Ref vpc) {
        String n = c.clusterName();
        Ref lbcRole = GraphBuilder.add(rs, Resource.of("iam-role-load-balancer-controller", new Spec.ServiceAccountRole(
                n + "-load-balancer-controller", oidc, "kube-system", "aws-load-balancer-controller", List.of(),
                ControllerPolicies.loadBalancerController(n), "the AWS Load Balancer Controller (the platform's ALB)")));
        GraphBuilder.add(rs, Resource.of("helm-aws-load-balancer-controller", release(c, api, Charts.LOAD_BALANCER_CONTROLLER,
                values("clusterName", n, "region", c.region(), "serviceAccount.name", "aws-load-balancer-controller",
                        // kpc asks for neither WAF nor Shield; off, the controller needs no rights on them
                        "enableShield", "false", "enableWaf", "false", "enableWafv2", "false",
                        "enableServiceMutatorWebhook", "false"),
                Map.of("serviceAccount." + ROLE_ARN_ANNOTATION, lbcRole), Map.of("vpcId", vpc)), "nodegroup-platform"));

        if (c.clusterAutoscaler()) {
            Ref casRole = GraphBuilder.add(rs, Resource.of("iam-role-cluster-autoscaler", new Spec.ServiceAccountRole(
                    n + "-cluster-autoscaler", oidc, "kube-system", "cluster-autoscaler", List.of(),
                    ControllerPolicies.clusterAutoscaler(n, c.region()), "the cluster autoscaler (this cluster's node groups only)")));
            GraphBuilder.add(rs, Resource.of("helm-cluster-autoscaler", release(c, api, Charts.autoscaler(c.eksVersion()),
                    values("autoDiscovery.clusterName", n, "awsRegion", c.region(), "rbac.serviceAccount.name", "cluster-autoscaler",
                            "extraArgs.balance-similar-node-groups", "true", "extraArgs.expander", "least-waste"),
                    Map.of("rbac.serviceAccount." + ROLE_ARN_ANNOTATION, casRole), Map.of()), "nodegroup-platform"));
        }
        if (c.networkPolicy().equals("calico")) {
            // policy-only: the VPC CNI keeps pod networking, Calico enforces NetworkPolicies
            GraphBuilder.add(rs, Resource.of("namespace-tigera-operator", new Spec.KubeNamespace(api, "tigera-operator")));
            GraphBuilder.add(rs, Resource.of("helm-tigera-operator", release(c, api, Charts.TIGERA_OPERATOR,
                    values("installation.kubernetesProvider", "EKS", "installation.cni.type", "AmazonVPC"), Map.of(), Map.of()),
                    "namespace-tigera-operator", "addon-vpc-cni", "nodegroup-platform"));
        }
        if (c.superset()) {
            // Not after the controller: its Service webhook is off, and only the Ingresses (which have their own step) need it.
            GraphBuilder.add(rs, Resource.of("helm-superset", release(c, api, Charts.SUPERSET, values("service.port", "8088"), Map.of(), Map.of()),
                    "namespace-superset", "storage-class-kfs"));
        }
        if (c.airbyte()) {
            GraphBuilder.add(rs, Resource.of("helm-airbyte", release(c, api, Charts.AIRBYTE, values(), Map.of(), Map.of()),
                    "namespace-airbyte", "storage-class-kfs"));
        }
    }

    /**
     * Velero on its own IRSA role (the seed's backup statements for the bucket plus EBS snapshots):
     * backups under {@code velero/} of the backup bucket, EBS snapshots in the region, the node agent
     * (kopia) copying pod volumes file by file — so datasets on kfs-shared (EFS, which has no
     * snapshots Velero can take) are in S3 too — and the schedule and retention of {@code backup}.
     */
    static void velero(List<Resource> rs, ClusterConfig c, Ref api, Ref oidc, List<String> namespaces) {
        String n = c.clusterName();
        ClusterConfig.Backup b = c.backup();
        Ref role = GraphBuilder.add(rs, Resource.of("iam-role-velero", new Spec.ServiceAccountRole(n + "-velero", oidc, "velero",
                "velero-server", List.of(), ai.katonic.kpc.backup.BackupPolicy.veleroJson(b.bucket()),
                "Velero (platform backups to " + b.bucket() + ")")));
        GraphBuilder.add(rs, Resource.of("namespace-velero", new Spec.KubeNamespace(api, "velero"), "nodegroup-platform"));
        String plugin = Charts.VELERO_AWS_PLUGIN + ":" + c.charts().versions().getOrDefault("velero-plugin-for-aws", Charts.VELERO_AWS_PLUGIN_VERSION);
        Map<String, String> v = values(
                "configuration.backupStorageLocation[0].name", "default",
                "configuration.backupStorageLocation[0].provider", "aws",
                "configuration.backupStorageLocation[0].bucket", b.bucket(),
                "configuration.backupStorageLocation[0].prefix", "velero",
                "configuration.backupStorageLocation[0].config.region", c.region(),
                "configuration.volumeSnapshotLocation[0].name", "default",
                "configuration.volumeSnapshotLocation[0].provider", "aws",
                "configuration.volumeSnapshotLocation[0].config.region", c.region(),
                "configuration.uploaderType", "kopia",
                "deployNodeAgent", "true",
                "credentials.useSecret", "false",
                "serviceAccount.server.name", "velero-server",
                "initContainers[0].name", "velero-plugin-for-aws",
                "initContainers[0].image", plugin,
                "initContainers[0].volumeMounts[0].mountPath", "/target",
                "initContainers[0].volumeMounts[0].name", "plugins",
                "schedules.katonic.schedule", b.schedule(),
                "schedules.katonic.template.ttl", (b.retentionDays() * 24) + "h0m0s",
                "schedules.katonic.template.defaultVolumesToFsBackup", "true",
                "schedules.katonic.template.storageLocation", "default");
        for (int i = 0; i < namespaces.size(); i++) v.put("schedules.katonic.template.includedNamespaces[" + i + "]", namespaces.get(i));
        GraphBuilder.add(rs, Resource.of("helm-velero", release(c, api, Charts.VELERO, v,
                Map.of("serviceAccount.server." + ROLE_ARN_ANNOTATION, role), Map.of()), "namespace-velero", "backup-bucket"));
    }

    private static Spec.HelmRelease release(ClusterConfig c, Ref api, Charts.Pin pin, Map<String, String> values,
                                            Map<String, Ref> roleArns, Map<String, Ref> ids) {
        String repository = redirected() != null ? redirected() : c.charts().repository() != null ? c.charts().repository() : pin.publicRepository();
        String version = c.charts().versions().getOrDefault(pin.release(), pin.version());
        return new Spec.HelmRelease(api, pin.release(), pin.namespace(), pin.chart(), version, repository, pin.appVersion(),
                values, roleArns, ids);
    }

    /**
     * {@code KPC_CHARTS_REPOSITORY} (or the property {@code kpc.chartsRepository}) sends every chart
     * fetch to one repository whatever the config says — as AWS_ENDPOINT_URL sends the AWS calls to
     * the simulator, whose chart mirror this names in the demo and {@code kpc sim serve}.
     */
    static String redirected() {
        String r = System.getProperty("kpc.chartsRepository", System.getenv("KPC_CHARTS_REPOSITORY"));
        return r == null || r.isBlank() ? null : r.replaceAll("/+$", "");
    }

    private static Map<String, String> values(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }
}
