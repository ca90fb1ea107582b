package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The narrowing of `kpc policy installer`, which moto cannot evaluate (it compares resources with
 * {@code *} for most services and ignores conditions): read the printed policy as IAM would
 * match it, for this cluster's names and for another cluster's.
 */
@EndToEnd
class InstallerPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode print(String clusterName, String... edits) throws Exception {
        Files.deleteIfExists(dir.resolve("kpc.yaml"));
        Path config = Moto.config(dir, clusterName);
        String yaml = Files.readString(config);
        for (int i = 0; i < edits.length; i += 2) yaml = yaml.replace(edits[i], edits[i + 1]);
        Files.writeString(config, yaml);
        Cli.Result r = Cli.run("policy", "installer", "-f", config.toString(), "-o", "json");
        assertThat(r.exit()).as(r.all()).isZero();
        // The parts between them: what the installing identity holds once all are attached.
        var all = JSON.createObjectNode().put("Version", "2012-10-17");
        var statements = all.putArray("Statement");
        for (JsonNode part : JSON.readTree(r.out()).get("policies")) statements.addAll((tools.jackson.databind.node.ArrayNode) part.get("document").get("Statement"));
        return all;
    }

    @Test
    void splitIntoManagedPoliciesIamTakesWithTheCommandsThatMakeThem() throws Exception {
        Path config = Moto.config(dir, "alpha");
        Path out = dir.resolve("policies");
        Cli.Result r = Cli.run("policy", "installer", "-f", config.toString(), "--out-dir", out.toString(), "--user", "deployer");
        assertThat(r.exit()).as(r.all()).isZero();
        List<Path> files;
        try (var list = Files.list(out)) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("kpc-alpha-installer-1.json", "kpc-alpha-installer-2.json");
        int total = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            int chars = text.replaceAll("\\s", "").length();
            total += chars;
            assertThat(chars).as(f + " within IAM's limit for a managed policy").isLessThanOrEqualTo(6144);
            assertThat(JSON.readTree(text).get("Version").asString()).isEqualTo("2012-10-17");
            assertThat(r.out()).contains("aws iam create-policy --policy-name " + f.getFileName().toString().replace(".json", "")
                    + " --policy-document file://" + f)
                    .contains("aws iam attach-user-policy --user-name deployer --policy-arn \"arn:aws:iam::${ACCOUNT}:policy/"
                            + f.getFileName().toString().replace(".json", "") + "\"");
        }
        assertThat(total).as("the whole policy is larger than one managed policy may be").isGreaterThan(6144);
        // Every action is granted by exactly the statements the whole policy has: nothing lost in the split.
        JsonNode whole = print("alpha");
        assertThat(actions(whole)).contains("eks:CreateCluster", "iam:ListOpenIDConnectProviderTags", "eks:DescribeClusterVersions");
    }

    @Test
    void noWildcardActionsAndEveryStatementAllows() throws Exception {
        JsonNode p = print("alpha");
        for (JsonNode s : p.get("Statement")) {
            assertThat(s.get("Effect").asString()).isEqualTo("Allow");
            for (JsonNode a : s.get("Action")) {
                assertThat(a.asString()).as(s.get("Sid").asString()).matches("[a-z0-9]+:[A-Z][A-Za-z0-9]+");
            }
        }
        assertThat(actions(p)).doesNotContain("sts:GetCallerIdentity").contains("ec2:CreateNatGateway", "eks:CreateCluster");
    }

    @Test
    void rolesClusterAndBucketAreThisClustersOnly() throws Exception {
        JsonNode p = print("alpha");
        String account = "123456789012";
        assertThat(allows(p, "iam:CreateRole", "arn:aws:iam::" + account + ":role/alpha-nodes")).isTrue();
        assertThat(allows(p, "iam:CreateRole", "arn:aws:iam::" + account + ":role/beta-nodes")).isFalse();
        assertThat(allows(p, "iam:CreateRole", "arn:aws:iam::" + account + ":role/alpha-nodes-extra")).isFalse();
        assertThat(allows(p, "iam:DeleteRole", "arn:aws:iam::" + account + ":role/Admin")).isFalse();
        assertThat(allows(p, "iam:DeleteInstanceProfile", "arn:aws:iam::" + account + ":instance-profile/alpha-jump-host")).isTrue();
        assertThat(allows(p, "eks:DeleteCluster", "arn:aws:eks:us-east-1:" + account + ":cluster/alpha")).isTrue();
        assertThat(allows(p, "eks:DeleteCluster", "arn:aws:eks:us-east-1:" + account + ":cluster/alphabet")).isFalse();
        assertThat(allows(p, "eks:DeleteNodegroup", "arn:aws:eks:us-east-1:" + account + ":nodegroup/alpha/compute/1a2b")).isTrue();
        assertThat(allows(p, "eks:DeleteNodegroup", "arn:aws:eks:us-east-1:" + account + ":nodegroup/beta/compute/1a2b")).isFalse();
        assertThat(allows(p, "s3:DeleteBucket", "arn:aws:s3:::alpha-backups")).isTrue();
        assertThat(allows(p, "s3:DeleteBucket", "arn:aws:s3:::someone-elses")).isFalse();
        assertThat(allows(p, "s3:DeleteObjectVersion", "arn:aws:s3:::alpha-backups/velero/x")).isTrue();
        assertThat(allows(p, "s3:DeleteObjectVersion", "arn:aws:s3:::someone-elses/x")).isFalse();
    }

    @Test
    void passRoleOnlyForKpcsRolesToEc2AndEks() throws Exception {
        JsonNode pass = statementWith(print("alpha"), "iam:PassRole");
        assertThat(pass.get("Action")).hasSize(1);
        assertThat(texts(pass.get("Resource"))).containsExactlyInAnyOrder("arn:aws:iam::*:role/alpha-jump-host",
                "arn:aws:iam::*:role/alpha-cluster", "arn:aws:iam::*:role/alpha-nodes");
        assertThat(texts(pass.at("/Condition/StringEquals/iam:PassedToService")))
                .containsExactlyInAnyOrder("ec2.amazonaws.com", "eks.amazonaws.com");
        // The add-ons' IRSA roles are passed to EKS (CreateAddon), and only they, in a statement of their own.
        JsonNode addOns = print("alpha").get("Statement").findParents("Sid").stream()
                .filter(s -> s.get("Sid").asString().equals("PassAddOnRolesToEks")).findFirst().orElseThrow();
        assertThat(texts(addOns.get("Action"))).containsExactly("iam:PassRole");
        assertThat(texts(addOns.get("Resource"))).containsExactlyInAnyOrder("arn:aws:iam::*:role/alpha-vpc-cni",
                "arn:aws:iam::*:role/alpha-ebs-csi", "arn:aws:iam::*:role/alpha-efs-csi");
        JsonNode attach = statementWith(print("alpha"), "iam:AttachRolePolicy");
        assertThat(texts(attach.at("/Condition/ArnEquals/iam:PolicyARN"))).allMatch(a -> a.startsWith("arn:aws:iam::aws:policy/"));
    }

    @Test
    void changesToExistingEc2AndEfsResourcesNeedTheClusterTag() throws Exception {
        JsonNode p = print("alpha");
        for (String action : List.of("ec2:DeleteVpc", "ec2:TerminateInstances", "ec2:DeleteNatGateway", "ec2:ReleaseAddress",
                "ec2:AuthorizeSecurityGroupIngress", "elasticfilesystem:DeleteFileSystem")) {
            JsonNode s = statementWith(p, action);
            assertThat(s.at("/Condition/StringEquals/aws:ResourceTag~1kpc:cluster").asString()).as(action).isEqualTo("alpha");
        }
        assertThat(statementWith(p, "kms:ScheduleKeyDeletion").at("/Condition/StringEquals/aws:ResourceTag~1kpc:cluster").asString())
                .isEqualTo("alpha");
        assertThat(statementWith(p, "kms:CreateKey").at("/Condition/StringEquals/aws:RequestTag~1kpc:cluster").asString()).isEqualTo("alpha");
        assertThat(allows(p, "kms:DescribeKey", "arn:aws:kms:us-east-1:123456789012:key/1234")).isTrue();
        assertThat(allows(p, "kms:DescribeKey", "arn:aws:kms:eu-west-1:123456789012:key/1234")).isFalse();
        assertThat(statementWith(p, "ec2:CreateTags").at("/Condition/StringEquals/ec2:CreateAction").toString())
                .contains("CreateVpc", "RunInstances").doesNotContain("CreateTags");
    }

    @Test
    void followsTheConfig() throws Exception {
        JsonNode base = print("alpha");
        assertThat(actions(base)).contains("ec2:CreateKeyPair", "elasticfilesystem:CreateFileSystem", "acm:RequestCertificate")
                .doesNotContain("ec2:ImportKeyPair", "ec2:GetConsoleOutput");
        // The state copy writes under kpc/<cluster>/ of the backup bucket, and nowhere else in it.
        assertThat(allows(base, "s3:PutObject", "arn:aws:s3:::alpha-backups/kpc/alpha/state.json")).isTrue();
        assertThat(allows(base, "s3:PutObject", "arn:aws:s3:::alpha-backups/velero/backups/x.tar.gz")).isFalse();
        assertThat(allows(base, "s3:GetObject", "arn:aws:s3:::alpha-backups/kpc/beta/state.json")).isFalse();
        // kpc's own certificate: requested only with the cluster's tag, then touched only while it carries it.
        assertThat(statementWith(base, "acm:RequestCertificate").at("/Condition/StringEquals/aws:RequestTag~1kpc:cluster").asString())
                .isEqualTo("alpha");
        assertThat(statementWith(base, "acm:DeleteCertificate").at("/Condition/StringEquals/aws:ResourceTag~1kpc:cluster").asString())
                .isEqualTo("alpha");
        assertThat(actions(base)).noneMatch(a -> a.startsWith("route53:"));
        // With a hosted zone: CNAMEs in that zone only.
        JsonNode zoned = print("alpha", "  certificate_arn: \"\"", "  certificate_arn: \"\"\n  hosted_zone_id: Z0123456789ABCDEFGHIJ");
        JsonNode change = statementWith(zoned, "route53:ChangeResourceRecordSets");
        assertThat(texts(change.get("Resource"))).containsExactly("arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ");
        assertThat(texts(change.at("/Condition/ForAllValues:StringEquals/route53:ChangeResourceRecordSetsRecordTypes"))).containsExactly("CNAME");
        // Only the tunnel reads the jump host's console (for its SSH host keys).
        assertThat(actions(print("alpha", "  mode: direct ", "  mode: tunnel "))).contains("ec2:GetConsoleOutput");
        Files.writeString(dir.resolve("id.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForPolicyTestOnly000000000000000000 t\n");
        JsonNode other = print("alpha",
                "# ssh_public_key: ~/.ssh/id_ed25519.pub", "ssh_public_key: id.pub",
                "shared_storage: {create: true}", "shared_storage: {create: false}",
                "certificate_arn: \"\"", "certificate_arn: \"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\"",
                "state: {backend: local}", "state: {backend: s3, bucket: alpha-state}",
                "kms_key_arn: \"\"", "kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/mine");
        assertThat(actions(other)).contains("ec2:ImportKeyPair", "acm:DescribeCertificate", "s3:PutObject")
                .doesNotContain("acm:RequestCertificate", "acm:DeleteCertificate", "ec2:CreateKeyPair", "elasticfilesystem:CreateFileSystem", "elasticfilesystem:CreateMountTarget");
        assertThat(texts(statementWith(other, "acm:DescribeCertificate").get("Resource")))
                .containsExactly("arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012");
        assertThat(allows(other, "s3:PutObject", "arn:aws:s3:::alpha-state/kpc/alpha/state.json")).isTrue();
        assertThat(actions(other)).doesNotContain("kms:CreateKey", "kms:ScheduleKeyDeletion");
        assertThat(texts(statementWith(other, "kms:CreateGrant").get("Resource"))).containsExactly("arn:aws:kms:us-east-1:123456789012:key/mine");
    }

    /** Whether some statement names the action and a resource pattern matching the ARN (conditions aside). */
    private static boolean allows(JsonNode p, String action, String arn) {
        for (JsonNode s : p.get("Statement")) {
            if (!texts(s.get("Action")).contains(action)) continue;
            for (String r : texts(s.get("Resource"))) {
                if (Pattern.compile(("\\Q" + r + "\\E").replace("*", "\\E.*\\Q")).matcher(arn).matches()) return true;
            }
        }
        return false;
    }

    private static JsonNode statementWith(JsonNode p, String action) {
        for (JsonNode s : p.get("Statement")) {
            if (texts(s.get("Action")).contains(action) && !s.get("Sid").asString().contains("Kubernetes")) return s;
        }
        throw new AssertionError("no statement grants " + action);
    }

    private static List<String> actions(JsonNode p) {
        List<String> out = new ArrayList<>();
        p.get("Statement").forEach(s -> out.addAll(texts(s.get("Action"))));
        return out;
    }

    private static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) n.forEach(x -> out.add(x.asString()));
        else out.add(n.asString());
        return out;
    }
}
