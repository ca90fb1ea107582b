package ai.katonic.kpc.plan;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;

/**
 * What a resource should be, as plain data. One record per AWS resource kind; the engine has one
 * handler per record type (in {@code aws.<service>}). Records refer to each other with {@link Ref}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
public sealed interface Spec {

    /**
     * A stable type name, Terraform-style, used in plans, state and JSON: each kind's {@code @JsonTypeName},
     * unique among the kinds ({@link SpecTypes} turns state's recorded name and attributes back into the spec).
     */
    default String type() {
        return SpecTypes.name(getClass());
    }

    /** One line a person can read in a plan or a progress line. */
    String describe();

    /**
     * Made through the cluster's Kubernetes API (not AWS's): goes with the cluster when it is deleted,
     * so destroy may leave it to the cluster (`--skip-kubernetes`) when the API cannot be reached.
     */
    default boolean inCluster() {
        return false;
    }

    /**
     * The latency profile's name for this kind when AWS makes and removes it asynchronously (it stays in a
     * transitional state for minutes: the critical path's weights, the handlers' usual waits and the
     * simulator's timings all read {@code engine/realistic.yaml} under this name); null when AWS answers at once.
     */
    default String latencyKind() {
        return null;
    }

    /**
     * AWS refuses its deletion while Kubernetes' load balancers (and their security groups and ENIs) are still
     * in the VPC: destroy cleans those up once, before the first such resource goes.
     */
    default boolean blockedByKubernetesLeftovers() {
        return false;
    }

    /** Holds the user's data (backups): destroy keeps it unless asked ({@code --delete-backups}). */
    default boolean holdsBackups() {
        return false;
    }

    @JsonTypeName("vpc")
    record Vpc(String cidr) implements Spec {
        public String describe() { return "VPC " + cidr + " with DNS support and DNS hostnames"; }
        public boolean blockedByKubernetesLeftovers() { return true; }
    }

    @JsonTypeName("subnet")
    record Subnet(Ref vpc, String name, String cidr, String zone, boolean isPublic) implements Spec {
        public boolean blockedByKubernetesLeftovers() { return true; }
        public String describe() { return (isPublic ? "public" : "private") + " subnet " + cidr + " in " + zone; }
    }

    @JsonTypeName("internet_gateway")
    record InternetGateway(Ref vpc) implements Spec {
        public boolean blockedByKubernetesLeftovers() { return true; }
        public String describe() { return "internet gateway attached to the VPC"; }
    }

    @JsonTypeName("elastic_ip")
    record ElasticIp(String purpose) implements Spec {
        public String describe() { return "Elastic IP for the " + purpose; }
    }

    /** Ordered after the internet gateway: a public NAT gateway needs the VPC's IGW attached. */
    @JsonTypeName("nat_gateway")
    record NatGateway(Ref subnet, Ref eip, Ref internetGateway) implements Spec {
        public static final String LATENCY = "nat_gateway";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() { return "NAT gateway in the public subnet"; }
    }

    @JsonTypeName("route_table")
    record RouteTable(Ref vpc, String name, boolean isPublic) implements Spec {
        public String describe() { return (isPublic ? "public" : "private") + " route table"; }
    }

    /** A default route; {@code gateway} is an internet gateway or a NAT gateway. */
    @JsonTypeName("route")
    record Route(Ref routeTable, String destination, Ref gateway) implements Spec {
        public String describe() { return "route " + destination + " → " + gateway.id() + " in " + routeTable.id(); }
    }

    @JsonTypeName("route_table_association")
    record RouteTableAssociation(Ref routeTable, Ref subnet) implements Spec {
        public String describe() { return "associate " + subnet.id() + " with " + routeTable.id(); }
    }

    /** An inbound rule: from CIDRs or from another security group. */
    record Ingress(String protocol, int fromPort, int toPort, List<String> cidrs, Ref fromGroup, String why) {}

    @JsonTypeName("security_group")
    record SecurityGroup(Ref vpc, String name, String description, List<Ingress> ingress) implements Spec {
        public String describe() { return "security group " + name + ": " + description; }
    }

    /** {@code gateway} endpoints attach to route tables, {@code interface} ones to subnets and groups. */
    @JsonTypeName("vpc_endpoint")
    record VpcEndpoint(Ref vpc, String service, String kind, List<Ref> routeTables, List<Ref> subnets,
                       List<Ref> securityGroups) implements Spec {
        @Override
        public String latencyKind() {
            return kind.equals("Gateway") ? "vpc_endpoint_gateway" : "vpc_endpoint_interface";
        }

        public String describe() { return kind + " VPC endpoint for " + service; }
    }

    /** {@code publicKeyPath} null means kpc generates the key and keeps the private half in its state dir. */
    @JsonTypeName("key_pair")
    record KeyPair(String name, String publicKeyPath) implements Spec {
        public String describe() {
            return "EC2 key pair " + name + (publicKeyPath == null ? " (generated by kpc)" : " from " + publicKeyPath);
        }
    }

    /** {@code inlinePolicy}: a JSON policy of the role's own (null for none), for what no managed policy scopes tightly. */
    @JsonTypeName("iam_role")
    record IamRole(String name, String trustedService, List<String> managedPolicies, String inlinePolicy, String purpose) implements Spec {
        public String describe() { return "IAM role " + name + " for " + purpose; }
    }

    /**
     * An IAM role a Kubernetes service account assumes through the cluster's OIDC provider (IRSA):
     * trusted by that one {@code namespace/serviceAccount}, for the audience sts.amazonaws.com only.
     */
    @JsonTypeName("iam_service_account_role")
    record ServiceAccountRole(String name, Ref oidcProvider, String namespace, String serviceAccount,
                              List<String> managedPolicies, String inlinePolicy, String purpose) implements Spec {
        public String describe() { return "IAM role " + name + " for " + purpose + " (IRSA: " + namespace + "/" + serviceAccount + ")"; }
    }

    @JsonTypeName("iam_instance_profile")
    record InstanceProfile(String name, Ref role) implements Spec {
        public String describe() { return "instance profile " + name; }
    }

    /** The jump host. {@code keyName} is set when the user names an existing key pair. */
    @JsonTypeName("instance")
    record Instance(String name, String instanceType, int diskSizeGb, Ref subnet, Ref securityGroup, Ref keyPair,
                    String keyName, Ref instanceProfile, String amiParameter) implements Spec {
        public static final String LATENCY = "instance";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() {
            return "jump host " + instanceType + ", " + diskSizeGb + " GB gp3 encrypted, IMDSv2, with AWS CLI, kubectl, "
                    + "Docker, eksctl, Terraform";
        }
    }

    /** {@code kmsKey} is kpc's key, or null when the config names one ({@code kmsKeyArn}). */
    @JsonTypeName("eks_cluster")
    record EksCluster(String name, String version, Ref role, List<Ref> subnets, List<Ref> securityGroups,
                      boolean endpointPrivate, boolean endpointPublic, Ref kmsKey, String kmsKeyArn) implements Spec {
        public static final String LATENCY = "eks_cluster";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() {
            return "EKS cluster " + name + " " + version + ", private endpoint only, on both private subnets, secrets encrypted";
        }
    }

    @JsonTypeName("kms_key")
    record KmsKey(String alias, String purpose) implements Spec {
        public String describe() { return "KMS key " + alias + " for " + purpose + ", rotated yearly"; }
    }

    @JsonTypeName("oidc_provider")
    record OidcProvider(Ref cluster) implements Spec {
        public String describe() { return "IAM OIDC provider for the cluster's service accounts (IRSA)"; }
    }

    /**
     * An EKS add-on at the version EKS picks for the cluster. {@code role} (nullable) is its IRSA
     * role; {@code configuration} (nullable) the add-on's configuration values as JSON.
     */
    @JsonTypeName("eks_addon")
    record EksAddon(Ref cluster, String name, Ref role, String configuration) implements Spec {
        public static final String LATENCY = "eks_addon";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() {
            return "EKS add-on " + name + (role == null ? "" : " with its IRSA role") + (configuration == null ? "" : " " + configuration);
        }
    }

    @JsonTypeName("eks_node_group")
    record NodeGroup(Ref cluster, Ref role, List<Ref> subnets, String name, String instanceType, int minSize,
                     int desiredSize, int maxSize, int diskSizeGb, Map<String, String> labels,
                     List<String> taints) implements Spec {
        public static final String LATENCY = "eks_nodegroup";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() {
            return "managed node group " + name + ": " + instanceType + " × " + minSize + ".." + maxSize
                    + " (desired " + desiredSize + "), " + diskSizeGb + " GB disks" + (taints.isEmpty() ? "" : ", tainted");
        }
    }

    @JsonTypeName("efs_file_system")
    record EfsFileSystem(String name, boolean encrypted) implements Spec {
        public static final String LATENCY = "efs_file_system";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() { return "EFS file system for Katonic datasets (encrypted)"; }
    }

    @JsonTypeName("efs_mount_target")
    record EfsMountTarget(Ref fileSystem, Ref subnet, Ref securityGroup) implements Spec {
        public static final String LATENCY = "efs_mount_target";

        @Override
        public String latencyKind() {
            return LATENCY;
        }

        public String describe() { return "EFS mount target in " + subnet.id(); }
    }

    @JsonTypeName("efs_access_point")
    record EfsAccessPoint(Ref fileSystem, String path, int uid, int gid) implements Spec {
        public String describe() { return "EFS access point " + path + " for the kfs-shared storage class"; }
    }

    @JsonTypeName("s3_bucket")
    record S3Bucket(String bucket, boolean versioned, int noncurrentExpiryDays) implements Spec {
        public boolean holdsBackups() { return true; }
        public String describe() {
            return "S3 bucket " + bucket + " for backups: versioned, encrypted, public access blocked";
        }
    }

    /** An ACM certificate for the domain and its alternative names, validated through DNS. */
    @JsonTypeName("acm_certificate")
    record Certificate(String domain, List<String> alternativeNames) implements Spec {
        public String describe() { return "ACM certificate for " + domain + " and " + String.join(", ", alternativeNames) + " (DNS validation)"; }
    }

    /**
     * CNAME records written into the domain's Route 53 hosted zone: the "name CNAME value" lines the
     * step {@code source} records under {@code output} (the certificate's validation records, the ALB's names).
     */
    @JsonTypeName("route53_records")
    record DnsRecords(Ref source, String output, String hostedZoneId, String purpose) implements Spec {
        public String describe() { return purpose + " (CNAME) in hosted zone " + hostedZoneId; }
    }

    /**
     * The address the load balancer controller gives the Ingresses' ALB (one for the IngressGroup),
     * waited for, and the records that point the platform's {@code hosts} at it.
     */
    @JsonTypeName("k8s_ingress_address")
    record IngressAddress(Ref api, Ref ingress, String namespaceName, String ingressName, List<String> hosts) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() { return "the ALB's address, and " + String.join(", ", hosts) + " pointed at it"; }
    }

    // Kubernetes objects, made through the cluster's API once the add-ons they need are active.

    /**
     * How kpc reaches the cluster's API: {@code direct}, or {@code tunnel} through the jump host
     * ({@code address}: host[:port] to SSH to, null for its public IP; {@code privateKey}: the key
     * file, relative to the config, or null for the one kpc generated into its state directory).
     */
    @JsonTypeName("k8s_api_access")
    record KubeApi(Ref cluster, Ref jumpHost, String mode, String address, String privateKey) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() {
            return mode.equals("tunnel") ? "Kubernetes API through an SSH tunnel via the jump host (host key from its console output)"
                    : "Kubernetes API reached directly (kpc runs inside the VPC)";
        }
    }

    /**
     * The OIDC client's id and secret as the AWS Load Balancer Controller reads them (a Secret beside the
     * Ingress), the secret copied from Secrets Manager at apply time — never into state or plans — and a
     * Role letting the controller read that Secret alone.
     */
    @JsonTypeName("k8s_alb_oidc_secret")
    record AlbOidcSecret(Ref api, Ref namespace, String namespaceName, String name, String clientId, String clientSecretArn) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() { return "Secret " + namespaceName + "/" + name + ": OIDC client " + clientId + ", its secret from " + clientSecretArn; }
    }

    /**
     * A Secret of random values kpc makes once ({@code keys}: its data keys) and never reads back: an app's
     * own keys and first password (Superset's SECRET_KEY and admin password). Only its name is recorded.
     */
    @JsonTypeName("k8s_generated_secret")
    record GeneratedSecret(Ref api, Ref namespace, String namespaceName, String name, List<String> keys, String purpose) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() { return "Secret " + namespaceName + "/" + name + ": " + purpose + ", random, made in the cluster"; }
    }

    @JsonTypeName("k8s_namespace")
    record KubeNamespace(Ref api, String name) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() { return "Kubernetes namespace " + name; }
    }

    /**
     * {@code fileSystem} (nullable): the EFS file system whose id goes into the parameters as
     * {@code fileSystemId}. {@code isDefault}: the cluster's default class (gp2 then is not).
     */
    @JsonTypeName("k8s_storage_class")
    record StorageClass(Ref api, String name, String provisioner, Map<String, String> parameters, boolean isDefault,
                        Ref fileSystem) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() {
            return "storage class " + name + " (" + provisioner + " " + parameters.getOrDefault("type", parameters.getOrDefault("provisioningMode", ""))
                    + (isDefault ? ", the default" : "") + ")";
        }
    }

    /** Default-deny ingress in a namespace, with allows for its own pods and for the load balancer's traffic from the VPC. */
    /** {@code networkPolicy}: the config's enforcer, vpc-cni or calico (the Tigera operator's Calico, policy-only). */
    @JsonTypeName("k8s_network_policies")
    record NetworkPolicies(Ref api, Ref namespace, String namespaceName, String vpcCidr, String networkPolicy) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() {
            return "NetworkPolicies in " + namespaceName + ": deny ingress but from the namespace and the VPC's load balancer"
                    + (networkPolicy.equals("vpc-cni") ? ", enforced by the VPC CNI" : ", enforced by Calico (policy-only)");
        }
    }

    /**
     * An Ingress of the IngressGroup {@code group} (one ALB for all): {@code host} to {@code service}
     * port {@code port} in its namespace, HTTPS with the config's certificate ({@code certificateArn})
     * or kpc's ({@code certificate}); {@code scheme} internet-facing or internal.
     */
    /**
     * {@code annotations}: the Ingress's own ALB settings beside the group's (health check path, source
     * CIDRs, OIDC login); absent in states written before they existed.
     */
    @JsonTypeName("k8s_ingress")
    record KubeIngress(Ref api, Ref namespace, String namespaceName, String name, String host, String service, int port,
                       String scheme, String group, Ref certificate, String certificateArn, Map<String, String> annotations) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() { return "Ingress " + host + " → " + namespaceName + "/" + service + ":" + port + " on the " + scheme + " ALB, HTTPS"; }
    }

    /**
     * A Helm release: {@code chart} at {@code version} from {@code repository} (the config's mirror or
     * the chart's public one), as {@code release} in {@code namespace}. {@code values} are Helm
     * {@code --set} pairs; {@code roleArns} and {@code ids} are pairs whose value is, at apply time,
     * the ARN of a role step or the id of another step. {@code appVersion} (nullable): the app version
     * the chart must ship, checked against the repository's index before anything is installed.
     */
    @JsonTypeName("helm_release")
    record HelmRelease(Ref api, String release, String namespace, String chart, String version, String repository,
                       String appVersion, Map<String, String> values, Map<String, Ref> roleArns, Map<String, Ref> ids) implements Spec {
        public boolean inCluster() { return true; }
        public String describe() {
            return "Helm release " + namespace + "/" + release + " (chart " + chart + " " + (version == null ? "newest in the index" : version)
                    + (appVersion == null ? "" : ", app " + appVersion + (appVersion.endsWith(".") ? "x" : "")) + ")";
        }
    }
}
