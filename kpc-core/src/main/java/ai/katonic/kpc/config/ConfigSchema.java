package ai.katonic.kpc.config;

import static ai.katonic.kpc.config.Shape.Field.forbidden;
import static ai.katonic.kpc.config.Shape.Field.of;
import static ai.katonic.kpc.config.Shape.Field.optional;
import static ai.katonic.kpc.config.Shape.Field.required;

import ai.katonic.kpc.config.Shape.Bool;
import ai.katonic.kpc.config.Shape.Enum;
import ai.katonic.kpc.config.Shape.Int;
import ai.katonic.kpc.config.Shape.ListOf;
import ai.katonic.kpc.config.Shape.MapOf;
import ai.katonic.kpc.config.Shape.Obj;
import ai.katonic.kpc.config.Shape.Str;
import java.util.List;

/**
 * The one declaration of {@code kpc.yaml}: key names (a contract, snake_case as in the seed's
 * {@code shared_storage.create}), types, defaults and a line of help each. Semantic rules that
 * need more than a type (CIDR math, sizes, names) live in {@link ConfigValidator}.
 */
public final class ConfigSchema {
    private ConfigSchema() {}

    public static final List<String> REQUIRED_NODE_GROUPS = List.of("platform", "compute", "deployment", "vectordb");

    static final String FARGATE_REASON = "Fargate is not supported: Katonic cannot run on EKS Fargate because Fargate "
            + "does not support stateful workloads with persistent volumes; use the managed node_groups instead";

    private static final Obj SUBNET = new Obj(List.of(
            required("cidr", new Str("10.0.0.0/24"), "IPv4 CIDR block inside vpc.cidr"),
            required("zone", new Str("us-east-1a"), "availability zone of the region")));

    private static Obj nodeGroup(String type, long min, long desired, long max, long disk) {
        return new Obj(List.of(
                of("instance_type", new Str(type), type, "EC2 instance type"),
                of("min_size", new Int(0, 1000), min, "smallest node count the autoscaler may go to"),
                of("desired_size", new Int(0, 1000), desired, "node count at creation"),
                of("max_size", new Int(0, 1000), max, "largest node count the autoscaler may go to"),
                of("disk_size_gb", new Int(1, 16384), disk, "root EBS volume per node, GiB"),
                forbidden("fargate", FARGATE_REASON)));
    }

    public static final Obj ROOT = new Obj(List.of(
            required("cluster_name", new Str("katonic-prod"), "name of the EKS cluster: [a-z][a-z0-9-]*, at most 40 characters"),
            required("region", new Str("us-east-1"), "AWS region"),
            optional("eks_version", new Str("1.34"), "Kubernetes version, 1.30 or newer; absent: the newest EKS offers in "
                    + "standard support, chosen once at the first apply and kept in state"),
            of("kms_key_arn", new Str(""), "", "KMS key for envelope encryption of Kubernetes secrets; "
                    + "empty: kpc creates one (rotated yearly; destroy schedules its deletion)"),
            of("tags", new MapOf(new Str("ml-platform"), "^[A-Za-z0-9 _.:/=+@-]{1,128}$",
                    "tag keys are 1-128 letters, digits, spaces and _.:/=+@-"), null,
                    "tags added to every AWS resource"),
            required("vpc", new Obj(List.of(
                    required("cidr", new Str("10.0.0.0/21"), "VPC CIDR, /16 to /21"),
                    required("private_subnets", new ListOf(SUBNET, 2, 2),
                            "exactly two private subnets, /24 or larger, in two zones"),
                    required("public_subnet", SUBNET, "public subnet for the jump host and NAT gateway, /28 or larger"))),
                    "the new VPC the platform is deployed to"),
            of("jump_host", new Obj(List.of(
                    of("instance_type", new Str("t3.medium"), "t3.medium", "EC2 instance type of the jump host"),
                    of("disk_size_gb", new Int(1, 16384), 50L, "root volume, GiB (50 recommended)"),
                    optional("ssh_public_key", new Str("~/.ssh/id_ed25519.pub"),
                            "path of an SSH public key to import as the jump host's key pair"),
                    optional("ssh_key_name", new Str("my-key"), "name of an existing EC2 key pair instead"),
                    of("allowed_cidrs", new ListOf(new Str("203.0.113.0/24"), 0, 50), null,
                            "CIDRs allowed to SSH to the jump host (empty: no SSH ingress)"))),
                    null, "the jump host in the public subnet"),
            of("access", new Obj(List.of(
                    of("mode", new Enum(List.of("tunnel", "direct")), "tunnel",
                            "how kpc reaches the private Kubernetes API: tunnel (SSH through the jump host) or direct (kpc runs in the VPC)"),
                    optional("jump_host_address", new Str("203.0.113.10:22"),
                            "host[:port] to SSH to instead of the jump host's public IP, port 22 (a port mapping, a simulator)"),
                    optional("ssh_private_key", new Str("~/.ssh/id_rsa"),
                            "the jump host key's private half: needed with ssh_key_name; else kpc's generated key, or ssh_public_key without .pub"))),
                    null, "reaching the cluster's private API endpoint"),
            of("node_groups", new Obj(List.of(
                    of("platform", nodeGroup("m5.2xlarge", 2, 2, 4, 128), null, "Katonic platform services"),
                    of("compute", nodeGroup("m5.4xlarge", 1, 1, 10, 128), null, "Katonic executions"),
                    of("deployment", nodeGroup("m5.2xlarge", 1, 1, 5, 128), null, "model deployments"),
                    of("vectordb", nodeGroup("r5.xlarge", 1, 1, 3, 128), null, "vector database"),
                    optional("gpu", nodeGroup("g4dn.xlarge", 0, 0, 2, 200), "optional GPU nodes (tainted)"),
                    forbidden("fargate", FARGATE_REASON))),
                    null, "EKS managed node groups; platform, compute, deployment and vectordb are required"),
            of("network_policy", new Enum(List.of("calico", "vpc-cni")), "calico",
                    "NetworkPolicy enforcement: calico (policy-only) or vpc-cni"),
            of("shared_storage", new Obj(List.of(
                    of("create", new Bool(), true, "create EFS and the kfs-shared storage class"))),
                    null, "EFS shared storage for datasets"),
            required("backup", new Obj(List.of(
                    required("bucket", new Str("katonic-prod-backups"), "S3 bucket for platform backups"),
                    of("schedule", new Str("0 2 * * *"), "0 2 * * *", "cron schedule of backups (5 fields, UTC)"),
                    of("retention_days", new Int(1, 3650), 30L, "days a backup is kept"))),
                    "platform backups in S3"),
            required("domain", new Obj(List.of(
                    required("fqdn", new Str("katonic.example.com"), "domain the platform is served on"),
                    of("load_balancer", new Enum(List.of("external", "internal")), "external",
                            "ALB scheme: external (internet-facing) or internal (VPC only)"),
                    of("certificate_arn", new Str(""), "", "ACM certificate ARN; empty: kpc requests one"),
                    optional("hosted_zone_id", new Str("Z0123456789ABCDEFGHIJ"),
                            "Route 53 hosted zone of the domain: kpc writes the certificate's DNS validation records there"),
                    of("allowed_cidrs", new ListOf(new Str("203.0.113.0/24"), 0, 50), null,
                            "CIDRs the ALB accepts HTTPS from, for every host (empty: anyone who reaches the ALB)"),
                    optional("oidc", new Obj(List.of(
                            required("issuer", new Str("https://idp.example.com"), "OIDC issuer URL"),
                            required("authorization_endpoint", new Str("https://idp.example.com/authorize"), "the issuer's authorization endpoint"),
                            required("token_endpoint", new Str("https://idp.example.com/token"), "the issuer's token endpoint"),
                            required("user_info_endpoint", new Str("https://idp.example.com/userinfo"), "the issuer's user info endpoint"),
                            required("client_id", new Str("katonic"), "the OIDC client id"),
                            required("client_secret_arn", new Str("arn:aws:secretsmanager:us-east-1:123456789012:secret:katonic-oidc"),
                                    "Secrets Manager secret whose plain text is the client secret"))),
                            "the ALB signs users in with this OpenID Connect provider before forwarding, for every host"))),
                    "domain and TLS"),
            of("apps", new Obj(List.of(
                    of("superset", new Bool(), true, "Superset 2.0.1 at dash-<fqdn>"),
                    of("airbyte", new Bool(), true, "Airbyte 0.40.32 at connectors-<fqdn> (it has no login: on an external ALB it needs domain.allowed_cidrs or domain.oidc)"))),
                    null, "optional applications"),
            of("cluster_autoscaler", new Obj(List.of(
                    of("enabled", new Bool(), true, "install the cluster autoscaler"))),
                    null, "cluster autoscaler"),
            of("charts", new Obj(List.of(
                    of("repository", new Str("https://charts.example.internal/katonic"), "",
                            "Helm chart repository (https://, http:// or file://) holding every chart kpc installs; empty: each chart's public repository"),
                    of("versions", new Obj(List.of(
                            optional("cluster-autoscaler", new Str("9.37.0"), "chart version of the cluster autoscaler"),
                            optional("aws-load-balancer-controller", new Str("1.8.1"), "chart version of the AWS Load Balancer Controller"),
                            optional("tigera-operator", new Str("v3.28.0"), "chart version of the Tigera operator (network_policy: calico)"),
                            optional("superset", new Str("0.8.10"), "chart version of Superset (must ship Superset 2.0.1)"),
                            optional("airbyte", new Str("0.40.32"), "chart version of Airbyte (must ship Airbyte 0.40.32)"),
                            optional("velero", new Str("7.1.0"), "chart version of Velero (platform backups)"),
                            optional("nvidia-device-plugin", new Str("0.18.2"), "chart version of NVIDIA's device plugin (node_groups.gpu)"),
                            optional("velero-plugin-for-aws", new Str("v1.10.0"), "image tag of Velero's AWS plugin"))),
                            null, "chart versions overriding kpc's pins"))),
                    null, "where the Helm charts kpc installs come from"),
            of("state", new Obj(List.of(
                    of("backend", new Enum(List.of("local", "s3")), "local",
                            "local: .kpc/<region>/<cluster_name>/ beside the config; s3: in a bucket"),
                    optional("bucket", new Str("my-kpc-state"), "bucket for the s3 backend"),
                    optional("key", new Str("kpc/katonic-prod/state.json"), "object key for the s3 backend"))),
                    null, "where kpc keeps its state"),
            forbidden("fargate", FARGATE_REASON)));
}
