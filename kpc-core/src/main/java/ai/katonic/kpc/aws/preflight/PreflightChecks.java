package ai.katonic.kpc.aws.preflight;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.eks.EksVersions;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ClusterConfig.NodeGroup;
import ai.katonic.kpc.aws.AwsErrors;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * What must hold in the account before kpc creates anything: working credentials, the zones,
 * the instance types, enough quota for the plan at its largest, a free bucket name, a usable
 * certificate. Each check reads; none changes anything.
 */
public final class PreflightChecks {
    private final AwsClients aws;
    private final ClusterConfig c;
    private String callerArn;
    private java.util.function.Predicate<String> interrupted = id -> false;
    private final ai.katonic.kpc.runtime.Overrides overrides;

    /** {@code overrides}: the run's redirects (the images are asked of the one registry it names, if any). */
    public PreflightChecks(AwsClients aws, ClusterConfig config, ai.katonic.kpc.runtime.Overrides overrides) {
        this.aws = aws;
        this.c = config;
        this.overrides = overrides;
    }

    /** Which resources state says an earlier run began to create and never finished (by resource id). */
    public PreflightChecks interruptedCreates(java.util.function.Predicate<String> createInterrupted) {
        this.interrupted = createInterrupted;
        return this;
    }

    public static List<String> actions() {
        return List.of("sts:GetCallerIdentity", "ec2:DescribeAvailabilityZones", "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes", "ec2:DescribeVpcs", "ec2:DescribeAddresses", "ec2:DescribeInternetGateways",
                "ec2:DescribeSecurityGroups", "eks:ListClusters", "elasticfilesystem:DescribeFileSystems",
                "servicequotas:GetServiceQuota", "s3:ListBucket", "s3:GetBucketTagging", "acm:DescribeCertificate",
                "iam:SimulatePrincipalPolicy", "eks:DescribeClusterVersions");
    }

    /** The actions the checks call for this config: the certificate is only read when one is given. */
    public static List<String> actions(ClusterConfig c) {
        return actions().stream().filter(a -> !a.startsWith("acm:") || !c.domain().certificateArn().isEmpty()).toList();
    }

    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        Check identity = credentials();
        out.add(identity);
        if (identity.verdict() == Check.Verdict.FAIL) return out; // nothing else can be asked
        out.addAll(guard(PolicySimulation.CHECK, () -> List.of(PolicySimulation.run(aws, c, callerArn))));
        out.addAll(guard("EKS version", () -> List.of(eksVersion())));
        out.addAll(guard("cluster autoscaler", this::autoscaler));
        out.addAll(guard("zones", () -> List.of(zones())));
        out.addAll(guard("instance types", () -> List.of(instanceTypes())));
        out.addAll(guard("quotas", this::quotas));
        out.addAll(guard("VPC CIDR", () -> List.of(cidrOverlap())));
        out.addAll(guard("bucket", () -> List.of(bucket())));
        out.addAll(guard("certificate", () -> List.of(certificate())));
        out.addAll(guard("images", this::images));
        return out;
    }

    /**
     * Every image the releases will run exists in its registry: each release rendered with kpc's values
     * ({@link ai.katonic.kpc.helm.ChartImages}), each image asked for once. A missing one fails naming the
     * release, the object and the image; a registry that cannot be asked (no network, rate limits) warns.
     */
    private List<Check> images() {
        List<ai.katonic.kpc.helm.ChartImages.Use> uses = new ArrayList<>();
        List<Check> out = new ArrayList<>();
        java.nio.file.Path work;
        try {
            work = java.nio.file.Files.createTempDirectory("kpc-preflight-charts");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            for (var r : ai.katonic.kpc.plan.GraphBuilder.build(c).inOrder()) {
                if (!(r.spec() instanceof ai.katonic.kpc.plan.Spec.HelmRelease h)) continue;
                try {
                    uses.addAll(ai.katonic.kpc.helm.ChartImages.of(h, c.eksVersion(), work));
                } catch (RuntimeException e) {
                    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                    out.add(Check.warn("images", h.release() + ": could not render the chart to list its images: " + m,
                            "the install will still try; check the chart's images by hand"));
                }
            }
        } finally {
            ai.katonic.kpc.helm.ChartImages.delete(work);
        }
        var registries = new ai.katonic.kpc.helm.Registries(overrides.imageRegistry());
        Map<String, ai.katonic.kpc.helm.Registries.Result> answers = new java.util.concurrent.ConcurrentHashMap<>();
        uses.stream().map(ai.katonic.kpc.helm.ChartImages.Use::image).distinct().toList().parallelStream()
                .forEach(i -> answers.put(i, registries.check(i)));
        List<String> missing = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (var u : uses) {
            var a = answers.get(u.image());
            if (a.answer() == ai.katonic.kpc.helm.Registries.Answer.MISSING) {
                missing.add(u.release() + " " + u.object() + ": " + u.image() + " (" + a.detail() + ")");
            } else if (a.answer() == ai.katonic.kpc.helm.Registries.Answer.UNKNOWN) {
                unknown.add(a.detail());
            }
        }
        long distinct = answers.size();
        if (!missing.isEmpty()) {
            out.add(Check.fail("images", "not in their registries: " + String.join("; ", missing),
                    "pin the image with the chart's values (charts.versions names the chart), or a chart version whose images exist"));
        } else if (!unknown.isEmpty()) {
            out.add(Check.warn("images", "could not ask every registry: " + String.join("; ", unknown),
                    "the nodes pull through the NAT gateway; check the images from a machine that reaches the registries"));
        } else {
            out.add(Check.pass("images", distinct + " images of " + uses.stream().map(ai.katonic.kpc.helm.ChartImages.Use::release)
                    .distinct().count() + " releases exist in their registries"));
        }
        return out;
    }

    /** A check AWS refused to answer (a missing permission, say) is a failed row naming why, not a crash. */
    private static List<Check> guard(String name, java.util.function.Supplier<List<Check>> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return List.of(Check.fail(name, AwsErrors.explain(name, e), "fix that, then run `kpc preflight` again"));
        }
    }

    /** The caller's account, once {@link #credentials()} has run (null before, or when it failed). */
    public String callerAccount() {
        return callerArn == null || callerArn.split(":").length < 5 ? null : callerArn.split(":")[4];
    }

    /** Credentials work: one STS call any identity may make. Every command that changes AWS starts with it. */
    public Check credentials() {
        try {
            callerArn = aws.sts().getCallerIdentity().arn();
            return Check.pass("credentials", "identity " + callerArn);
        } catch (RuntimeException e) {
            return Check.fail("credentials", AwsErrors.explain("sts", e), "set AWS_PROFILE or --profile, or credentials in the environment");
        }
    }

    /** The version must be one EKS offers in the region now; extended support works, at six times the price. */
    private Check eksVersion() {
        EksVersions.Offered offered;
        String unasked = null;
        try {
            offered = EksVersions.live(aws);
        } catch (RuntimeException e) {
            if (AwsErrors.isAccessDenied(e)) throw e; // a missing permission fails, naming it
            // EKS did not answer (an endpoint without the API, say): kpc's calendar decides, and only warns.
            offered = EksVersions.table(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            unasked = "EKS could not be asked (" + AwsErrors.code(e) + "); per " + offered.source() + ": ";
        }
        Check verdict = eksVersion(offered);
        if (unasked == null) return verdict;
        return Check.warn("EKS version", unasked + verdict.detail(), verdict.fix().isEmpty() ? "run `kpc preflight` where EKS answers" : verdict.fix());
    }

    private Check eksVersion(EksVersions.Offered offered) {
        String v = c.eksVersion();
        String choices = offered.versions().stream().map(o -> o.minor() + (o.support() == EksVersions.Support.EXTENDED ? " (extended)" : ""))
                .sorted().collect(java.util.stream.Collectors.joining(", "));
        var found = offered.find(v);
        if (found.isEmpty()) {
            return Check.fail("EKS version", v + " is not offered by EKS in " + aws.region() + " (offered: " + choices + ")",
                    "set eks_version to one of those, or leave it out for the newest in standard support");
        }
        var newest = offered.newestStandard();
        if (found.get().support() == EksVersions.Support.EXTENDED) {
            return Check.warn("EKS version", v + " is in extended support until " + found.get().endOfExtended()
                    + ": EKS charges USD " + EksVersions.EXTENDED_PRICE_PER_HOUR + " per cluster-hour instead of "
                    + EksVersions.STANDARD_PRICE_PER_HOUR + ", about USD " + EksVersions.extendedExtraPerMonth() + " more per month",
                    newest.map(n -> "use " + n.minor() + " (standard support until " + n.endOfStandard() + ")").orElse("plan an upgrade"));
        }
        return Check.pass("EKS version", v + " in standard support in " + aws.region()
                + (found.get().endOfStandard() == null ? "" : " until " + found.get().endOfStandard()));
    }

    /** The autoscaler of the cluster's minor must exist in the chart repository: never another minor's. */
    private List<Check> autoscaler() {
        var release = ai.katonic.kpc.plan.GraphBuilder.build(c).find(ai.katonic.kpc.plan.Ids.helmRelease("cluster-autoscaler"));
        if (release.isEmpty() || !(release.get().spec() instanceof ai.katonic.kpc.plan.Spec.HelmRelease h)) return List.of();
        var newest = ai.katonic.kpc.helm.ChartSource.newestShipping(h.repository(), h.chart(), h.appVersion());
        if (newest.isEmpty()) {
            return List.of(Check.fail("cluster autoscaler", h.repository() + " has no cluster-autoscaler chart for Kubernetes "
                    + c.eksVersion() + " (no chart ships autoscaler " + h.appVersion() + "x)",
                    "set cluster_autoscaler.enabled: false until one is published, or choose an eks_version it has one for"));
        }
        return List.of(Check.pass("cluster autoscaler", "chart " + (h.version() != null ? h.version() : newest.get())
                + " for Kubernetes " + c.eksVersion() + (h.version() != null ? "" : " (the newest in the index; kpc has no pin for it)")));
    }

    private Set<String> zonesWanted() {
        Set<String> z = new LinkedHashSet<>();
        c.vpc().privateSubnets().forEach(s -> z.add(s.zone()));
        z.add(c.vpc().publicSubnet().zone());
        return z;
    }

    private Check zones() {
        List<String> available = aws.ec2().describeAvailabilityZones(r -> r.filters(f("region-name", aws.region())))
                .availabilityZones().stream().filter(z -> "available".equals(z.stateAsString())).map(AvailabilityZone::zoneName).toList();
        List<String> missing = zonesWanted().stream().filter(z -> !available.contains(z)).toList();
        return missing.isEmpty() ? Check.pass("region and zones", aws.region() + ": " + String.join(", ", zonesWanted()))
                : Check.fail("region and zones", "not available in " + aws.region() + ": " + String.join(", ", missing),
                        "use zones of " + aws.region() + ": " + String.join(", ", available));
    }

    private Check instanceTypes() {
        Map<String, Set<String>> needed = new HashMap<>();
        Set<String> privateZones = new LinkedHashSet<>();
        c.vpc().privateSubnets().forEach(s -> privateZones.add(s.zone()));
        c.nodeGroups().values().forEach(g -> needed.computeIfAbsent(g.instanceType(), k -> new LinkedHashSet<>()).addAll(privateZones));
        needed.computeIfAbsent(c.jumpHost().instanceType(), k -> new LinkedHashSet<>()).add(c.vpc().publicSubnet().zone());
        List<String> problems = new ArrayList<>();
        var offerings = aws.ec2().describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                .filters(f("instance-type", needed.keySet().toArray(String[]::new)))).instanceTypeOfferings();
        Map<String, Set<String>> offered = new HashMap<>();
        offerings.forEach(o -> offered.computeIfAbsent(o.instanceTypeAsString(), k -> new java.util.HashSet<>()).add(o.location()));
        needed.forEach((type, zones) -> {
            for (String z : zones) {
                if (!offered.getOrDefault(type, Set.of()).contains(z)) problems.add(type + " in " + z);
            }
        });
        if (problems.isEmpty()) return Check.pass("instance types", "all offered: " + String.join(", ", needed.keySet()));
        // a type offered nowhere in the region is most likely a typo: the nearest names the region offers
        List<String> unknown = needed.keySet().stream().filter(t -> !offered.containsKey(t)).toList();
        String hint = "";
        if (!unknown.isEmpty()) {
            Set<String> all = new java.util.TreeSet<>();
            aws.ec2().describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.REGION)).instanceTypeOfferings()
                    .forEach(o -> all.add(o.instanceTypeAsString()));
            hint = unknown.stream().map(t -> {
                String s = ai.katonic.kpc.config.Suggest.didYouMean(t, all);
                return s.isEmpty() ? "" : t + s;
            }).filter(x -> !x.isEmpty()).collect(java.util.stream.Collectors.joining(" "));
        }
        return Check.fail("instance types", "not offered: " + String.join("; ", problems) + (hint.isEmpty() ? "" : " (" + hint.strip() + ")"),
                "choose instance types offered in those zones (aws ec2 describe-instance-type-offerings)");
    }

    private List<Check> quotas() {
        List<Check> out = new ArrayList<>();
        int standardVcpu = 0;
        int gpuVcpu = 0;
        Map<String, Integer> vcpus = vcpusOf();
        for (NodeGroup g : c.nodeGroups().values()) {
            int v = vcpus.getOrDefault(g.instanceType(), 0) * g.maxSize();
            if (g.instanceType().matches("(g|vt)\\d.*")) gpuVcpu += v;
            else standardVcpu += v;
        }
        standardVcpu += vcpus.getOrDefault(c.jumpHost().instanceType(), 0);
        out.add(quota(Quotas.Code.STANDARD_VCPU, standardVcpu, 0, "node groups at max_size plus the jump host"));
        if (gpuVcpu > 0) out.add(quota(Quotas.Code.GPU_VCPU, gpuVcpu, 0, "the gpu node group at max_size"));
        // "In use" leaves out what this cluster already has (a resumed run): that is part of "need".
        out.add(quota(Quotas.Code.VPCS, 1, others(aws.ec2().describeVpcs().vpcs(), v -> v.tags()), "one VPC"));
        out.add(quota(Quotas.Code.ELASTIC_IPS, 1, others(aws.ec2().describeAddresses().addresses(), a -> a.tags()), "the NAT gateway's address"));
        out.add(quota(Quotas.Code.INTERNET_GATEWAYS, 1, others(aws.ec2().describeInternetGateways().internetGateways(), g -> g.tags()), "one gateway"));
        out.add(quota(Quotas.Code.SECURITY_GROUPS, c.sharedStorage() ? 4 : 3,
                others(aws.ec2().describeSecurityGroups().securityGroups(), g -> g.tags()), "kpc's security groups"));
        out.add(quota(Quotas.Code.NAT_PER_AZ, 1, 0, "one NAT gateway in " + c.vpc().publicSubnet().zone()));
        out.add(quota(Quotas.Code.EKS_CLUSTERS, 1, (int) aws.eks().listClusters().clusters().stream()
                .filter(n -> !n.equals(c.clusterName())).count(), "one cluster"));
        out.add(quota(Quotas.Code.NODE_GROUPS, c.nodeGroups().size(), 0, "node groups of this cluster"));
        if (c.sharedStorage()) {
            out.add(quota(Quotas.Code.EFS_FILE_SYSTEMS, 1, (int) aws.efs().describeFileSystems().fileSystems().stream()
                    .filter(f -> f.tags().stream().noneMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(c.clusterName())))
                    .count(), "one file system"));
        }
        return out;
    }

    /** How many of these EC2 resources belong to something other than this cluster. */
    private <T> int others(List<T> all, java.util.function.Function<T, List<software.amazon.awssdk.services.ec2.model.Tag>> tags) {
        return (int) all.stream().filter(x -> tags.apply(x).stream()
                .noneMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(c.clusterName()))).count();
    }

    private Map<String, Integer> vcpusOf() {
        Set<String> types = new LinkedHashSet<>();
        c.nodeGroups().values().forEach(g -> types.add(g.instanceType()));
        types.add(c.jumpHost().instanceType());
        Map<String, Integer> out = new HashMap<>();
        try {
            aws.ec2().describeInstanceTypes(r -> r.instanceTypesWithStrings(types)).instanceTypes()
                    .forEach(t -> out.put(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus()));
        } catch (RuntimeException e) {
            if (!AwsErrors.code(e).startsWith("InvalidInstanceType")) throw e; // reported by the instance-types check
        }
        return out;
    }

    private Check quota(Quotas.Code q, int needed, int inUse, String what) {
        Quotas.Value limit = Quotas.of(aws, q);
        String detail = q.title + ": need " + needed + " (" + what + ")" + (inUse > 0 ? " + " + inUse + " in use" : "")
                + " of " + (long) limit.value() + " [" + limit.source() + "]";
        if (needed + inUse <= limit.value()) return Check.pass("quota " + q.code, detail);
        String fix = "request an increase of " + q.code + " in the Service Quotas console, or lower the sizes in kpc.yaml";
        // A default is only a guess at this account's quota: it warns; a quota read from the account fails.
        return limit.fromAccount() ? Check.fail("quota " + q.code, detail, fix)
                : Check.warn("quota " + q.code, detail, "check " + q.code + " in the Service Quotas console; " + fix);
    }

    private Check cidrOverlap() {
        IPAddress mine = new IPAddressString(c.vpc().cidr()).getAddress();
        List<String> overlapping = new ArrayList<>();
        aws.ec2().describeVpcs().vpcs().forEach(v -> {
            boolean ours = v.tags().stream().anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(c.clusterName()));
            IPAddress other = new IPAddressString(v.cidrBlock()).getAddress();
            if (!ours && other != null && mine.intersect(other) != null) overlapping.add(v.vpcId() + " " + v.cidrBlock());
        });
        return overlapping.isEmpty() ? Check.pass("VPC CIDR", c.vpc().cidr() + " overlaps no VPC in " + aws.region())
                : Check.warn("VPC CIDR", c.vpc().cidr() + " overlaps " + String.join(", ", overlapping),
                        "choose another vpc.cidr if this VPC is ever to be peered or connected with those");
    }

    /** The backup bucket's resource id in the graph. */
    static final String BUCKET_RESOURCE = Ids.BACKUP_BUCKET;

    private Check bucket() {
        String b = c.backup().bucket();
        String where;
        try {
            where = aws.s3().headBucket(r -> r.bucket(b)).bucketRegion();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Check.pass("backup bucket", b + " is free");
            return Check.fail("backup bucket", b + " answers " + AwsErrors.code(e) + ": it belongs to another account, or the "
                    + "installer policy lacks s3:ListBucket on it", "S3 names are global: choose another backup.bucket; "
                    + "or run `kpc policy installer` for the policy kpc needs");
        }
        try {
            boolean ours = aws.s3().getBucketTagging(r -> r.bucket(b)).tagSet().stream()
                    .anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(c.clusterName()));
            if (ours) {
                // A bucket of another region would hold this region's backups at cross-region cost, or be a same-named cluster's.
                // HEAD answers with the bucket's region (x-amz-bucket-region): no permission beyond s3:ListBucket.
                String region = where == null || where.isEmpty() ? aws.region() : where;
                if (!region.equals(aws.region())) {
                    return Check.fail("backup bucket", b + " is this cluster's name's bucket but lies in " + region + ", not "
                            + aws.region(), "choose a backup.bucket for " + aws.region() + " (a cluster of the same name in "
                            + region + " uses this one)");
                }
                return Check.pass("backup bucket", b + " exists in " + region + " and is already this cluster's");
            }
        } catch (RuntimeException e) {
            if (!AwsErrors.code(e).equals("NoSuchTagSet")) throw e;
        }
        if (interrupted.test(BUCKET_RESOURCE)) {
            return Check.pass("backup bucket", b + " exists untagged: state says a run of this cluster was making it when it "
                    + "stopped; apply finishes it");
        }
        return Check.fail("backup bucket", b + " exists and is not tagged " + ClusterConfig.OWNER_TAG + "=" + c.clusterName(),
                "choose another backup.bucket; kpc does not adopt buckets it did not make");
    }

    private Check certificate() {
        String arn = c.domain().certificateArn();
        if (arn.isEmpty()) return Check.pass("certificate", "none given; one will be requested for " + String.join(", ", c.hostnames()));
        CertificateDetail cert;
        try {
            cert = aws.acm().describeCertificate(r -> r.certificateArn(arn)).certificate();
        } catch (RuntimeException e) {
            return Check.fail("certificate", AwsErrors.explain("certificate", e), "give the ARN of an ACM certificate in " + aws.region());
        }
        List<String> names = new ArrayList<>(cert.subjectAlternativeNames());
        if (cert.domainName() != null) names.add(cert.domainName());
        List<String> uncovered = new ArrayList<>();
        for (String host : c.hostnames()) {
            if (names.stream().noneMatch(n -> covers(n, host))) uncovered.add(host);
        }
        if (!"ISSUED".equals(cert.statusAsString())) {
            return Check.fail("certificate", arn + " is " + cert.statusAsString(), "finish its validation in ACM, or give an issued one");
        }
        return uncovered.isEmpty() ? Check.pass("certificate", "issued, covers " + String.join(", ", c.hostnames()))
                : Check.fail("certificate", "does not cover " + String.join(", ", uncovered),
                        "use a certificate whose names include them (a wildcard for the parent domain does)");
    }

    /** Whether a certificate name covers a host: exactly, or as a one-label wildcard. */
    static boolean covers(String name, String host) {
        if (name.equalsIgnoreCase(host)) return true;
        return name.startsWith("*.") && host.indexOf('.') > 0 && host.substring(host.indexOf('.') + 1).equalsIgnoreCase(name.substring(2));
    }

    private static Filter f(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
