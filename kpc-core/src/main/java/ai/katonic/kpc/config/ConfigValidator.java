package ai.katonic.kpc.config;

import ai.katonic.kpc.config.ClusterConfig.NodeGroup;
import ai.katonic.kpc.config.ClusterConfig.Subnet;
import inet.ipaddr.IPAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that need more than a type: the seed's network sizes, AWS's naming and size limits,
 * and the platform's own constraints. Every rule reports through {@link Diagnostics} with the key
 * path, so all problems of a file are shown in one run.
 */
public final class ConfigValidator {
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /**
     * The regions of AWS's commercial partition on 2026-12-01 (docs.aws.amazon.com/global-infrastructure/latest/regions/
     * aws-regions.html). A newer region is refused until this list knows it; China and GovCloud are other
     * partitions (other ARNs, endpoints and accounts), which kpc does not support.
     */
    static final List<String> REGIONS = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
            "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1",
            "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1",
            "me-south-1", "me-central-1", "mx-central-1", "sa-east-1");
    private static final Pattern EKS_VERSION = Pattern.compile("1\\.(\\d{1,3})");
    private static final int MIN_EKS_MINOR = 30;
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern KEY_NAME = Pattern.compile("[\\x20-\\x7E]{1,255}");
    private static final Pattern CERT_ARN = Pattern.compile("arn:aws(-[a-z-]+)?:acm:([a-z0-9-]+):\\d{12}:certificate/[0-9a-f-]{36}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:key/[a-zA-Z0-9-]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final int MIN_DISK_GB = 20;
    private static final int RECOMMENDED_JUMP_DISK_GB = 50;
    /** AWS allows 50 tags; kpc adds kpc:cluster and kubernetes.io/cluster/<name>, the subnets one more. */
    private static final int MAX_USER_TAGS = 47;

    private final Diagnostics d;
    private final Path configDir;

    public ConfigValidator(Diagnostics d, Path configDir) {
        this.d = d;
        this.configDir = configDir;
    }

    public void validate(ClusterConfig c) {
        clusterName(c.clusterName());
        boolean regionOk = REGIONS.contains(c.region());
        if (!regionOk) {
            boolean otherPartition = c.region().startsWith("cn-") || c.region().startsWith("us-gov-") || c.region().contains("-iso");
            d.error("region", "'" + c.region() + "' " + (otherPartition
                    ? "is in another AWS partition (China, GovCloud or ISO), which kpc does not support"
                    : "is not an AWS region (kpc's list of " + REGIONS.size() + " regions, 2026-12-01)"
                    + Suggest.didYouMean(c.region(), REGIONS)));
        }
        eksVersion(c.eksVersion());
        if (!c.kmsKeyArn().isEmpty()) {
            Matcher k = KMS_ARN.matcher(c.kmsKeyArn());
            if (!k.matches()) {
                d.error("kms_key_arn", "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), or leave it empty");
            } else if (!k.group(1).equals(c.region())) {
                d.error("kms_key_arn", "the key is in " + k.group(1) + " but EKS can only use keys of its own region, " + c.region());
            }
        }
        tags(c.tags());
        network(c, regionOk);
        jumpHost(c);
        access(c);
        c.nodeGroups().values().forEach(this::nodeGroup);
        S3Names.check(d, "backup.bucket", c.backup().bucket());
        Cron.check(d, "backup.schedule", c.backup().schedule());
        domain(c);
        charts(c);
        if (c.state().backend().equals("s3")) {
            if (c.state().bucket() == null) d.error("state.bucket", "is required when state.backend is s3");
            else S3Names.check(d, "state.bucket", c.state().bucket());
        }
    }

    private void clusterName(String name) {
        if (!CLUSTER_NAME.matcher(name).matches() || name.endsWith("-")) {
            d.error("cluster_name", "'" + name + "' is not allowed: use lower-case letters, digits and '-', "
                    + "starting with a letter and not ending with '-'");
        }
        if (name.length() > 40) {
            d.error("cluster_name", "is " + name.length() + " characters; at most 40 are allowed "
                    + "(resource names derived from it must fit AWS limits)");
        }
    }

    private void eksVersion(String v) {
        if (v == null) return; // chosen at plan/apply time from what EKS offers
        Matcher m = EKS_VERSION.matcher(v);
        if (!m.matches()) {
            d.error("eks_version", "'" + v + "' is not a Kubernetes minor version; write it quoted, like \"1.30\"");
        } else if (Integer.parseInt(m.group(1)) < MIN_EKS_MINOR) {
            d.error("eks_version", v + " is too old: Katonic is validated with EKS 1.30 and newer");
        } else if (!EksCalendar.known(v)) {
            d.warn("eks_version", v + " is not in kpc's EKS calendar of " + EksCalendar.DATE
                    + "; preflight asks EKS whether the region offers it");
        }
    }

    private void tags(Map<String, String> tags) {
        if (tags.size() > MAX_USER_TAGS) {
            d.error("tags", "has " + tags.size() + " tags; AWS allows 50 per resource and kpc needs 3, so at most "
                    + MAX_USER_TAGS);
        }
        tags.forEach((k, v) -> {
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:") || k.startsWith("kpc:")) {
                d.error("tags." + k, "the prefixes 'aws:' and 'kpc:' are reserved");
            }
            if (v.length() > 256) d.error("tags." + k, "value is " + v.length() + " characters; AWS allows 256");
        });
    }

    /** Zones are only checked against a valid region: one wrong region is one error, not four. */
    private void network(ClusterConfig c, boolean regionOk) {
        IPAddress vpc = Cidrs.parse(d, "vpc.cidr", c.vpc().cidr());
        if (vpc != null) {
            int prefix = vpc.getNetworkPrefixLength();
            if (prefix < 16 || prefix > 21) {
                d.error("vpc.cidr", "/" + prefix + " is outside the allowed range: the VPC must be /16 to /21 "
                        + "(Katonic needs at least /21; AWS allows at most /16)");
            }
        }
        List<IPAddress> nets = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < c.vpc().privateSubnets().size(); i++) {
            String path = "vpc.private_subnets[" + i + "]";
            IPAddress s = subnet(c, regionOk, vpc, path, c.vpc().privateSubnets().get(i), 24,
                    "private subnets must be /24 or larger: pods take their IP addresses from them");
            if (s != null && c.networkPolicy().equals("vpc-cni") && s.getNetworkPrefixLength() > 23) {
                d.warn(path + ".cidr", "with network_policy vpc-cni every pod takes a subnet address; /23 or larger is recommended");
            }
            nets.add(s);
            paths.add(path + ".cidr");
        }
        nets.add(subnet(c, regionOk, vpc, "vpc.public_subnet", c.vpc().publicSubnet(), 28,
                "the public subnet must be /28 or larger (AWS's smallest subnet)"));
        paths.add("vpc.public_subnet.cidr");
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                if (nets.get(i) != null && nets.get(j) != null && nets.get(i).intersect(nets.get(j)) != null) {
                    d.error(paths.get(j), nets.get(j) + " overlaps " + nets.get(i) + " (" + paths.get(i) + "); subnets must not overlap");
                }
            }
        }
        List<Subnet> privates = c.vpc().privateSubnets();
        if (privates.size() == 2 && privates.get(0).zone().equals(privates.get(1).zone())) {
            d.error("vpc.private_subnets[1].zone", "both private subnets are in " + privates.get(1).zone()
                    + "; EKS needs them in two different availability zones");
        }
    }

    private IPAddress subnet(ClusterConfig c, boolean regionOk, IPAddress vpc, String path, Subnet s, int maxPrefix,
                             String sizeRule) {
        if (regionOk && !s.zone().matches(Pattern.quote(c.region()) + "[a-z]")) {
            d.error(path + ".zone", "'" + s.zone() + "' is not an availability zone of " + c.region()
                    + " (expected " + c.region() + "a, " + c.region() + "b, ...)");
        }
        IPAddress net = Cidrs.parse(d, path + ".cidr", s.cidr());
        if (net == null) return null;
        if (net.getNetworkPrefixLength() > maxPrefix) {
            d.error(path + ".cidr", "/" + net.getNetworkPrefixLength() + " is too small; " + sizeRule);
        }
        if (vpc != null && !vpc.contains(net)) {
            d.error(path + ".cidr", net + " is not inside the VPC " + vpc);
        }
        return net;
    }

    private void jumpHost(ClusterConfig c) {
        ClusterConfig.JumpHost j = c.jumpHost();
        instanceType("jump_host.instance_type", j.instanceType());
        if (j.diskSizeGb() < MIN_DISK_GB) {
            d.error("jump_host.disk_size_gb", j.diskSizeGb() + " GB is below the " + MIN_DISK_GB + " GB minimum");
        } else if (j.diskSizeGb() < RECOMMENDED_JUMP_DISK_GB) {
            d.warn("jump_host.disk_size_gb", j.diskSizeGb() + " GB is below the recommended 50 GB for the tools and images");
        }
        if (j.sshPublicKey() != null && j.sshKeyName() != null) {
            d.error("jump_host.ssh_key_name", "give either ssh_public_key or ssh_key_name, not both");
        }
        if (j.sshKeyName() != null && !KEY_NAME.matcher(j.sshKeyName()).matches()) {
            d.error("jump_host.ssh_key_name", "must be 1-255 printable ASCII characters");
        }
        if (j.sshPublicKey() != null) {
            Path key = SshKeys.resolve(configDir, j.sshPublicKey());
            if (!Files.isRegularFile(key)) {
                d.error("jump_host.ssh_public_key", "file " + key + " does not exist; give the path of an SSH public key (.pub)");
            } else {
                String why = SshKeys.notAPublicKey(key);
                if (why != null) d.error("jump_host.ssh_public_key", "file " + key + " " + why);
            }
        }
        for (int i = 0; i < j.allowedCidrs().size(); i++) {
            String path = "jump_host.allowed_cidrs[" + i + "]";
            IPAddress a = Cidrs.parse(d, path, j.allowedCidrs().get(i));
            if (a != null && a.getNetworkPrefixLength() == 0) {
                d.warn(path, "0.0.0.0/0 opens SSH on the jump host to the whole internet; list your own networks");
            }
        }
    }

    /** The tunnel needs a way in (SSH ingress, a private key kpc can read) and an address it can parse. */
    private void access(ClusterConfig c) {
        ClusterConfig.Access a = c.access();
        if (a.jumpHostAddress() != null && !ADDRESS.matcher(a.jumpHostAddress()).matches()) {
            d.error("access.jump_host_address", "'" + a.jumpHostAddress() + "' is not host[:port] (for example 203.0.113.10:22)");
        }
        if (!a.tunnel()) return;
        if (c.jumpHost().allowedCidrs().isEmpty() && a.jumpHostAddress() == null) {
            d.warn("access.mode", "the tunnel goes through the jump host's SSH, but jump_host.allowed_cidrs is empty (no SSH "
                    + "ingress); add the network kpc runs from, or use access.mode: direct from inside the VPC");
        }
        if (c.jumpHost().sshKeyName() != null && c.jumpHost().sshPublicKey() == null && a.sshPrivateKey() == null) {
            d.error("jump_host.ssh_key_name", "names a key pair whose private half kpc does not have, and access.mode is "
                    + "tunnel: give the private key's path as access.ssh_private_key, or use access.mode: direct");
        }
        if (a.sshPrivateKey() != null && !Files.isRegularFile(SshKeys.resolve(configDir, a.sshPrivateKey()))) {
            d.error("access.ssh_private_key", "file " + SshKeys.resolve(configDir, a.sshPrivateKey()) + " does not exist");
        }
    }

    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    private void nodeGroup(NodeGroup g) {
        String p = "node_groups." + g.name();
        instanceType(p + ".instance_type", g.instanceType());
        if (g.minSize() > g.desiredSize()) {
            d.error(p + ".min_size", "min_size " + g.minSize() + " is greater than desired_size " + g.desiredSize()
                    + "; sizes must satisfy 0 <= min_size <= desired_size <= max_size");
        }
        if (g.desiredSize() > g.maxSize()) {
            d.error(p + ".desired_size", "desired_size " + g.desiredSize() + " is greater than max_size " + g.maxSize()
                    + "; sizes must satisfy 0 <= min_size <= desired_size <= max_size");
        }
        if (g.maxSize() < 1 && ConfigSchema.REQUIRED_NODE_GROUPS.contains(g.name())) {
            d.error(p + ".max_size", "must be at least 1: the " + g.name() + " node group is required by the platform");
        }
        if (g.diskSizeGb() < MIN_DISK_GB) {
            d.error(p + ".disk_size_gb", g.diskSizeGb() + " GB is below the " + MIN_DISK_GB + " GB minimum for an EKS node");
        }
        if (g.gpu() && !g.instanceType().matches("(g|p)[0-9].*")) {
            d.warn(p + ".instance_type", g.instanceType() + " is not a GPU instance type (g* or p* families)");
        }
    }

    private void instanceType(String path, String t) {
        if (!INSTANCE_TYPE.matcher(t).matches()) {
            d.error(path, "'" + t + "' is not an EC2 instance type (like m5.2xlarge)");
        }
    }

    private void charts(ClusterConfig c) {
        String repo = c.charts().repository();
        if (repo != null && !repo.matches("(https?://[^\\s/]+|file:/)[^\\s]*")) {
            d.error("charts.repository", "'" + repo + "' is not a Helm chart repository URL (https://host/path, http://host/path or file:///dir)");
        } else if (repo != null && repo.startsWith("http://")) {
            d.warn("charts.repository", "is plain HTTP: the charts' digests are still checked against its index, but the index itself is not protected");
        }
        c.charts().versions().forEach((release, version) -> {
            if (!version.matches("v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?")) {
                d.error("charts.versions." + release, "'" + version + "' is not a chart version (semantic version like 1.2.3)");
            }
        });
    }

    private void domain(ClusterConfig c) {
        String zone = c.domain().hostedZoneId();
        if (zone != null && !zone.matches("[A-Z0-9]{1,32}")) {
            d.error("domain.hosted_zone_id", "'" + zone + "' is not a Route 53 hosted zone id (like Z0123456789ABCDEFGHIJ)");
        }
        String fqdn = c.domain().fqdn();
        String[] labels = fqdn.split("\\.", -1);
        boolean ok = fqdn.length() <= 253 && labels.length >= 2;
        for (String l : labels) ok &= l.length() <= 63 && DNS_LABEL.matcher(l).matches();
        ok &= !labels[labels.length - 1].matches("\\d+");
        if (!ok) {
            d.error("domain.fqdn", "'" + fqdn + "' is not a valid domain name: lower-case labels of letters, digits "
                    + "and '-', at most 63 characters each, like katonic.example.com");
        } else {
            for (String host : c.hostnames().subList(1, c.hostnames().size())) {
                String first = host.substring(0, host.indexOf('.'));
                if (first.length() > 63 || host.length() > 253) {
                    d.error("domain.fqdn", "the derived host " + host + " has a label of " + first.length()
                            + " characters; DNS allows 63, so shorten the first label of the domain");
                    break; // connectors- is longer than dash-: one message is enough
                }
            }
        }
        String arn = c.domain().certificateArn();
        if (!arn.isEmpty()) {
            Matcher m = CERT_ARN.matcher(arn);
            if (!m.matches()) {
                d.error("domain.certificate_arn", "is not an ACM certificate ARN "
                        + "(arn:aws:acm:<region>:<account>:certificate/<id>), or leave it empty");
            } else if (!m.group(2).equals(c.region())) {
                d.error("domain.certificate_arn", "the certificate is in " + m.group(2) + " but an ALB can only use "
                        + "certificates of its own region, " + c.region());
            }
        }
        access(c.domain(), c);
    }

    /** Who may reach the apps: the ALB's source CIDRs, its OIDC login, and Airbyte (no login of its own) never open on the internet. */
    private void access(ClusterConfig.Domain dom, ClusterConfig c) {
        for (int i = 0; i < dom.allowedCidrs().size(); i++) {
            String path = "domain.allowed_cidrs[" + i + "]";
            IPAddress a = Cidrs.parse(d, path, dom.allowedCidrs().get(i));
            if (a != null && a.isIPv4() && a.getNetworkPrefixLength() != null && a.getNetworkPrefixLength() == 0) {
                d.warn(path, "0.0.0.0/0 lets the whole internet reach the platform; list your own networks");
            }
        }
        ClusterConfig.Oidc o = dom.oidc();
        if (o != null) {
            String[][] urls = {{"issuer", o.issuer()}, {"authorization_endpoint", o.authorizationEndpoint()},
                    {"token_endpoint", o.tokenEndpoint()}, {"user_info_endpoint", o.userInfoEndpoint()}};
            for (String[] u : urls) {
                if (!u[1].matches("https://[^\\s/]+(/\\S*)?")) {
                    d.error("domain.oidc." + u[0], "'" + u[1] + "' is not an https:// URL; the ALB talks to the provider over HTTPS only");
                }
            }
            Matcher m = SECRET_ARN.matcher(o.clientSecretArn());
            if (!m.matches()) {
                d.error("domain.oidc.client_secret_arn", "is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
            } else if (!m.group(1).equals(c.region())) {
                d.error("domain.oidc.client_secret_arn", "the secret is in " + m.group(1) + "; kpc reads it in the cluster's region, " + c.region());
            }
        }
        if (c.airbyte() && !dom.internal() && !dom.restricted()) {
            d.error("apps.airbyte", "Airbyte 0.40.32 has no login, and domain.load_balancer is external: anyone on the internet could use "
                    + "connectors-" + dom.fqdn() + " and the credentials it stores. Restrict the ALB with domain.allowed_cidrs "
                    + "(your networks) and/or domain.oidc (a login at the ALB), use domain.load_balancer: internal, or set apps.airbyte: false");
        }
    }

    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
}
