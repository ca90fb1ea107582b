package ai.katonic.kpc.aws;

import ai.katonic.kpc.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Everything in the account that still carries {@code kpc:cluster=<name>}: what destroy must
 * have removed. Asks each service by tag; names kpc derives (IAM, EKS, S3) are checked directly.
 */
public final class TaggedInventory {
    private TaggedInventory() {}

    public static List<String> actions() {
        return List.of("ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeInternetGateways", "ec2:DescribeAddresses",
                "ec2:DescribeNatGateways", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
                "ec2:DescribeVpcEndpoints", "ec2:DescribeInstances", "ec2:DescribeKeyPairs", "ec2:DescribeLaunchTemplates", "eks:DescribeCluster",
                "iam:GetRole", "iam:GetInstanceProfile", "iam:ListOpenIDConnectProviders",
                "iam:ListOpenIDConnectProviderTags", "elasticfilesystem:DescribeFileSystems", "s3:ListBucket",
                "s3:GetBucketTagging", "kms:DescribeKey");
    }

    /** Lines like "vpc vpc-0abc"; {@code iamNames} are the role/profile names the graph uses. */
    /**
     * {@code certificateDomains}: the domains of the certificates the graph requests (listing ACM
     * is the certificate step's own action, so it is done only when kpc makes one).
     */
    public static List<String> find(AwsClients aws, String cluster, List<String> iamNames, List<String> buckets,
            List<String> kmsAliases, List<String> certificateDomains) {
        List<String> out = new ArrayList<>();
        Filter mine = Filter.builder().name("tag:" + ClusterConfig.OWNER_TAG).values(cluster).build();
        var ec2 = aws.ec2();
        ec2.describeVpcs(r -> r.filters(mine)).vpcs().forEach(v -> out.add("vpc " + v.vpcId()));
        ec2.describeSubnets(r -> r.filters(mine)).subnets().forEach(s -> out.add("subnet " + s.subnetId()));
        ec2.describeInternetGateways(r -> r.filters(mine)).internetGateways().forEach(g -> out.add("internet_gateway " + g.internetGatewayId()));
        ec2.describeAddresses(r -> r.filters(mine)).addresses().forEach(a -> out.add("elastic_ip " + a.allocationId()));
        ec2.describeNatGateways(r -> r.filter(mine)).natGateways().stream()
                .filter(n -> !Set.of("deleted", "deleting", "failed").contains(n.stateAsString()))
                .forEach(n -> out.add("nat_gateway " + n.natGatewayId()));
        ec2.describeRouteTables(r -> r.filters(mine)).routeTables().forEach(t -> out.add("route_table " + t.routeTableId()));
        ec2.describeSecurityGroups(r -> r.filters(mine)).securityGroups().forEach(g -> out.add("security_group " + g.groupId()));
        ec2.describeVpcEndpoints(r -> r.filters(mine)).vpcEndpoints().stream()
                .filter(e -> !Set.of("deleted", "deleting", "rejected", "failed").contains(e.stateAsString().toLowerCase()))
                .forEach(e -> out.add("vpc_endpoint " + e.vpcEndpointId()));
        ec2.describeInstances(r -> r.filters(mine)).reservations().stream().flatMap(x -> x.instances().stream())
                .filter(i -> !Set.of("terminated", "shutting-down").contains(i.state().nameAsString()))
                .forEach(i -> out.add("instance " + i.instanceId()));
        ec2.describeKeyPairs(r -> r.filters(mine)).keyPairs().forEach(k -> out.add("key_pair " + k.keyName()));
        ec2.describeLaunchTemplates(r -> r.filters(mine)).launchTemplates().forEach(t -> out.add("launch_template " + t.launchTemplateName()));
        try {
            var c = aws.eks().describeCluster(r -> r.name(cluster)).cluster();
            if (cluster.equals(c.tags().get(ClusterConfig.OWNER_TAG))) out.add("eks_cluster " + c.name());
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
        for (String name : iamNames) {
            try {
                aws.iam().getRole(r -> r.roleName(name));
                out.add("iam_role " + name);
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
            try {
                aws.iam().getInstanceProfile(r -> r.instanceProfileName(name));
                out.add("iam_instance_profile " + name);
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        for (var p : aws.iam().listOpenIDConnectProviders().openIDConnectProviderList()) {
            boolean ours = aws.iam().listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(p.arn())).tags().stream()
                    .anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(cluster));
            if (ours) out.add("oidc_provider " + p.arn());
        }
        aws.efs().describeFileSystems().fileSystems().stream()
                .filter(f -> !Set.of("deleted", "deleting").contains(f.lifeCycleStateAsString()))
                .filter(f -> f.tags().stream().anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(cluster)))
                .forEach(f -> out.add("efs_file_system " + f.fileSystemId()));
        for (String alias : kmsAliases) {
            try {
                var key = aws.kms().describeKey(r -> r.keyId(alias)).keyMetadata();
                if (key.keyState() != software.amazon.awssdk.services.kms.model.KeyState.PENDING_DELETION) out.add("kms_key " + key.keyId());
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        if (!certificateDomains.isEmpty()) {
            for (var cert : aws.acm().listCertificatesPaginator(r -> r.maxItems(100)).certificateSummaryList()) {
                if (!certificateDomains.contains(cert.domainName())) continue;
                boolean ours = aws.acm().listTagsForCertificate(r -> r.certificateArn(cert.certificateArn())).tags().stream()
                        .anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(cluster));
                if (ours) out.add("acm_certificate " + cert.certificateArn());
            }
        }
        for (String b : buckets) {
            try {
                aws.s3().headBucket(r -> r.bucket(b));
                out.add("s3_bucket " + b);
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        return out;
    }
}
