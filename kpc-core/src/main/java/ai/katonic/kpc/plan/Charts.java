package ai.katonic.kpc.plan;

import java.util.List;
import java.util.Map;

/**
 * The charts kpc installs: where each comes from publicly, the version kpc pins, and the app
 * version it must ship (checked against the repository's index before anything is installed, so a
 * wrong pin or a mirror holding something else fails before the cluster is touched). Any pin can be
 * overridden with {@code charts.versions.<release>}; {@code charts.repository} replaces every public
 * repository with one mirror (air-gapped clusters).
 */
public final class Charts {
    private Charts() {}

    /** {@code appVersion}: exact, or a prefix ending in '.' (the autoscaler: the cluster's minor), or null: not checked. */
    public record Pin(String release, String namespace, String chart, String publicRepository, String version, String appVersion) {}

    /**
     * The cluster autoscaler's chart per Kubernetes minor (each autoscaler release supports one minor): the
     * newest chart of kubernetes/autoscaler's repository whose appVersion is of that minor, read from the
     * chart's history on 2026-12-01 (cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml).
     */
    public static final Map<String, String> AUTOSCALER = Map.of("1.30", "9.37.0", "1.31", "9.44.0", "1.32", "9.46.6",
            "1.33", "9.51.0", "1.34", "9.53.0", "1.35", "9.59.0");

    /**
     * The autoscaler for a cluster of {@code eksVersion}: the pinned chart, or, for a minor kpc has no pin for,
     * a null version: the newest chart of the repository's index that ships an autoscaler of that minor
     * (preflight fails when there is none). Never another minor's autoscaler.
     */
    public static Pin autoscaler(String eksVersion) {
        return new Pin("cluster-autoscaler", "kube-system", "cluster-autoscaler", "https://kubernetes.github.io/autoscaler",
                AUTOSCALER.get(eksVersion), eksVersion + ".");
    }

    public static final Pin LOAD_BALANCER_CONTROLLER = new Pin("aws-load-balancer-controller", "kube-system",
            "aws-load-balancer-controller", "https://aws.github.io/eks-charts", "1.8.1", null);

    public static final Pin TIGERA_OPERATOR = new Pin("tigera-operator", "tigera-operator", "tigera-operator",
            "https://docs.tigera.io/calico/charts", "v3.28.0", null);

    public static final Pin SUPERSET = new Pin("superset", "superset", "superset", "https://apache.github.io/superset", "0.8.10", "2.0.1");

    /**
     * Airbyte's chart 0.40.32 was never published: the charts that ship app 0.40.32 are 0.43.28 to 0.44.1
     * (airbytehq/helm-charts' archives, read 2026-12-01); the newest of them.
     */
    public static final Pin AIRBYTE = new Pin("airbyte", "airbyte", "airbyte", "https://airbytehq.github.io/helm-charts", "0.44.1", "0.40.32");

    public static final Pin VELERO = new Pin("velero", "velero", "velero", "https://vmware-tanzu.github.io/helm-charts", "7.1.0", "1.14.0");

    /** Velero's AWS plugin (object store and EBS snapshots), an init container image; {@code charts.versions.velero-plugin-for-aws} overrides. */
    public static final String VELERO_AWS_PLUGIN = "velero/velero-plugin-for-aws";
    public static final String VELERO_AWS_PLUGIN_VERSION = "v1.10.0";

    /**
     * NVIDIA's device plugin (a DaemonSet on the GPU nodes advertising {@code nvidia.com/gpu}), when the config has a
     * gpu group: EKS's accelerated AL2023 image carries the driver and container toolkit, not the plugin. 0.18.2, the
     * newest release seen published on 2026-12-01 (NVIDIA/k8s-device-plugin; image nvcr.io/nvidia/k8s-device-plugin:v0.18.2).
     */
    public static final Pin NVIDIA_DEVICE_PLUGIN = new Pin("nvidia-device-plugin", "kube-system", "nvidia-device-plugin",
            "https://nvidia.github.io/k8s-device-plugin", "0.18.2", "0.18.2");

    /** Every release name kpc may install (the keys of {@code charts.versions}). */
    public static final List<String> RELEASES = List.of("cluster-autoscaler", "aws-load-balancer-controller", "tigera-operator",
            "superset", "airbyte", "velero", "nvidia-device-plugin");

    /**
     * How long Helm may wait for a release's hooks (its --timeout): Superset's init-db Job and Airbyte's
     * bootloader Pod pull images of about a gigabyte on a fresh node before they run; the rest have no
     * hook kpc keeps on, Helm's default of 5 minutes.
     */
    public static int hookTimeoutSeconds(String release) {
        return switch (release) {
            case "superset", "airbyte" -> 900;
            default -> 300;
        };
    }

    public static boolean ships(String appVersion, String wanted) {
        if (wanted == null) return true;
        String have = appVersion == null ? "" : appVersion.replaceFirst("^v", "");
        return wanted.endsWith(".") ? have.startsWith(wanted) : have.equals(wanted);
    }
}
