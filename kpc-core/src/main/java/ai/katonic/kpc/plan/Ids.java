package ai.katonic.kpc.plan;

/**
 * The ids of the graph's resources that other resources, state lookups and commands name: spelled once
 * here, so that a renamed id cannot leave a stale literal behind (state files key their entries by them,
 * so they never change once released).
 */
public final class Ids {
    public static final String VPC = "vpc";
    public static final String EKS_CLUSTER = "eks-cluster";
    public static final String OIDC_PROVIDER = "oidc-provider";
    public static final String KUBERNETES_API = "kubernetes-api";
    public static final String BACKUP_BUCKET = "backup-bucket";
    public static final String PLATFORM_NODE_GROUP = nodeGroup("platform");
    public static final String VPC_CNI_ADDON = "addon-vpc-cni";
    public static final String KFS_STORAGE_CLASS = "storage-class-kfs";

    private Ids() {}

    /** The Kubernetes namespace {@code name}. */
    public static String namespace(String name) {
        return "namespace-" + name;
    }

    /** The Helm release of that name. */
    public static String helmRelease(String release) {
        return "helm-" + release;
    }

    /** The managed node group of that config name. */
    public static String nodeGroup(String name) {
        return "nodegroup-" + name;
    }
}
