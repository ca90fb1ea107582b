package ai.katonic.kpc.aws.preflight;

import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.aws.elb.KubernetesLeftovers;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.state.S3StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The IAM policy the installing identity needs for preflight, apply, status and destroy of one
 * config. The actions are exactly those the handlers of this config's graph declare (plus the
 * cross-cutting readers and the Kubernetes clean-up), so the policy cannot drift from the code.
 * Resources are narrowed to the names kpc derives from the config (roles, instance profile,
 * cluster, node groups, bucket) and, for EC2 and EFS changes to existing resources, to the
 * {@code kpc:cluster} tag. Reads AWS does not scope by resource, and EC2 creates (they also
 * authorize AMIs and other resources kpc does not own), stay on {@code *}.
 */
public final class InstallerPolicy {
    /** Needs no permission: AWS answers GetCallerIdentity for any valid credentials. */
    static final Set<String> NO_PERMISSION_NEEDED = Set.of("sts:GetCallerIdentity");

    public record Statement(String sid, List<String> actions, List<String> resources, Map<String, Map<String, Object>> condition) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Sid", sid);
            m.put("Effect", "Allow");
            m.put("Action", actions);
            m.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
            if (!condition.isEmpty()) m.put("Condition", condition);
            return m;
        }
    }

    private InstallerPolicy() {}

    /** The actions this config needs, sorted; what the policy's statements grant between them. */
    public static Set<String> actions(ClusterConfig c, ResourceGraph g) {
        Set<String> all = new TreeSet<>();
        for (Resource r : g.inOrder()) all.addAll(actionsOf(r.spec()));
        all.addAll(KubernetesLeftovers.actions());
        all.addAll(ai.katonic.kpc.aws.ec2.PersistentVolumes.actions());
        all.addAll(ai.katonic.kpc.engine.Leftovers.actions(Catalog.KINDS));
        all.addAll(PreflightChecks.actions(c));
        if ("s3".equals(c.state().backend())) all.addAll(S3StateStore.actions());
        all.addAll(ai.katonic.kpc.backup.StateCopy.actions(c));
        all.removeAll(NO_PERMISSION_NEEDED);
        return all;
    }

    private static <S extends Spec> List<String> actionsOf(S spec) {
        return Catalog.of(spec).actions(spec);
    }

    private static <S extends Spec> void scopePolicy(S spec, ResourceGraph g, ai.katonic.kpc.aws.PolicyResources into) {
        Catalog.of(spec).scopePolicy(spec, g, into);
    }

    /** The whole policy in one document (what the split parts hold between them; larger than IAM takes in one). */
    public static Map<String, Object> document(ClusterConfig c) {
        return policy(statements(c));
    }

    /** IAM's limit for one customer managed policy: characters not counting white space. */
    public static final int MANAGED_POLICY_LIMIT = 6_144;

    /** One managed policy of the split installer policy: its name and document. */
    public record Part(String name, Map<String, Object> document, int characters) {}

    /**
     * The installer policy as IAM will take it: as few customer managed policies
     * ({@code kpc-<cluster>-installer-N}) as hold its statements within {@link #MANAGED_POLICY_LIMIT}
     * characters each (first fit, largest statements first), each a valid policy on its own. A statement
     * too large for one policy is cut into statements of fewer actions with the same resources and condition.
     */
    public static List<Part> split(ClusterConfig c) {
        List<Statement> pieces = new ArrayList<>();
        for (Statement st : statements(c)) pieces.addAll(cut(st));
        pieces.sort((a, b) -> Integer.compare(size(b), size(a)));
        List<List<Statement>> bins = new ArrayList<>();
        for (Statement st : pieces) {
            List<Statement> fit = bins.stream().filter(bin -> chars(policy(with(bin, st))) <= MANAGED_POLICY_LIMIT).findFirst().orElse(null);
            if (fit == null) {
                fit = new ArrayList<>();
                bins.add(fit);
            }
            fit.add(st);
        }
        List<Part> out = new ArrayList<>();
        for (int i = 0; i < bins.size(); i++) {
            Map<String, Object> doc = policy(bins.get(i));
            out.add(new Part("kpc-" + c.clusterName() + "-installer-" + (i + 1), doc, chars(doc)));
        }
        return out;
    }

    private static List<Statement> cut(Statement st) {
        if (chars(policy(List.of(st))) <= MANAGED_POLICY_LIMIT) return List.of(st);
        int half = st.actions().size() / 2;
        List<Statement> out = new ArrayList<>(cut(new Statement(st.sid() + "1", st.actions().subList(0, half), st.resources(), st.condition())));
        out.addAll(cut(new Statement(st.sid() + "2", st.actions().subList(half, st.actions().size()), st.resources(), st.condition())));
        return out;
    }

    private static List<Statement> with(List<Statement> bin, Statement st) {
        List<Statement> all = new ArrayList<>(bin);
        all.add(st);
        return all;
    }

    private static Map<String, Object> policy(List<Statement> statements) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Version", "2012-10-17");
        p.put("Statement", statements.stream().map(Statement::toJson).toList());
        return p;
    }

    private static int size(Statement st) {
        return chars(policy(List.of(st)));
    }

    /** Characters as IAM counts them: the JSON document without white space. */
    public static int chars(Map<String, Object> document) {
        try {
            return JSON.writeValueAsString(document).replaceAll("\\s", "").length();
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final tools.jackson.databind.ObjectMapper JSON = ai.katonic.kpc.runtime.Jackson.JSON;

    public static List<Statement> statements(ClusterConfig c) {
        ResourceGraph g = GraphBuilder.build(c);
        Set<String> left = new TreeSet<>(actions(c, g));
        String n = c.clusterName();
        String region = c.region();
        String tagKey = "aws:ResourceTag/" + ClusterConfig.OWNER_TAG;
        ai.katonic.kpc.aws.PolicyResources named = new ai.katonic.kpc.aws.PolicyResources(region);
        for (Resource r : g.inOrder()) scopePolicy(r.spec(), g, named);
        List<String> roles = named.roles();
        List<String> serviceRoles = named.passedToEc2AndEks();
        List<String> addOnRoles = named.passedToEksAddOns();
        List<String> profiles = named.instanceProfiles();
        List<String> aliases = named.kmsAliases();
        List<String> managed = named.managedPolicies();
        String oidc = "arn:aws:iam::*:oidc-provider/oidc.eks." + region + ".amazonaws.com/id/*";
        List<String> eks = List.of("arn:aws:eks:" + region + ":*:cluster/" + n, "arn:aws:eks:" + region + ":*:nodegroup/" + n + "/*/*",
                "arn:aws:eks:" + region + ":*:addon/" + n + "/*/*");
        String bucket = "arn:aws:s3:::" + c.backup().bucket();

        List<Statement> out = new ArrayList<>();
        Builder b = new Builder(left, out);
        // Reads of services that scope by resource (IAM, S3, SSM, ACM, KMS, EKS's cluster) get statements of their own below.
        b.take("ReadOnlyCallsAwsDoesNotScope", a -> isRead(a) && !a.matches("(iam|s3|ssm|acm|kms|route53):.*")
                && !a.equals("eks:DescribeCluster") && !a.equals("eks:DescribeNodegroup") && !a.equals("eks:ListNodegroups")
                && !a.equals("eks:DescribeAddon"),
                List.of("*"), Map.of());
        b.take("Ec2TagOnlyWhileCreating", a -> a.equals("ec2:CreateTags"), List.of("*"),
                Map.of("StringEquals", Map.of("ec2:CreateAction", createActions(left))));
        b.take("Ec2Create", a -> a.startsWith("ec2:") && isEc2Create(a), List.of("*"), Map.of());
        // What Kubernetes and the load balancer controller made in the VPC, told apart by their
        // tags exactly as KubernetesLeftovers tells them apart; kpc's own groups follow below.
        List<String> leftovers = left.stream().filter(a -> a.equals("elasticloadbalancing:DeleteLoadBalancer")
                || a.equals("ec2:DeleteSecurityGroup")).toList();
        if (!leftovers.isEmpty()) {
            out.add(new Statement("KubernetesMadeInTheVpc", leftovers, List.of("*"),
                    Map.of("StringLike", Map.of("aws:ResourceTag/kubernetes.io/cluster/" + n, "*"))));
            out.add(new Statement("LoadBalancerControllerMade", leftovers, List.of("*"),
                    Map.of("StringEquals", Map.of("aws:ResourceTag/elbv2.k8s.aws/cluster", n))));
            left.remove("elasticloadbalancing:DeleteLoadBalancer");
        }
        // The claims' volumes and Velero's snapshots of them carry Kubernetes' tag for the cluster, not kpc's.
        b.take("PersistentVolumesOfTheCluster", a -> a.equals("ec2:DeleteVolume") || a.equals("ec2:DeleteSnapshot"), List.of("*"),
                Map.of("StringEquals", Map.of("aws:ResourceTag/kubernetes.io/cluster/" + n, "owned")));
        b.take("NetworkInterfacesLoadBalancersLeft", a -> a.equals("ec2:DeleteNetworkInterface"), List.of("*"), Map.of());
        b.take("Ec2ChangeOwnResources", a -> a.startsWith("ec2:"), List.of("*"), Map.of("StringEquals", Map.of(tagKey, n)));
        b.take("EfsCreateTagged", a -> a.equals("elasticfilesystem:CreateFileSystem"), List.of("*"),
                Map.of("StringEquals", Map.of("aws:RequestTag/" + ClusterConfig.OWNER_TAG, n)));
        b.take("EfsChangeOwnFileSystem", a -> a.startsWith("elasticfilesystem:"), List.of("*"), Map.of("StringEquals", Map.of(tagKey, n)));
        b.take("PassOwnRolesToEc2AndEks", a -> a.equals("iam:PassRole"), serviceRoles,
                Map.of("StringEquals", Map.of("iam:PassedToService", List.of("ec2.amazonaws.com", "eks.amazonaws.com"))));
        // An add-on's IRSA role is passed to EKS too, but IAM documents no service to match for it.
        if (!addOnRoles.isEmpty()) {
            out.add(new Statement("PassAddOnRolesToEks", List.of("iam:PassRole"), addOnRoles, Map.of()));
        }
        b.take("AttachOnlyTheManagedPoliciesKpcUses", a -> a.equals("iam:AttachRolePolicy") || a.equals("iam:DetachRolePolicy"), roles,
                Map.of("ArnEquals", Map.of("iam:PolicyARN", List.copyOf(managed))));
        b.take("OwnInstanceProfiles", a -> a.contains("InstanceProfile"), profiles, Map.of());
        b.take("ListRolesAndOidcProviders", a -> a.equals("iam:ListOpenIDConnectProviders") || a.equals("iam:ListRoles"),
                List.of("*"), Map.of());
        b.take("EksOidcProviders", a -> a.contains("OpenIDConnectProvider"), List.of(oidc), Map.of());
        b.take("OwnRoles", a -> a.startsWith("iam:"), roles, Map.of());
        b.take("OwnClusterAndNodeGroups", a -> a.startsWith("eks:"), eks, Map.of());
        if (ai.katonic.kpc.backup.StateCopy.applies(c)) {
            b.take("StateCopyInBackupBucket", a -> a.equals("s3:PutObject") || a.equals("s3:GetObject"),
                    List.of(bucket + "/kpc/" + n + "/*"), Map.of());
        }
        b.take("BackupBucketObjects", a -> a.startsWith("s3:") && a.contains("Object") && !"s3".equals(c.state().backend()),
                List.of(bucket + "/*"), Map.of());
        if ("s3".equals(c.state().backend())) {
            String state = "arn:aws:s3:::" + c.state().bucket();
            b.take("BackupBucketAndStateObjects", a -> a.startsWith("s3:") && a.contains("Object"), List.of(bucket + "/*", state + "/*"), Map.of());
        }
        b.take("BackupBucket", a -> a.startsWith("s3:"), List.of(bucket), Map.of());
        if (c.domain().hostedZoneId() != null) {
            String zone = "arn:aws:route53:::hostedzone/" + c.domain().hostedZoneId();
            b.take("Route53CnamesInTheZone", a -> a.equals("route53:ChangeResourceRecordSets"), List.of(zone),
                    Map.of("ForAllValues:StringEquals", Map.of("route53:ChangeResourceRecordSetsRecordTypes", List.of("CNAME"))));
            b.take("Route53ReadTheZone", a -> a.equals("route53:ListResourceRecordSets"), List.of(zone), Map.of());
            b.take("Route53Changes", a -> a.equals("route53:GetChange"), List.of("arn:aws:route53:::change/*"), Map.of());
        }
        b.take("AmazonLinuxAmiParameter", a -> a.startsWith("ssm:"), List.of("arn:aws:ssm:" + region + "::parameter/aws/service/*"), Map.of());
        // KMS: the new key must carry the cluster tag; changes only to keys that do; the alias by name.
        b.take("KmsCreateTaggedKey", a -> a.equals("kms:CreateKey") || a.equals("kms:TagResource"), List.of("*"),
                Map.of("StringEquals", Map.of("aws:RequestTag/" + ClusterConfig.OWNER_TAG, n)));
        String keys = "arn:aws:kms:" + region + ":*:key/*";
        if (!c.kmsKeyArn().isEmpty()) {
            b.take("GivenKmsKey", a -> a.equals("kms:DescribeKey") || a.equals("kms:CreateGrant"), List.of(c.kmsKeyArn()), Map.of());
        }
        b.take("KmsReadKeys", a -> a.equals("kms:DescribeKey") || a.equals("kms:ListResourceTags"), List.of(keys), Map.of());
        // An alias has no tags of its own: IfExists lets the alias through and holds the key to the tag.
        b.take("KmsOwnAlias", a -> a.equals("kms:CreateAlias") || a.equals("kms:DeleteAlias"),
                concat(List.of(keys), aliases),
                Map.of("StringEqualsIfExists", Map.of(tagKey, n)));
        b.take("KmsChangeOwnKey", a -> a.startsWith("kms:"), List.of(keys), Map.of("StringEquals", Map.of(tagKey, n)));
        if (c.domain().certificateArn().isEmpty()) {
            // kpc's own certificate: requested only with the cluster tag, then changed only while it carries it.
            b.take("AcmRequestTaggedCertificate", a -> a.equals("acm:RequestCertificate") || a.equals("acm:AddTagsToCertificate"),
                    List.of("*"), Map.of("StringEquals", Map.of("aws:RequestTag/" + ClusterConfig.OWNER_TAG, n)));
            b.take("AcmListCertificates", a -> a.equals("acm:ListCertificates"), List.of("*"), Map.of());
            b.take("AcmOwnCertificate", a -> a.startsWith("acm:"), List.of("arn:aws:acm:" + region + ":*:certificate/*"),
                    Map.of("StringEquals", Map.of(tagKey, n)));
        } else {
            b.take("GivenCertificate", a -> a.startsWith("acm:"), List.of(c.domain().certificateArn()), Map.of());
        }
        if (!left.isEmpty()) throw new IllegalStateException("no statement covers " + left + "; add a rule to InstallerPolicy");
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static boolean isRead(String action) {
        String name = action.substring(action.indexOf(':') + 1);
        return name.startsWith("Describe") || name.startsWith("List") || (name.startsWith("Get") && !name.equals("GetObject"));
    }

    private static boolean isEc2Create(String action) {
        String name = action.substring(4);
        return name.startsWith("Create") && !name.equals("CreateRoute") && !name.equals("CreateTags")
                || name.equals("RunInstances") || name.equals("AllocateAddress") || name.equals("ImportKeyPair");
    }

    private static List<String> createActions(Set<String> all) {
        return all.stream().filter(a -> a.startsWith("ec2:") && isEc2Create(a) && !a.equals("ec2:CreateNetworkInterface"))
                .map(a -> a.substring(4)).toList();
    }

    /** Moves the actions a rule claims from {@code left} into one statement, in rule order. */
    private record Builder(Set<String> left, List<Statement> out) {
        void take(String sid, Predicate<String> rule, List<String> resources, Map<String, Map<String, Object>> condition) {
            List<String> mine = left.stream().filter(rule).toList();
            if (mine.isEmpty()) return;
            left.removeAll(mine);
            out.add(new Statement(sid, mine, resources, condition));
        }
    }
}
