package ai.katonic.kpc.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the real charts at kpc's pins read and render, as the stand-in charts must hold it: the value
 * keys each chart reads among those kpc sets (the stand-in's values.schema.json refuses any other, so
 * a key the real chart would silently ignore fails the install in CI), the defaults of those keys, and
 * the workloads with the images they run (hooks rendered as plain objects: the simulated API runs no
 * pods, so a hook Job would never finish). Read from the public charts on 2026-12-01:
 * aws/eks-charts stable/aws-load-balancer-controller 1.8.1; kubernetes/autoscaler
 * charts/cluster-autoscaler; projectcalico/calico charts/tigera-operator v3.28.0; apache/superset
 * helm/superset 0.8.10 (its postgresql 11.x and redis 17.x subcharts); airbytehq/helm-charts'
 * airbyte-0.44.1.tgz; vmware-tanzu/helm-charts charts/velero 7.1.0; NVIDIA/k8s-device-plugin 0.18.2.
 * Rendering the real charts with kpc's values gave the images below.
 */
final class StandIns {
    private StandIns() {}

    /** A pod-running object: its kind, name suffix, image (a Go template), where its placement values are, extras. */
    record Workload(String kind, String name, String image, String placement, String initImages, String condition, String realHook) {
        Workload(String kind, String name, String image, String placement) {
            this(kind, name, image, placement, null, null, null);
        }
    }

    /**
     * One chart's contract. {@code keys}: dotted paths the chart reads ({@code *} after a path: any key below it,
     * a free-form map; a path without children is a leaf of any type). {@code defaults}: values.yaml.
     * {@code serviceAccount}: the values path of the ServiceAccount's name and annotations, or null.
     */
    record Contract(List<String> keys, String defaults, List<Workload> workloads, String serviceAccount) {}

    private static final List<String> PLACED = List.of("nodeSelector.*", "tolerations", "affinity");

    private static List<String> keys(String... ks) {
        return List.of(ks);
    }

    private static List<String> placed(String prefix) {
        return PLACED.stream().map(k -> prefix + k).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Airbyte 0.44.1's components with their image names (app version tags unless said). */
    static final Map<String, String> AIRBYTE_IMAGES = new LinkedHashMap<>();
    static {
        AIRBYTE_IMAGES.put("webapp", "airbyte/webapp");
        AIRBYTE_IMAGES.put("server", "airbyte/server");
        AIRBYTE_IMAGES.put("worker", "airbyte/worker");
        AIRBYTE_IMAGES.put("cron", "airbyte/cron");
        AIRBYTE_IMAGES.put("connector-builder-server", "airbyte/connector-builder-server");
        AIRBYTE_IMAGES.put("airbyte-bootloader", "airbyte/bootloader");
        AIRBYTE_IMAGES.put("temporal", "airbyte/temporal-auto-setup");
        AIRBYTE_IMAGES.put("pod-sweeper", "bitnami/kubectl");
    }

    static Contract of(String chart, String version, String app) {
        return switch (chart) {
            case "aws-load-balancer-controller" -> new Contract(concat(keys("clusterName", "region", "vpcId", "serviceAccount.name",
                    "serviceAccount.annotations.*", "enableShield", "enableWaf", "enableWafv2", "enableServiceMutatorWebhook",
                    "image.repository", "image.tag", "replicaCount"), placed("")),
                    "image: {repository: public.ecr.aws/eks/aws-load-balancer-controller, tag: " + v(app) + "}\nserviceAccount: {name: \"\", annotations: {}}\n"
                            + "nodeSelector: {}\ntolerations: []\naffinity: {}\nreplicaCount: 2\n",
                    List.of(new Workload("Deployment", "", "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "")), "serviceAccount");
            case "cluster-autoscaler" -> new Contract(concat(keys("autoDiscovery.clusterName", "awsRegion", "rbac.serviceAccount.name",
                    "rbac.serviceAccount.annotations.*", "extraArgs.*", "image.repository", "image.tag"), placed("")),
                    "image: {repository: registry.k8s.io/autoscaling/cluster-autoscaler, tag: " + v(app) + "}\n"
                            + "rbac: {serviceAccount: {name: \"\", annotations: {}}}\nautoDiscovery: {clusterName: \"\"}\nawsRegion: \"\"\n"
                            + "extraArgs: {}\nnodeSelector: {}\ntolerations: []\naffinity: {}\n",
                    List.of(new Workload("Deployment", "", "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "")), "rbac.serviceAccount");
            case "tigera-operator" -> new Contract(concat(keys("installation.kubernetesProvider", "installation.cni.type",
                    "installation.controlPlaneNodeSelector.*", "installation.controlPlaneTolerations",
                    "tigeraOperator.image", "tigeraOperator.version", "tigeraOperator.registry"), placed("")),
                    "installation: {kubernetesProvider: \"\"}\ntigeraOperator: {image: tigera/operator, version: v1.34.0, registry: quay.io}\n"
                            + "nodeSelector: {kubernetes.io/os: linux}\n"
                            + "tolerations: [{effect: NoExecute, operator: Exists}, {effect: NoSchedule, operator: Exists}]\naffinity: {}\n",
                    List.of(new Workload("Deployment", "", "{{ .Values.tigeraOperator.registry }}/{{ .Values.tigeraOperator.image }}:"
                            + "{{ .Values.tigeraOperator.version }}", "")), null);
            case "superset" -> new Contract(concat(concat(concat(keys("service.port", "image.repository", "image.tag",
                    "extraEnvRaw", "configOverrides.*", "init.adminUser.password",
                    "initImage.repository", "initImage.tag", "postgresql.image.registry", "postgresql.image.repository", "postgresql.image.tag",
                    "redis.image.registry", "redis.image.repository", "redis.image.tag"), placed("")), placed("postgresql.primary.")),
                    placed("redis.master.")),
                    "service: {port: 8088}\nimage: {repository: apache/superset, tag: \"\"}\ninitImage: {repository: apache/superset, tag: dockerize}\n"
                            + "extraEnvRaw: []\nconfigOverrides: {}\ninit: {adminUser: {password: admin}}\n"
                            + "postgresql:\n  image: {registry: docker.io, repository: bitnami/postgresql, tag: 14.6.0-debian-11-r13}\n"
                            + "  primary: {nodeSelector: {}, tolerations: [], affinity: {}}\n"
                            + "redis:\n  image: {registry: docker.io, repository: bitnami/redis, tag: 7.0.7-debian-11-r0}\n"
                            + "  master: {nodeSelector: {}, tolerations: [], affinity: {}}\n"
                            + "nodeSelector: {}\ntolerations: []\naffinity: {}\n",
                    List.of(new Workload("Deployment", "", "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", ""),
                            new Workload("Deployment", "-worker", "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", ""),
                            new Workload("Job", "-init-db", "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", "",
                                    "{{ .Values.initImage.repository }}:{{ .Values.initImage.tag }}", null, "post-install,post-upgrade"),
                            new Workload("StatefulSet", "-postgresql", "{{ .Values.postgresql.image.registry }}/{{ .Values.postgresql.image.repository }}:"
                                    + "{{ .Values.postgresql.image.tag }}", "postgresql.primary."),
                            new Workload("StatefulSet", "-redis-master", "{{ .Values.redis.image.registry }}/{{ .Values.redis.image.repository }}:"
                                    + "{{ .Values.redis.image.tag }}", "redis.master.")), null);
            case "airbyte" -> airbyte(app);
            case "velero" -> new Contract(concat(concat(keys("configuration.backupStorageLocation", "configuration.volumeSnapshotLocation",
                    "configuration.uploaderType", "upgradeCRDs", "deployNodeAgent", "credentials.useSecret", "serviceAccount.server.name",
                    "serviceAccount.server.annotations.*", "initContainers", "schedules.*", "image.repository", "image.tag",
                    "kubectl.image.repository", "kubectl.image.tag", "service.port"), placed("")), placed("nodeAgent.")),
                    "image: {repository: velero/velero, tag: " + v(app) + "}\nkubectl: {image: {repository: docker.io/bitnami/kubectl}}\n"
                            + "upgradeCRDs: true\nconfiguration: {backupStorageLocation: [], volumeSnapshotLocation: []}\nschedules: {}\n"
                            + "serviceAccount: {server: {}}\ncredentials: {useSecret: true}\ndeployNodeAgent: false\nservice: {port: 8085}\n"
                            + "initContainers: []\nnodeSelector: {}\ntolerations: []\naffinity: {}\n"
                            + "nodeAgent: {nodeSelector: {}, tolerations: [], affinity: {}}\n",
                    List.of(new Workload("Deployment", "", "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "", "VALUES", null, null),
                            new Workload("DaemonSet", "=node-agent", "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "nodeAgent.",
                                    null, ".Values.deployNodeAgent", null),
                            new Workload("Job", "-upgrade-crds", "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "",
                                    "{{ .Values.kubectl.image.repository }}:{{ .Values.kubectl.image.tag | default (printf \"%s.%s\" "
                                            + ".Capabilities.KubeVersion.Major (.Capabilities.KubeVersion.Minor | trimSuffix \"+\")) }}",
                                    ".Values.upgradeCRDs", "pre-install,pre-upgrade,pre-rollback")), "serviceAccount.server");
            case "nvidia-device-plugin" -> new Contract(concat(keys("image.repository", "image.tag"), placed("")),
                    "image: {repository: nvcr.io/nvidia/k8s-device-plugin, tag: \"\"}\nnodeSelector: {}\n"
                            + "tolerations: [{key: CriticalAddonsOnly, operator: Exists}, {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n"
                            + "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
                            + "[{matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: [\"true\"]}]}]}}}\n",
                    List.of(new Workload("DaemonSet", "", "{{ .Values.image.repository }}:{{ .Values.image.tag | default (printf \"v%s\" "
                            + ".Chart.AppVersion) }}", "")), null);
            default -> throw new IllegalArgumentException("no stand-in contract for chart " + chart);
        };
    }

    private static String v(String app) {
        return app.startsWith("v") ? app : "v" + app;
    }

    private static Contract airbyte(String app) {
        List<String> keys = new ArrayList<>(keys("global.jobs.kube.nodeSelector.*", "global.jobs.kube.tolerations"));
        StringBuilder defaults = new StringBuilder("global: {jobs: {kube: {nodeSelector: {}, tolerations: []}}}\n");
        List<Workload> workloads = new ArrayList<>();
        AIRBYTE_IMAGES.forEach((component, image) -> {
            keys.addAll(placed(component + "."));
            keys.add(component + ".image.repository");
            keys.add(component + ".image.tag");
            String tag = component.equals("temporal") ? "1.13.0" : component.equals("pod-sweeper") ? "latest" : "";
            defaults.append(component).append(": {image: {repository: ").append(image).append(", tag: \"").append(tag)
                    .append("\"}, nodeSelector: {}, tolerations: [], affinity: {}}\n");
            String ref = "(index .Values \"" + component + "\").image";
            workloads.add(new Workload(component.equals("airbyte-bootloader") ? "Pod" : "Deployment", "-" + component,
                    "{{ " + ref + ".repository }}:{{ " + ref + ".tag | default .Chart.AppVersion }}", component + ".", null, null,
                    component.equals("airbyte-bootloader") ? "pre-install,pre-upgrade" : null));
        });
        // the main chart's own database and MinIO: no values for their images or placement
        workloads.add(new Workload("StatefulSet", "-db", "airbyte/db:{{ .Chart.AppVersion }}", null, null, null, "pre-install,pre-upgrade"));
        workloads.add(new Workload("StatefulSet", "-minio", "minio/minio:latest", null, null, null, "pre-install,pre-upgrade"));
        return new Contract(keys, defaults.toString(), workloads, null);
    }

    /** values.schema.json for {@code keys}: every object kpc can reach closed to other keys. */
    static String schema(List<String> keys) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (keys.stream().noneMatch(k -> k.startsWith("global."))) {
            keys = concat(keys, List.of("global.*")); // Helm's own: every chart may be given globals
        }
        for (String k : keys) {
            Map<String, Object> at = root;
            String[] parts = k.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                if (p.equals("*")) { at.put("*", Boolean.TRUE); break; }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(p, x -> new LinkedHashMap<String, Object>());
                at = next;
            }
        }
        return node(root, true);
    }

    @SuppressWarnings("unchecked")
    private static String node(Map<String, Object> n, boolean top) {
        if (n.isEmpty()) return "{}"; // a leaf: any type, null included
        if (n.containsKey("*")) return "{\"type\": [\"object\", \"null\"]}";
        StringBuilder sb = new StringBuilder("{" + (top ? "\"$schema\": \"http://json-schema.org/draft-07/schema#\", " : "")
                + "\"type\": \"object\", \"additionalProperties\": false, \"properties\": {");
        boolean first = true;
        for (var e : n.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append('"').append(e.getKey()).append("\": ").append(node((Map<String, Object>) e.getValue(), false));
        }
        return sb.append("}}").toString();
    }
}
