package ai.katonic.kpc.plan;

import ai.katonic.kpc.config.ClusterConfig;
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
public final class HelmReleases {
    private HelmReleases() {}

    static final String ROLE_ARN_ANNOTATION = "annotations.eks\\.amazonaws\\.com/role-arn";

    static void add(List<Resource> rs, ClusterConfig c, Ref api, Ref oidc, Ref vpc) {
        String n = c.clusterName();
        Ref lbcRole = GraphBuilder.add(rs, Resource.of("iam-role-load-balancer-controller", new Spec.ServiceAccountRole(
                n + "-load-balancer-controller", oidc, "kube-system", "aws-load-balancer-controller", List.of(),
                ControllerPolicies.loadBalancerController(n), "the AWS Load Balancer Controller (the platform's ALB)")));
        GraphBuilder.add(rs, Resource.of(Ids.helmRelease("aws-load-balancer-controller"), release(c, api, Charts.LOAD_BALANCER_CONTROLLER,
                merged(values("clusterName", n, "region", c.region(), "serviceAccount.name", "aws-load-balancer-controller",
                        // kpc asks for neither WAF nor Shield; off, the controller needs no rights on them
                        "enableShield", "false", "enableWaf", "false", "enableWafv2", "false",
                        "enableServiceMutatorWebhook", "false"),
                        onPlatform("")),
                Map.of("serviceAccount." + ROLE_ARN_ANNOTATION, lbcRole), Map.of("vpcId", vpc)), Ids.PLATFORM_NODE_GROUP));

        if (c.clusterAutoscaler()) {
            Ref casRole = GraphBuilder.add(rs, Resource.of("iam-role-cluster-autoscaler", new Spec.ServiceAccountRole(
                    n + "-cluster-autoscaler", oidc, "kube-system", "cluster-autoscaler", List.of(),
                    ControllerPolicies.clusterAutoscaler(n, c.region()), "the cluster autoscaler (this cluster's node groups only)")));
            GraphBuilder.add(rs, Resource.of(Ids.helmRelease("cluster-autoscaler"), release(c, api, Charts.autoscaler(c.eksVersion()),
                    merged(values("autoDiscovery.clusterName", n, "awsRegion", c.region(), "rbac.serviceAccount.name", "cluster-autoscaler",
                            "extraArgs.balance-similar-node-groups", "true", "extraArgs.expander", "least-waste"),
                            onPlatform("")),
                    Map.of("rbac.serviceAccount." + ROLE_ARN_ANNOTATION, casRole), Map.of()), Ids.PLATFORM_NODE_GROUP));
        }
        if (c.networkPolicy().equals("calico")) {
            // policy-only: the VPC CNI keeps pod networking, Calico enforces NetworkPolicies
            GraphBuilder.add(rs, Resource.of(Ids.namespace("tigera-operator"), new Spec.KubeNamespace(api, "tigera-operator")));
            GraphBuilder.add(rs, Resource.of(Ids.helmRelease("tigera-operator"), release(c, api, Charts.TIGERA_OPERATOR,
                    merged(values("installation.kubernetesProvider", "EKS", "installation.cni.type", "AmazonVPC",
                            // the operator's own pod tolerates every taint (the chart's default); it and Calico's
                            // control plane (kube-controllers, typha) run on the platform group
                            "nodeSelector." + POOL_KEY, "platform"),
                    onPlatform("installation.controlPlane", "NodeSelector", "Tolerations")), Map.of(), Map.of()),
                    Ids.namespace("tigera-operator"), Ids.VPC_CNI_ADDON, Ids.PLATFORM_NODE_GROUP));
        }
        if (c.superset()) {
            // Not after the controller: its Service webhook is off, and only the Ingresses (which have their own step) need it.
            // Superset 2.0.1's default SECRET_KEY forges admin sessions (CVE-2023-27524) and its init makes admin/admin:
            // both random per install, in a Secret the pods read; the values never pass through kpc's spec or state.
            GraphBuilder.add(rs, Resource.of(SUPERSET_SECRETS, new Spec.GeneratedSecret(api, new Ref(Ids.namespace("superset")), "superset",
                    SUPERSET_SECRET, List.of("secret-key", "admin-password"), "Superset's SECRET_KEY and admin password")));
            GraphBuilder.add(rs, Resource.of(Ids.helmRelease("superset"), release(c, api, Charts.SUPERSET, merged(values("service.port", "8088",
                            "extraEnvRaw[0].name", "SUPERSET_SECRET_KEY",
                            "extraEnvRaw[0].valueFrom.secretKeyRef.name", SUPERSET_SECRET,
                            "extraEnvRaw[0].valueFrom.secretKeyRef.key", "secret-key",
                            "extraEnvRaw[1].name", "KPC_ADMIN_PASSWORD",
                            "extraEnvRaw[1].valueFrom.secretKeyRef.name", SUPERSET_SECRET,
                            "extraEnvRaw[1].valueFrom.secretKeyRef.key", "admin-password",
                            "configOverrides.kpc_secret_key", "SECRET_KEY = os.environ[\"SUPERSET_SECRET_KEY\"]",
                            // the init script passes it unquoted to `superset fab create-admin --password`: the shell expands it
                            "init.adminUser.password", "$KPC_ADMIN_PASSWORD",
                            // Bitnami removed its versioned tags from docker.io (September 2025); the same
                            // images are kept under bitnamilegacy, which kpc's image preflight asks for
                            "postgresql.image.repository", "bitnamilegacy/postgresql",
                            "redis.image.repository", "bitnamilegacy/redis"),
                    onPlatform(""), onPlatform("postgresql.primary."), onPlatform("redis.master.")), Map.of(), Map.of()),
                    Ids.namespace("superset"), Ids.KFS_STORAGE_CLASS, SUPERSET_SECRETS));
        }
        if (c.nodeGroups().containsKey("gpu")) {
            // On the GPU nodes only; the chart's default affinity asks for node-feature-discovery labels EKS nodes lack.
            GraphBuilder.add(rs, Resource.of(Ids.helmRelease("nvidia-device-plugin"), release(c, api, Charts.NVIDIA_DEVICE_PLUGIN, values(
                    "nodeSelector." + POOL_KEY, "gpu", "affinity", "null",
                    "tolerations[0].key", "nvidia.com/gpu", "tolerations[0].operator", "Exists", "tolerations[0].effect", "NoSchedule",
                    "tolerations[1].key", "CriticalAddonsOnly", "tolerations[1].operator", "Exists"), Map.of(), Map.of())));
        }
        if (c.airbyte()) {
            Map<String, String> v = values(
                    // the pod sweeper's default is bitnami/kubectl:latest; pinned to a tag that is kept
                    "pod-sweeper.image.repository", "bitnamilegacy/kubectl", "pod-sweeper.image.tag", AIRBYTE_KUBECTL_TAG);
            for (String component : AIRBYTE_COMPONENTS) v.putAll(onPlatform(component + "."));
            v.putAll(onPlatform("global.jobs.kube."));
            GraphBuilder.add(rs, Resource.of(Ids.helmRelease("airbyte"), release(c, api, Charts.AIRBYTE, v, Map.of(), Map.of()),
                    Ids.namespace("airbyte"), Ids.KFS_STORAGE_CLASS));
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
                "velero-server", List.of(), ai.katonic.kpc.plan.BackupPolicy.veleroJson(b.bucket()),
                "Velero (platform backups to " + b.bucket() + ")")));
        GraphBuilder.add(rs, Resource.of(Ids.namespace("velero"), new Spec.KubeNamespace(api, "velero"), Ids.PLATFORM_NODE_GROUP));
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
                // the chart's upgrade-crds hook runs docker.io/bitnami/kubectl:<minor>, gone since September 2025;
                // off, Helm installs the chart's crds/ itself on first install
                "upgradeCRDs", "false",
                "deployNodeAgent", "true",
                // the node agent copies pod volumes on every node, GPU and platform ones included
                "nodeAgent.tolerations[0].operator", "Exists",
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
        v.putAll(onPlatform(""));
        GraphBuilder.add(rs, Resource.of(Ids.helmRelease("velero"), release(c, api, Charts.VELERO, v,
                Map.of("serviceAccount.server." + ROLE_ARN_ANNOTATION, role), Map.of()), Ids.namespace("velero"), Ids.BACKUP_BUCKET));
    }

    /** The step and the Secret holding Superset's SECRET_KEY and admin password ({@code kpc credentials superset}). */
    public static final String SUPERSET_SECRETS = "secret-superset";
    public static final String SUPERSET_SECRET = "superset-kpc";

    /** The node label of kpc's node groups (katonic.ai/pool=<group>), as a Helm --set key segment. */
    static final String POOL_KEY = "katonic\\.ai/pool";

    /** The platform group's taint: only what kpc places there (and what tolerates everything) runs on it. */
    public static final String PLATFORM_TAINT = "katonic.ai/pool=platform:NoSchedule";

    /** Airbyte 0.44.1's subcharts whose pods take a nodeSelector and tolerations (its bundled database and MinIO take none). */
    static final List<String> AIRBYTE_COMPONENTS = List.of("webapp", "server", "worker", "pod-sweeper", "airbyte-bootloader",
            "temporal", "cron", "connector-builder-server");

    /** bitnamilegacy/kubectl: Bitnami's tags as they were in August 2025, kept there; the pod sweeper needs a shell and kubectl. */
    static final String AIRBYTE_KUBECTL_TAG = "1.30";

    /** nodeSelector and tolerations for the platform group, under {@code prefix} (e.g. "webapp."). */
    static Map<String, String> onPlatform(String prefix) {
        return onPlatform(prefix, "nodeSelector", "tolerations");
    }

    static Map<String, String> onPlatform(String prefix, String selector, String tolerations) {
        return values(prefix + selector + "." + POOL_KEY, "platform",
                prefix + tolerations + "[0].key", "katonic.ai/pool",
                prefix + tolerations + "[0].operator", "Equal",
                prefix + tolerations + "[0].value", "platform",
                prefix + tolerations + "[0].effect", "NoSchedule");
    }

    @SafeVarargs
    private static Map<String, String> merged(Map<String, String> first, Map<String, String>... more) {
        Map<String, String> out = new LinkedHashMap<>(first);
        for (Map<String, String> m : more) out.putAll(m);
        return out;
    }

    private static Spec.HelmRelease release(ClusterConfig c, Ref api, Charts.Pin pin, Map<String, String> values,
                                            Map<String, Ref> roleArns, Map<String, Ref> ids) {
        String repository = c.charts().repository() != null ? c.charts().repository() : pin.publicRepository();
        String version = c.charts().versions().getOrDefault(pin.release(), pin.version());
        return new Spec.HelmRelease(api, pin.release(), pin.namespace(), pin.chart(), version, repository, pin.appVersion(),
                values, roleArns, ids);
    }

    private static Map<String, String> values(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }
}
