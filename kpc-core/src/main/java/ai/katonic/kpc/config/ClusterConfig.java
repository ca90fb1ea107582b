package ai.katonic.kpc.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The validated cluster config. Built only from a tree that passed {@link SchemaChecker}. */
public record ClusterConfig(
        String clusterName,
        String region,
        String eksVersion,
        String kmsKeyArn,
        Map<String, String> tags,
        Vpc vpc,
        JumpHost jumpHost,
        Access access,
        Map<String, NodeGroup> nodeGroups,
        String networkPolicy,
        boolean sharedStorage,
        Backup backup,
        Domain domain,
        boolean superset,
        boolean airbyte,
        boolean clusterAutoscaler,
        Charts charts,
        StateBackend state) {

    /** {@code repository}: a mirror for every chart, or null for the public ones; {@code versions}: overrides by release. */
    public record Charts(String repository, Map<String, String> versions) {}

    public record Subnet(String cidr, String zone) {}

    public record Vpc(String cidr, List<Subnet> privateSubnets, Subnet publicSubnet) {}

    public record JumpHost(String instanceType, int diskSizeGb, String sshPublicKey, String sshKeyName,
                           List<String> allowedCidrs) {}

    /** {@code jumpHostAddress} and {@code sshPrivateKey} are null when not given. */
    public record Access(String mode, String jumpHostAddress, String sshPrivateKey) {
        public boolean tunnel() {
            return mode.equals("tunnel");
        }
    }

    public record NodeGroup(String name, String instanceType, int minSize, int desiredSize, int maxSize,
                            int diskSizeGb) {
        public boolean gpu() {
            return name.equals("gpu");
        }
    }

    public record Backup(String bucket, String schedule, int retentionDays) {}

    /**
     * An OpenID Connect provider the ALB signs users in with before forwarding (Airbyte has no login of
     * its own); the client secret stays in Secrets Manager until apply copies it into a Kubernetes Secret.
     */
    public record Oidc(String issuer, String authorizationEndpoint, String tokenEndpoint, String userInfoEndpoint,
                       String clientId, String clientSecretArn) {}

    /** {@code hostedZoneId} and {@code oidc} are null when not given; {@code allowedCidrs} empty: the ALB is open. */
    public record Domain(String fqdn, String loadBalancer, String certificateArn, String hostedZoneId,
                         List<String> allowedCidrs, Oidc oidc) {
        /** Whether who may reach the apps is narrowed: by source address, or by a login at the ALB. */
        public boolean restricted() {
            return !allowedCidrs.isEmpty() || oidc != null;
        }

        public boolean internal() {
            return loadBalancer.equals("internal");
        }

        public String dashHost() {
            return "dash-" + fqdn;
        }

        public String connectorsHost() {
            return "connectors-" + fqdn;
        }
    }

    public record StateBackend(String backend, String bucket, String key) {}

    /** Every resource carries these: the user's tags plus kpc's ownership tag. */
    public Map<String, String> resourceTags() {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(OWNER_TAG, clusterName);
        return all;
    }

    public static final String OWNER_TAG = "kpc:cluster";

    /** This config with the EKS version it runs (a config that names none gets one chosen at plan/apply time). */
    /** The same config with every chart fetched from {@code repository} (a redirect of the run's: {@code KPC_CHARTS_REPOSITORY}). */
    public ClusterConfig withChartsRepository(String repository) {
        return new ClusterConfig(clusterName, region, eksVersion, kmsKeyArn, tags, vpc, jumpHost, access, nodeGroups, networkPolicy,
                sharedStorage, backup, domain, superset, airbyte, clusterAutoscaler, new Charts(repository, charts.versions()), state);
    }

    public ClusterConfig withEksVersion(String version) {
        return new ClusterConfig(clusterName, region, version, kmsKeyArn, tags, vpc, jumpHost, access, nodeGroups, networkPolicy,
                sharedStorage, backup, domain, superset, airbyte, clusterAutoscaler, charts, state);
    }

    static ClusterConfig bind(Map<String, Object> m) {
        Map<String, Object> vpc = Shape.asMap(m.get("vpc"));
        Map<String, Object> jump = Shape.asMap(m.get("jump_host"));
        Map<String, Object> groups = Shape.asMap(m.get("node_groups"));
        Map<String, NodeGroup> nodeGroups = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            Map<String, Object> ng = Shape.asMap(g);
            nodeGroups.put(name, new NodeGroup(name, str(ng, "instance_type"), num(ng, "min_size"),
                    num(ng, "desired_size"), num(ng, "max_size"), num(ng, "disk_size_gb")));
        });
        Map<String, Object> backup = Shape.asMap(m.get("backup"));
        Map<String, Object> domain = Shape.asMap(m.get("domain"));
        Map<String, Object> apps = Shape.asMap(m.get("apps"));
        Map<String, Object> state = Shape.asMap(m.get("state"));
        Map<String, Object> access = Shape.asMap(m.get("access"));
        Map<String, String> tags = new LinkedHashMap<>();
        Shape.asMap(m.get("tags")).forEach((k, v) -> tags.put(k, (String) v));
        @SuppressWarnings("unchecked")
        List<Object> privates = (List<Object>) vpc.get("private_subnets");
        @SuppressWarnings("unchecked")
        List<String> allowed = (List<String>) jump.get("allowed_cidrs");
        return new ClusterConfig(
                str(m, "cluster_name"), str(m, "region"), str(m, "eks_version"), str(m, "kms_key_arn"), tags,
                new Vpc(str(vpc, "cidr"), privates.stream().map(ClusterConfig::subnet).toList(),
                        subnet(vpc.get("public_subnet"))),
                new JumpHost(str(jump, "instance_type"), num(jump, "disk_size_gb"), str(jump, "ssh_public_key"),
                        str(jump, "ssh_key_name"), List.copyOf(allowed)),
                new Access(str(access, "mode"), str(access, "jump_host_address"), str(access, "ssh_private_key")),
                nodeGroups, str(m, "network_policy"),
                (Boolean) Shape.asMap(m.get("shared_storage")).get("create"),
                new Backup(str(backup, "bucket"), str(backup, "schedule"), num(backup, "retention_days")),
                domain(domain),
                (Boolean) apps.get("superset"), (Boolean) apps.get("airbyte"),
                (Boolean) Shape.asMap(m.get("cluster_autoscaler")).get("enabled"),
                charts(Shape.asMap(m.get("charts"))),
                new StateBackend(str(state, "backend"), str(state, "bucket"), str(state, "key")));
    }

    @SuppressWarnings("unchecked")
    private static Domain domain(Map<String, Object> d) {
        Map<String, Object> o = d.get("oidc") == null ? null : Shape.asMap(d.get("oidc"));
        Oidc oidc = o == null ? null : new Oidc(str(o, "issuer"), str(o, "authorization_endpoint"), str(o, "token_endpoint"),
                str(o, "user_info_endpoint"), str(o, "client_id"), str(o, "client_secret_arn"));
        List<String> cidrs = d.get("allowed_cidrs") == null ? List.of() : List.copyOf((List<String>) d.get("allowed_cidrs"));
        return new Domain(str(d, "fqdn"), str(d, "load_balancer"), str(d, "certificate_arn"), str(d, "hosted_zone_id"), cidrs, oidc);
    }

    /** The names the platform is served on: the domain, and dash-/connectors- for the apps that are on. */
    public List<String> hostnames() {
        List<String> out = new java.util.ArrayList<>(List.of(domain.fqdn()));
        if (superset) out.add(domain.dashHost());
        if (airbyte) out.add(domain.connectorsHost());
        return List.copyOf(out);
    }

    private static Charts charts(Map<String, Object> c) {
        Map<String, String> versions = new LinkedHashMap<>();
        Shape.asMap(c.get("versions")).forEach((k, v) -> versions.put(k, (String) v));
        String repository = str(c, "repository");
        return new Charts(repository == null || repository.isBlank() ? null : repository.replaceAll("/+$", ""), versions);
    }

    private static Subnet subnet(Object o) {
        Map<String, Object> s = Shape.asMap(o);
        return new Subnet(str(s, "cidr"), str(s, "zone"));
    }

    private static String str(Map<String, Object> m, String k) {
        return (String) m.get(k);
    }

    private static int num(Map<String, Object> m, String k) {
        return ((Long) m.get(k)).intValue();
    }
}
