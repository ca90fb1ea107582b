package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.Moto;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Counts, with the plain SDK and not with kpc's code, what exists in the emulated account for one
 * cluster, per kind of resource kpc makes; and what kpc's state says it made. A kind AWS holds
 * more of than state records was made twice (or orphaned).
 */
final class Census {
    private Census() {}

    static Map<String, Integer> inAws(String endpoint, String cluster) {
        Map<String, Integer> n = new TreeMap<>();
        Ec2Client ec2 = client(endpoint, Ec2Client.builder());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values(cluster).build();
        n.put("vpc", ec2.describeVpcs(b -> b.filters(mine)).vpcs().size());
        n.put("subnet", ec2.describeSubnets(b -> b.filters(mine)).subnets().size());
        n.put("internet_gateway", ec2.describeInternetGateways(b -> b.filters(mine)).internetGateways().size());
        n.put("elastic_ip", ec2.describeAddresses(b -> b.filters(mine)).addresses().size());
        n.put("nat_gateway", (int) ec2.describeNatGateways(b -> b.filter(mine)).natGateways().stream()
                .filter(g -> cluster.equals(tag(g.tags(), "kpc:cluster")))
                .filter(g -> !Set.of("deleted", "deleting").contains(g.stateAsString())).count());
        n.put("route_table", ec2.describeRouteTables(b -> b.filters(mine)).routeTables().size());
        n.put("security_group", ec2.describeSecurityGroups(b -> b.filters(mine)).securityGroups().size());
        n.put("vpc_endpoint", (int) ec2.describeVpcEndpoints(b -> b.filters(mine)).vpcEndpoints().stream()
                .filter(e -> !Set.of("deleted", "deleting").contains(e.stateAsString().toLowerCase())).count());
        n.put("instance", (int) ec2.describeInstances(b -> b.filters(mine)).reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> !Set.of("terminated", "shutting-down").contains(i.state().nameAsString())).count());
        n.put("key_pair", ec2.describeKeyPairs(b -> b.filters(mine)).keyPairs().size());

        KmsClient kms = client(endpoint, KmsClient.builder());
        n.put("kms_key", (int) kms.listKeys().keys().stream()
                .filter(k -> kms.listResourceTags(b -> b.keyId(k.keyId())).tags().stream()
                        .anyMatch(t -> t.tagKey().equals("kpc:cluster") && t.tagValue().equals(cluster)))
                .filter(k -> !kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata().keyStateAsString().equals("PendingDeletion"))
                .count());

        EfsClient efs = client(endpoint, EfsClient.builder());
        var fileSystems = efs.describeFileSystems().fileSystems().stream()
                .filter(f -> f.tags().stream().anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))).toList();
        n.put("efs_file_system", fileSystems.size());
        n.put("efs_mount_target", fileSystems.stream().mapToInt(f -> efs.describeMountTargets(b -> b.fileSystemId(f.fileSystemId()))
                .mountTargets().size()).sum());
        n.put("efs_access_point", fileSystems.stream().mapToInt(f -> efs.describeAccessPoints(b -> b.fileSystemId(f.fileSystemId()))
                .accessPoints().size()).sum());

        EksClient eks = client(endpoint, EksClient.builder());
        boolean clusterExists = eks.listClusters().clusters().contains(cluster);
        n.put("eks_cluster", clusterExists ? 1 : 0);
        n.put("eks_node_group", clusterExists ? eks.listNodegroups(b -> b.clusterName(cluster)).nodegroups().size() : 0);
        n.put("eks_addon", clusterExists ? eks.listAddons(b -> b.clusterName(cluster)).addons().size() : 0);

        IamClient iam = client(endpoint, IamClient.builder());
        n.put("iam_role", (int) iam.listRolesPaginator().roles().stream()
                .filter(r -> iam.listRoleTags(b -> b.roleName(r.roleName())).tags().stream()
                        .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))).count());
        n.put("iam_instance_profile", (int) iam.listInstanceProfilesPaginator().instanceProfiles().stream()
                .filter(p -> p.tags().stream().anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))
                        || iam.listInstanceProfileTags(b -> b.instanceProfileName(p.instanceProfileName())).tags().stream()
                        .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))).count());
        n.put("oidc_provider", (int) iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                .filter(p -> iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(p.arn())).tags().stream()
                        .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))).count());

        AcmClient acm = client(endpoint, AcmClient.builder());
        n.put("acm_certificate", (int) acm.listCertificates().certificateSummaryList().stream()
                .filter(c -> acm.listTagsForCertificate(b -> b.certificateArn(c.certificateArn())).tags().stream()
                        .anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(cluster))).count());
        return n;
    }

    /** State's count of the same kinds (made, not failed). */
    /** kpc's kinds that are one kind in AWS: an IRSA role is an IAM role like the others. */
    static final Map<String, String> AS_IN_AWS = Map.of("iam_service_account_role", "iam_role");

    static Map<String, Integer> inState(Path configDir, String region, String cluster, Set<String> kinds) throws IOException {
        JsonNode state = new ObjectMapper().readTree(configDir.resolve(".kpc").resolve(region).resolve(cluster).resolve("state.json").toFile());
        Map<String, Integer> n = new TreeMap<>();
        kinds.forEach(k -> n.put(k, 0));
        state.path("resources").forEach(r -> {
            String type = AS_IN_AWS.getOrDefault(r.path("type").asString(), r.path("type").asString());
            if (kinds.contains(type) && !r.path("aws_id").asString("").isEmpty()) n.merge(type, 1, Integer::sum);
        });
        return n;
    }

    /** A plain client that outlasts the simulator's injected faults (the census must not fail where kpc did not). */
    private static <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(String endpoint, B builder) {
        var quick = software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(50));
        builder.overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy()
                .toBuilder().maxAttempts(60).circuitBreakerEnabled(false).backoffStrategy(quick).throttlingBackoffStrategy(quick).build()));
        return Moto.client(endpoint, builder);
    }

    private static String tag(List<software.amazon.awssdk.services.ec2.model.Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }
}
