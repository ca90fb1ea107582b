package ai.katonic.kpc.plan;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ClusterConfig.NodeGroup;
import ai.katonic.kpc.plan.Spec.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Declares the AWS resources the seed asks for, once, from a config. Ids are stable across runs
 * (state is keyed by them), so renaming one is a migration, not a refactoring.
 */
public final class GraphBuilder {
    public static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    static final String EKS_CLUSTER_POLICY = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
    static final List<String> NODE_POLICIES = List.of(
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    static final String CNI_POLICY = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";
    static final String EBS_CSI_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
    static final String EFS_CSI_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy";
    static final List<String> JUMP_HOST_POLICIES = List.of("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");

    public static final String GPU_TAINT = "nvidia.com/gpu=true:NoSchedule";

    /**
     * The EKS add-ons with a controller Deployment run it on the platform group (their node DaemonSets
     * tolerate every taint by default): the add-ons' configuration schemas take these keys.
     */
    static final String ON_PLATFORM = "\"nodeSelector\":{\"katonic.ai/pool\":\"platform\"},\"tolerations\":[{\"key\":\"katonic.ai/pool\","
            + "\"operator\":\"Equal\",\"value\":\"platform\",\"effect\":\"NoSchedule\"}]";

    private GraphBuilder() {}

    public static ResourceGraph build(ClusterConfig c) {
        String n = c.clusterName();
        List<Resource> rs = new ArrayList<>();
        Ref vpc = add(rs, Resource.of(Ids.VPC, new Spec.Vpc(c.vpc().cidr())));

        List<Ref> privateSubnets = new ArrayList<>();
        for (int i = 0; i < c.vpc().privateSubnets().size(); i++) {
            ClusterConfig.Subnet s = c.vpc().privateSubnets().get(i);
            String id = "subnet-private-" + (i + 1);
            privateSubnets.add(add(rs, Resource.of(id, new Spec.Subnet(vpc, n + "-private-" + (i + 1), s.cidr(), s.zone(), false))));
        }
        Ref publicSubnet = add(rs, Resource.of("subnet-public",
                new Spec.Subnet(vpc, n + "-public", c.vpc().publicSubnet().cidr(), c.vpc().publicSubnet().zone(), true)));

        Ref igw = add(rs, Resource.of("internet-gateway", new Spec.InternetGateway(vpc)));
        Ref eip = add(rs, Resource.of("nat-eip", new Spec.ElasticIp("NAT gateway")));
        Ref nat = add(rs, Resource.of("nat-gateway", new Spec.NatGateway(publicSubnet, eip, igw)));

        Ref publicRt = add(rs, Resource.of("route-table-public", new Spec.RouteTable(vpc, n + "-public", true)));
        Ref publicRoute = add(rs, Resource.of("route-public-default", new Spec.Route(publicRt, "0.0.0.0/0", igw)));
        add(rs, Resource.of("rta-public", new Spec.RouteTableAssociation(publicRt, publicSubnet)));
        Ref privateRt = add(rs, Resource.of("route-table-private", new Spec.RouteTable(vpc, n + "-private", false)));
        Ref privateRoute = add(rs, Resource.of("route-private-default", new Spec.Route(privateRt, "0.0.0.0/0", nat)));
        for (int i = 0; i < privateSubnets.size(); i++) {
            add(rs, Resource.of("rta-private-" + (i + 1), new Spec.RouteTableAssociation(privateRt, privateSubnets.get(i))));
        }

        String vpcCidr = c.vpc().cidr();
        Ref endpointSg = add(rs, Resource.of("sg-endpoints", new Spec.SecurityGroup(vpc, n + "-endpoints",
                "VPC interface endpoints: HTTPS and NFS from the VPC", List.of(
                        new Ingress("tcp", 443, 443, List.of(vpcCidr), null, "HTTPS from the VPC"),
                        new Ingress("tcp", 2049, 2049, List.of(vpcCidr), null, "NFS from the VPC")))));
        add(rs, Resource.of("vpce-s3", new Spec.VpcEndpoint(vpc, "s3", "Gateway", List.of(privateRt), List.of(), List.of())));
        add(rs, Resource.of("vpce-efs", new Spec.VpcEndpoint(vpc, "elasticfilesystem", "Interface", List.of(),
                privateSubnets, List.of(endpointSg))));

        // Jump host: its own group (SSH from allowed_cidrs only), key, and a role limited to SSM.
        List<Ingress> ssh = c.jumpHost().allowedCidrs().isEmpty() ? List.of()
                : List.of(new Ingress("tcp", 22, 22, c.jumpHost().allowedCidrs(), null, "SSH from allowed_cidrs"));
        Ref jumpSg = add(rs, Resource.of("sg-jump-host", new Spec.SecurityGroup(vpc, n + "-jump-host",
                "jump host: SSH from allowed_cidrs only", ssh)));
        Ref key = null;
        if (c.jumpHost().sshKeyName() == null) {
            key = add(rs, Resource.of("key-pair-jump-host", new Spec.KeyPair(n + "-jump-host", c.jumpHost().sshPublicKey())));
        }
        // The jump host may describe its own cluster (for kubeconfig) and nothing else of EKS.
        String describeCluster = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"eks:DescribeCluster\",\"Resource\":\"arn:aws:eks:" + c.region() + ":*:cluster/" + n + "\"}]}";
        Ref jumpRole = add(rs, Resource.of("iam-role-jump-host", new Spec.IamRole(n + "-jump-host",
                "ec2.amazonaws.com", JUMP_HOST_POLICIES, describeCluster, "the jump host (SSM, and describing its cluster)")));
        Ref jumpProfile = add(rs, Resource.of("instance-profile-jump-host", new Spec.InstanceProfile(n + "-jump-host", jumpRole)));
        // The jump host installs its tools from the internet at boot, so it waits for the public route.
        Ref jumpHost = add(rs, Resource.of("jump-host", new Spec.Instance(n + "-jump-host", c.jumpHost().instanceType(),
                c.jumpHost().diskSizeGb(), publicSubnet, jumpSg, key, c.jumpHost().sshKeyName(), jumpProfile,
                AMI_PARAMETER), publicRoute.id(), "rta-public"));

        Ref clusterRole = add(rs, Resource.of("iam-role-cluster", new Spec.IamRole(n + "-cluster", "eks.amazonaws.com",
                List.of(EKS_CLUSTER_POLICY), null, "the EKS control plane")));
        Ref nodeRole = add(rs, Resource.of("iam-role-nodes", new Spec.IamRole(n + "-nodes", "ec2.amazonaws.com",
                NODE_POLICIES, null, "the EKS worker nodes")));
        Ref apiSg = add(rs, Resource.of("sg-cluster-api", new Spec.SecurityGroup(vpc, n + "-cluster-api",
                "EKS private API endpoint: HTTPS from the jump host and the VPC", List.of(
                        new Ingress("tcp", 443, 443, List.of(), jumpSg, "kubectl from the jump host"),
                        new Ingress("tcp", 443, 443, List.of(vpcCidr), null, "HTTPS from inside the VPC")))));
        // Kubernetes secrets are envelope-encrypted with a KMS key: the config's, or one kpc makes.
        Ref kmsKey = c.kmsKeyArn().isEmpty() ? add(rs, Resource.of("kms-key",
                new Spec.KmsKey("alias/" + n + "-eks-secrets", "envelope encryption of the cluster's Kubernetes secrets"))) : null;
        Ref cluster = add(rs, Resource.of(Ids.EKS_CLUSTER, new Spec.EksCluster(n, c.eksVersion(), clusterRole,
                privateSubnets, List.of(apiSg), true, false, kmsKey, c.kmsKeyArn().isEmpty() ? null : c.kmsKeyArn())));
        Ref oidc = add(rs, Resource.of(Ids.OIDC_PROVIDER, new Spec.OidcProvider(cluster)));

        // Nodes pull images through the NAT gateway, so they wait for the private default route.
        for (NodeGroup g : c.nodeGroups().values()) {
            // The platform group is kpc's components' own; GPU nodes take only pods asking for a GPU.
            List<String> taints = g.gpu() ? List.of(GPU_TAINT) : g.name().equals("platform") ? List.of(HelmReleases.PLATFORM_TAINT) : List.of();
            add(rs, Resource.of(Ids.nodeGroup(g.name()), new Spec.NodeGroup(cluster, nodeRole, privateSubnets, g.name(),
                    g.instanceType(), g.minSize(), g.desiredSize(), g.maxSize(), g.diskSizeGb(),
                    Map.of("katonic.ai/pool", g.name()), taints), privateRoute.id(), "rta-private-1", "rta-private-2"));
        }

        addOns(rs, c, cluster, oidc);

        Ref fs = null;
        if (c.sharedStorage()) {
            Ref efsSg = add(rs, Resource.of("sg-efs", new Spec.SecurityGroup(vpc, n + "-efs",
                    "EFS mount targets: NFS from the VPC", List.of(
                            new Ingress("tcp", 2049, 2049, List.of(vpcCidr), null, "NFS from the VPC")))));
            fs = add(rs, Resource.of("efs", new Spec.EfsFileSystem(n + "-shared", true)));
            for (int i = 0; i < privateSubnets.size(); i++) {
                add(rs, Resource.of("efs-mount-target-" + (i + 1), new Spec.EfsMountTarget(fs, privateSubnets.get(i), efsSg)));
            }
            add(rs, Resource.of("efs-access-point", new Spec.EfsAccessPoint(fs, "/katonic", 1000, 1000)));
        }

        Ref api = kubernetesObjects(rs, c, cluster, jumpHost, fs);
        HelmReleases.add(rs, c, api, oidc, vpc);

        add(rs, Resource.of(Ids.BACKUP_BUCKET, new Spec.S3Bucket(c.backup().bucket(), true, c.backup().retentionDays())));
        HelmReleases.velero(rs, c, api, oidc, namespaces(c));
        return new ResourceGraph(rs);
    }

    /**
     * EKS add-ons, the CSI drivers and the CNI each on its own IRSA role. The daemon-set add-ons
     * (vpc-cni, kube-proxy) go on as soon as the cluster is there, as eksctl does; the ones whose
     * pods need a node to become healthy (coredns, the CSI controllers) wait for the platform group.
     */
    private static void addOns(List<Resource> rs, ClusterConfig c, Ref cluster, Ref oidc) {
        String n = c.clusterName();
        String nodes = Ids.PLATFORM_NODE_GROUP;
        Ref cniRole = add(rs, Resource.of("iam-role-vpc-cni", new Spec.ServiceAccountRole(n + "-vpc-cni", oidc, "kube-system",
                "aws-node", List.of(CNI_POLICY), null, "the VPC CNI plugin")));
        String cniConfig = c.networkPolicy().equals("vpc-cni") ? "{\"enableNetworkPolicy\":\"true\"}" : null;
        add(rs, Resource.of(Ids.VPC_CNI_ADDON, new Spec.EksAddon(cluster, "vpc-cni", cniRole, cniConfig)));
        add(rs, Resource.of("addon-kube-proxy", new Spec.EksAddon(cluster, "kube-proxy", null, null)));
        add(rs, Resource.of("addon-coredns", new Spec.EksAddon(cluster, "coredns", null, "{" + ON_PLATFORM + "}"), nodes));
        Ref ebsRole = add(rs, Resource.of("iam-role-ebs-csi", new Spec.ServiceAccountRole(n + "-ebs-csi", oidc, "kube-system",
                "ebs-csi-controller-sa", List.of(EBS_CSI_POLICY), null, "the EBS CSI driver (storage class kfs)")));
        add(rs, Resource.of("addon-aws-ebs-csi-driver", new Spec.EksAddon(cluster, "aws-ebs-csi-driver", ebsRole, "{\"controller\":{" + ON_PLATFORM + "}}"), nodes));
        if (c.sharedStorage()) {
            Ref efsRole = add(rs, Resource.of("iam-role-efs-csi", new Spec.ServiceAccountRole(n + "-efs-csi", oidc, "kube-system",
                    "efs-csi-controller-sa", List.of(EFS_CSI_POLICY), null, "the EFS CSI driver (storage class kfs-shared)")));
            add(rs, Resource.of("addon-aws-efs-csi-driver", new Spec.EksAddon(cluster, "aws-efs-csi-driver", efsRole, "{\"controller\":{" + ON_PLATFORM + "}}"), nodes));
        }
    }

    /**
     * Per namespace: the Ingress name, and the Service and port it routes to — the platform's entry
     * point, and the Services the Superset and Airbyte charts name for release names superset and airbyte.
     */
    static final Map<String, String[]> INGRESS = Map.of(
            "katonic", new String[] {"katonic", "katonic-platform", "80", "/"},
            // Superset answers /health with OK once its web server and database are up
            "superset", new String[] {"superset", "superset", "8088", "/health"},
            // Airbyte's webapp is nginx serving the UI at /
            "airbyte", new String[] {"airbyte", "airbyte-airbyte-webapp-svc", "80", "/"});

    /** The Secret in each app namespace the load balancer controller reads the OIDC client from. */
    static final String OIDC_SECRET = "kpc-alb-oidc";

    /** The Katonic namespaces: the platform's, and one per app enabled. */
    public static List<String> namespaces(ClusterConfig c) {
        List<String> out = new ArrayList<>(List.of("katonic"));
        if (c.superset()) out.add("superset");
        if (c.airbyte()) out.add("airbyte");
        return out;
    }

    /**
     * What kpc makes through the cluster's own API: the storage classes (kfs as soon as the API answers —
     * a class is only a name for the driver, which provisions once it runs, so the apps' volumes need
     * not wait for the add-on; kfs-shared once EFS is mountable), the Katonic namespaces and their NetworkPolicies (once
     * the CNI that enforces them is there).
     */
    private static Ref kubernetesObjects(List<Resource> rs, ClusterConfig c, Ref cluster, Ref jumpHost, Ref fs) {
        ClusterConfig.Access a = c.access();
        Ref api = add(rs, Resource.of(Ids.KUBERNETES_API, new Spec.KubeApi(cluster, a.tunnel() ? jumpHost : null, a.mode(),
                a.jumpHostAddress(), a.tunnel() ? privateKey(c) : null)));
        add(rs, Resource.of(Ids.KFS_STORAGE_CLASS, new Spec.StorageClass(api, "kfs", "ebs.csi.aws.com",
                Map.of("type", "gp3", "encrypted", "true", "csi.storage.k8s.io/fstype", "ext4"), true, null)));
        if (fs != null) {
            add(rs, Resource.of("storage-class-kfs-shared", new Spec.StorageClass(api, "kfs-shared", "efs.csi.aws.com",
                    Map.of("provisioningMode", "efs-ap", "directoryPerms", "700", "basePath", "/katonic"), false, fs),
                    "addon-aws-efs-csi-driver", "efs-mount-target-1", "efs-mount-target-2"));
        }
        ClusterConfig.Domain d = c.domain();
        Ref certificate = d.certificateArn().isEmpty() ? add(rs, Resource.of("acm-certificate",
                new Spec.Certificate(d.fqdn(), c.hostnames().subList(1, c.hostnames().size())))) : null;
        if (certificate != null && d.hostedZoneId() != null) {
            add(rs, Resource.of("dns-validation-records", new Spec.DnsRecords(certificate, "validation_records", d.hostedZoneId(),
                    "the certificate's DNS validation records")));
        }
        String certificateArn = d.certificateArn().isEmpty() ? null : d.certificateArn();
        String scheme = d.internal() ? "internal" : "internet-facing";
        for (String ns : namespaces(c)) {
            Ref namespace = add(rs, Resource.of(Ids.namespace(ns), new Spec.KubeNamespace(api, ns), Ids.PLATFORM_NODE_GROUP));
            add(rs, Resource.of("network-policies-" + ns, new Spec.NetworkPolicies(api, namespace, ns, c.vpc().cidr(), c.networkPolicy()),
                    c.networkPolicy().equals("calico") ? new String[] {Ids.VPC_CNI_ADDON, Ids.helmRelease("tigera-operator")} : new String[] {Ids.VPC_CNI_ADDON}));
            String[] route = INGRESS.get(ns);
            String host = ns.equals("superset") ? d.dashHost() : ns.equals("airbyte") ? d.connectorsHost() : d.fqdn();
            Map<String, String> annotations = new java.util.LinkedHashMap<>();
            annotations.put("alb.ingress.kubernetes.io/healthcheck-path", route[3]);
            if (!d.allowedCidrs().isEmpty()) annotations.put("alb.ingress.kubernetes.io/inbound-cidrs", String.join(",", d.allowedCidrs()));
            List<String> after = new ArrayList<>(List.of(Ids.helmRelease("aws-load-balancer-controller")));
            if (d.oidc() != null) {
                ClusterConfig.Oidc o = d.oidc();
                add(rs, Resource.of("oidc-secret-" + ns, new Spec.AlbOidcSecret(api, namespace, ns, OIDC_SECRET, o.clientId(), o.clientSecretArn())));
                after.add("oidc-secret-" + ns);
                annotations.put("alb.ingress.kubernetes.io/auth-type", "oidc");
                annotations.put("alb.ingress.kubernetes.io/auth-idp-oidc", "{\"issuer\":\"" + o.issuer() + "\",\"authorizationEndpoint\":\""
                        + o.authorizationEndpoint() + "\",\"tokenEndpoint\":\"" + o.tokenEndpoint() + "\",\"userInfoEndpoint\":\""
                        + o.userInfoEndpoint() + "\",\"secretName\":\"" + OIDC_SECRET + "\"}");
                annotations.put("alb.ingress.kubernetes.io/auth-on-unauthenticated-request", "authenticate");
                annotations.put("alb.ingress.kubernetes.io/auth-scope", "openid");
            }
            add(rs, Resource.of("ingress-" + ns, new Spec.KubeIngress(api, namespace, ns, route[0], host, route[1],
                    Integer.parseInt(route[2]), scheme, "katonic", certificate, certificateArn, Map.copyOf(annotations)),
                    // the controller's webhook checks every Ingress, and it makes the ALB
                    after.toArray(String[]::new)));
        }
        // One ALB for the group: its address, once the controller has made it, and the three names pointed at it.
        List<String> ingresses = namespaces(c).stream().map(ns -> "ingress-" + ns).toList();
        Ref address = add(rs, Resource.of("ingress-address", new Spec.IngressAddress(api, new Ref("ingress-katonic"), "katonic",
                INGRESS.get("katonic")[0], c.hostnames()), ingresses.toArray(String[]::new)));
        if (d.hostedZoneId() != null) {
            add(rs, Resource.of("dns-records", new Spec.DnsRecords(address, "records", d.hostedZoneId(), "the platform's names → the ALB")));
        }
        return api;
    }

    /** The jump host key's private half: given, beside the imported public key, or null for kpc's generated one. */
    private static String privateKey(ClusterConfig c) {
        if (c.access().sshPrivateKey() != null) return c.access().sshPrivateKey();
        String pub = c.jumpHost().sshPublicKey();
        return pub == null ? null : pub.endsWith(".pub") ? pub.substring(0, pub.length() - 4) : pub;
    }

    static Ref add(List<Resource> rs, Resource r) {
        rs.add(r);
        return new Ref(r.id());
    }
}
