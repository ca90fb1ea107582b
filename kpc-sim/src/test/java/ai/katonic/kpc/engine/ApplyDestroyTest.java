package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole life of the full example config against moto: apply, a second apply that changes
 * nothing, status, destroy (with what Kubernetes would have left in the VPC), destroy of backups.
 * Every assertion about AWS goes through plain SDK calls, not through kpc.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class ApplyDestroyTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    static Path dir;

    static final String NAME = "life";
    static Path config;

    Ec2Client ec2 = moto.client(Ec2Client.builder());
    Filter mine = Filter.builder().name("tag:kpc:cluster").values(NAME).build();

    @Test
    @Order(1)
    void applyCreatesEverythingTheSeedAsksFor() throws Exception {
        config = Moto.config(dir, NAME);
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("Apply complete").contains("74 created");

        var vpcs = ec2.describeVpcs(b -> b.filters(mine)).vpcs();
        assertThat(vpcs).hasSize(1);
        String vpc = vpcs.get(0).vpcId();
        assertThat(vpcs.get(0).cidrBlock()).isEqualTo("10.0.0.0/21");
        assertThat(Moto.tags(vpcs.get(0).tags())).containsEntry("owner", "ml-platform").containsEntry("kpc:cluster", NAME);
        assertThat(ec2.describeVpcAttribute(b -> b.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT)).enableDnsSupport().value()).isTrue();
        assertThat(ec2.describeVpcAttribute(b -> b.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES)).enableDnsHostnames().value()).isTrue();

        List<Subnet> subnets = ec2.describeSubnets(b -> b.filters(mine)).subnets();
        assertThat(subnets).hasSize(3).allMatch(s -> s.vpcId().equals(vpc));
        Subnet pub = subnets.stream().filter(s -> s.cidrBlock().equals("10.0.2.0/28")).findFirst().orElseThrow();
        assertThat(Moto.tags(pub.tags())).containsEntry("kubernetes.io/role/elb", "1").containsEntry("kubernetes.io/cluster/" + NAME, "shared");
        List<Subnet> privates = subnets.stream().filter(s -> !s.subnetId().equals(pub.subnetId())).toList();
        assertThat(privates).extracting(Subnet::availabilityZone).containsExactlyInAnyOrder("us-east-1a", "us-east-1b");
        assertThat(privates).allMatch(s -> Moto.tags(s.tags()).containsKey("kubernetes.io/role/internal-elb"));

        var igws = ec2.describeInternetGateways(b -> b.filters(mine)).internetGateways();
        assertThat(igws).hasSize(1);
        assertThat(igws.get(0).attachments()).anyMatch(a -> a.vpcId().equals(vpc));
        var nats = ec2.describeNatGateways(b -> b.filter(mine)).natGateways();
        assertThat(nats).hasSize(1);
        assertThat(nats.get(0).subnetId()).isEqualTo(pub.subnetId());
        assertThat(nats.get(0).stateAsString()).isEqualTo("available");

        List<RouteTable> tables = ec2.describeRouteTables(b -> b.filters(mine)).routeTables();
        assertThat(tables).hasSize(2);
        RouteTable publicRt = tables.stream().filter(t -> t.associations().stream().anyMatch(a -> pub.subnetId().equals(a.subnetId()))).findFirst().orElseThrow();
        assertThat(publicRt.routes()).anyMatch(rt -> "0.0.0.0/0".equals(rt.destinationCidrBlock()) && igws.get(0).internetGatewayId().equals(rt.gatewayId()));
        RouteTable privateRt = tables.stream().filter(t -> t != publicRt).findFirst().orElseThrow();
        assertThat(privateRt.routes()).anyMatch(rt -> "0.0.0.0/0".equals(rt.destinationCidrBlock()) && nats.get(0).natGatewayId().equals(rt.natGatewayId()));
        assertThat(privateRt.associations().stream().map(a -> a.subnetId())).containsAll(privates.stream().map(Subnet::subnetId).toList());

        var endpoints = ec2.describeVpcEndpoints(b -> b.filters(mine)).vpcEndpoints();
        assertThat(endpoints).extracting(e -> e.serviceName()).containsExactlyInAnyOrder(
                "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.elasticfilesystem");
        var s3e = endpoints.stream().filter(e -> e.serviceName().endsWith("s3")).findFirst().orElseThrow();
        assertThat(s3e.vpcEndpointTypeAsString()).isEqualTo("Gateway");
        assertThat(s3e.routeTableIds()).containsExactly(privateRt.routeTableId());

        List<SecurityGroup> groups = ec2.describeSecurityGroups(b -> b.filters(mine)).securityGroups();
        SecurityGroup endpointSg = group(groups, NAME + "-endpoints");
        assertThat(endpointSg.ipPermissions()).anyMatch(p -> p.fromPort() == 2049 && p.ipRanges().get(0).cidrIp().equals("10.0.0.0/21"));
        SecurityGroup jumpSg = group(groups, NAME + "-jump-host");
        assertThat(jumpSg.ipPermissions()).hasSize(1);
        assertThat(jumpSg.ipPermissions().get(0).fromPort()).isEqualTo(22);
        assertThat(jumpSg.ipPermissions().get(0).ipRanges()).extracting(x -> x.cidrIp()).containsExactly("203.0.113.0/24");

        List<Instance> instances = ec2.describeInstances(b -> b.filters(mine)).reservations().stream().flatMap(x -> x.instances().stream()).toList();
        assertThat(instances).hasSize(1);
        Instance jump = instances.get(0);
        assertThat(jump.subnetId()).isEqualTo(pub.subnetId());
        assertThat(jump.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(jump.securityGroups()).extracting(g -> g.groupId()).containsExactly(jumpSg.groupId());
        assertThat(jump.iamInstanceProfile().arn()).endsWith("instance-profile/" + NAME + "-jump-host");
        String ami = moto.client(software.amazon.awssdk.services.ssm.SsmClient.builder())
                .getParameter(b -> b.name("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")).parameter().value();
        assertThat(jump.imageId()).isEqualTo(ami);
        String rootVolume = jump.blockDeviceMappings().get(0).ebs().volumeId();
        Volume v = ec2.describeVolumes(b -> b.volumeIds(rootVolume)).volumes().get(0);
        assertThat(v.size()).isEqualTo(50);
        assertThat(v.encrypted()).isTrue();
        assertThat(v.volumeTypeAsString()).isEqualTo("gp3");
        String userData = new String(java.util.Base64.getDecoder().decode(
                ec2.describeInstanceAttribute(b -> b.instanceId(jump.instanceId()).attribute("userData")).userData().value()));
        assertThat(userData).contains("dnf install -y docker", "aws --version", "kubectl", "eksctl", "terraform");

        IamClient iam = moto.client(IamClient.builder());
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(NAME + "-cluster")).attachedPolicies())
                .extracting(p -> p.policyName()).containsExactly("AmazonEKSClusterPolicy");
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(NAME + "-nodes")).attachedPolicies())
                .extracting(p -> p.policyName()).contains("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly");
        assertThat(iam.getRole(b -> b.roleName(NAME + "-cluster")).role().assumeRolePolicyDocument()).contains("eks.amazonaws.com");

        EksClient eks = moto.client(EksClient.builder());
        Cluster cluster = eks.describeCluster(b -> b.name(NAME)).cluster();
        assertThat(cluster.version()).isEqualTo(Moto.eksVersion());
        assertThat(cluster.resourcesVpcConfig().endpointPrivateAccess()).isTrue();
        assertThat(cluster.resourcesVpcConfig().endpointPublicAccess()).isFalse();
        assertThat(cluster.resourcesVpcConfig().subnetIds()).containsExactlyInAnyOrderElementsOf(privates.stream().map(Subnet::subnetId).toList());
        assertThat(cluster.tags()).containsEntry("kpc:cluster", NAME);
        assertThat(cluster.logging().clusterLogging()).anyMatch(l -> Boolean.TRUE.equals(l.enabled())
                && l.typesAsStrings().containsAll(List.of("api", "audit", "authenticator")));
        // Secrets envelope-encrypted with kpc's key: tagged, rotated, found by its alias.
        var kms = moto.client(software.amazon.awssdk.services.kms.KmsClient.builder());
        var key = kms.describeKey(b -> b.keyId("alias/" + NAME + "-eks-secrets")).keyMetadata();
        assertThat(cluster.encryptionConfig()).singleElement().satisfies(e -> {
            assertThat(e.resources()).containsExactly("secrets");
            assertThat(e.provider().keyArn()).isEqualTo(key.arn());
        });
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled()).isTrue();
        assertThat(kms.listResourceTags(b -> b.keyId(key.keyId())).tags()).anyMatch(t -> t.tagKey().equals("kpc:cluster")
                && t.tagValue().equals(NAME));
        assertThat(java.net.URLDecoder.decode(iam.getRolePolicy(b -> b.roleName(NAME + "-jump-host").policyName("kpc")).policyDocument(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("eks:DescribeCluster").contains(":cluster/" + NAME);
        String issuer = cluster.identity().oidc().issuer().replace("https://", "");
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).anyMatch(p -> p.arn().endsWith(issuer));

        assertThat(eks.listNodegroups(b -> b.clusterName(NAME)).nodegroups())
                .containsExactlyInAnyOrder("platform", "compute", "deployment", "vectordb", "gpu");
        Nodegroup platform = eks.describeNodegroup(b -> b.clusterName(NAME).nodegroupName("platform")).nodegroup();
        assertThat(platform.labels()).containsEntry("katonic.ai/pool", "platform");
        assertThat(platform.scalingConfig().minSize()).isEqualTo(2);
        assertThat(platform.scalingConfig().maxSize()).isEqualTo(4);
        assertThat(platform.instanceTypes()).containsExactly("m5.2xlarge");
        // Its launch template: IMDSv2 only, hop limit 1 (pods cannot take the node's role), encrypted gp3 root.
        assertThat(platform.launchTemplate().name()).isEqualTo(NAME + "-platform");
        var template = ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(platform.launchTemplate().id())).launchTemplateVersions()
                .get(0).launchTemplateData();
        assertThat(template.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(template.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        assertThat(template.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(128);
        assertThat(template.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
        assertThat(template.blockDeviceMappings().get(0).ebs().volumeTypeAsString()).isEqualTo("gp3");
        assertThat(platform.tags()).containsEntry("k8s.io/cluster-autoscaler/enabled", "true");
        Nodegroup gpu = eks.describeNodegroup(b -> b.clusterName(NAME).nodegroupName("gpu")).nodegroup();
        assertThat(gpu.taints()).anyMatch(t -> t.key().equals("nvidia.com/gpu") && t.effectAsString().equals("NO_SCHEDULE"));
        // the platform group is the platform's own: tainted, so user workloads go to compute/deployment/vectordb
        assertThat(platform.taints()).singleElement().satisfies(t -> {
            assertThat(t.key()).isEqualTo("katonic.ai/pool");
            assertThat(t.value()).isEqualTo("platform");
            assertThat(t.effectAsString()).isEqualTo("NO_SCHEDULE");
        });
        assertThat(eks.describeNodegroup(b -> b.clusterName(NAME).nodegroupName("compute")).nodegroup().taints()).isEmpty();

        EfsClient efs = moto.client(EfsClient.builder());
        var fs = efs.describeFileSystems().fileSystems().stream()
                .filter(f -> f.tags().stream().anyMatch(t -> t.key().equals("kpc:cluster") && t.value().equals(NAME))).toList();
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).encrypted()).isTrue();
        assertThat(efs.describeMountTargets(b -> b.fileSystemId(fs.get(0).fileSystemId())).mountTargets())
                .extracting(m -> m.subnetId()).containsExactlyInAnyOrderElementsOf(privates.stream().map(Subnet::subnetId).toList());
        assertThat(efs.describeAccessPoints(b -> b.fileSystemId(fs.get(0).fileSystemId())).accessPoints()).hasSize(1);

        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        String bucket = NAME + "-backups";
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        var block = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules()).isNotEmpty();
        assertThat(s3.getBucketPolicy(b -> b.bucket(bucket)).policy()).contains("aws:SecureTransport").contains("Deny");
        assertThat(s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules().get(0).objectOwnershipAsString())
                .isEqualTo("BucketOwnerEnforced");
        var lifecycle = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        assertThat(lifecycle).hasSize(1);
        assertThat(lifecycle.get(0).noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);

        Path state = dir.resolve(".kpc").resolve("us-east-1").resolve(NAME).resolve("state.json");
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(state)).contains("\"vpc\"").contains(vpc);
    }

    @Test
    @Order(2)
    void secondApplyChangesNothingAndMakesNoWriteCall() throws Exception {
        moto.resetRecording();
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("No changes");
        List<Moto.Call> calls = moto.calls();
        assertThat(calls).isNotEmpty();
        assertThat(calls.stream().filter(Moto.Call::mutating).toList()).isEmpty();
        // One identity check, then at most one describe per AWS resource kind (25 in the full example;
        // the Kubernetes objects are read from the cluster's API, not from AWS).
        assertThat(calls).hasSizeLessThanOrEqualTo(1 + 25);
    }

    @Test
    @Order(3)
    void statusSaysEverythingIsInSyncFromBatchedDescribes() throws Exception {
        moto.resetRecording();
        Cli.Result r = moto.kpc("status", "-f", config.toString(), "-o", "json");
        assertThat(r.exit()).as(r.all()).isZero();
        var json = new tools.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(json.get("in_sync").asBoolean()).isTrue();
        assertThat(json.get("resources").size()).isEqualTo(74);
        List<Moto.Call> calls = moto.calls();
        // One tag-filtered describe per EC2 kind, not one per resource.
        for (String action : List.of("DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups", "DescribeInternetGateways",
                "DescribeNatGateways", "DescribeAddresses", "DescribeVpcEndpoints", "DescribeInstances", "DescribeRouteTables")) {
            assertThat(calls.stream().filter(c -> c.action().equals(action))).as(action).hasSize(1);
        }
        System.out.println("status made " + calls.size() + " calls for 74 resources: " + calls.stream()
                .collect(java.util.stream.Collectors.groupingBy(Moto.Call::action, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        // At most one describe per AWS resource kind (25 in the full example).
        assertThat(calls.size()).isLessThanOrEqualTo(25);
    }

    @Test
    @Order(4)
    void destroyRemovesWhatKubernetesLeftAndEverythingTaggedButKeepsBackups() throws Exception {
        KubernetesLeftInVpc left = KubernetesLeftInVpc.make(moto, NAME);
        String eni = left.eni();
        String albSg = left.albSecurityGroup();
        ElasticLoadBalancingClient elb = moto.client(ElasticLoadBalancingClient.builder());
        ElasticLoadBalancingV2Client elbv2 = moto.client(ElasticLoadBalancingV2Client.builder());

        Cli.Result r = moto.kpc("destroy", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("KEPT with its backups").contains("deleted classic load balancer a1b2c3svc")
                .contains("deleted application load balancer k8s-katonic-ingress").contains("deleted network interface " + eni)
                .contains("deleted security group " + albSg).contains("Nothing tagged for " + NAME + " remains but the backup bucket")
                // The claim's volume is data: listed with its size, deleted once the cluster is gone; Velero's snapshot is a backup.
                .contains("- ebs_volume " + left.volume() + " (20 GiB, claim katonic/data-minio-0): a claim's data, deleted once the cluster is gone")
                .contains("= ebs_snapshot " + left.snapshot() + " (20 GiB, backup velero-katonic-20261201020000): KEPT with the backups")
                .contains("deleted ebs_volume " + left.volume()).contains("and 1 EBS snapshot of Velero's backups.");
        assertThat(ec2.describeVolumes().volumes()).noneMatch(v -> v.volumeId().equals(left.volume()));
        assertThat(ec2.describeSnapshots(b -> b.snapshotIds(left.snapshot())).snapshots()).hasSize(1);

        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).noneMatch(l -> l.loadBalancerName().equals("a1b2c3svc"));
        assertThat(elbv2.describeLoadBalancers().loadBalancers()).noneMatch(l -> l.loadBalancerName().equals("k8s-katonic-ingress"));
        assertThat(ec2.describeVpcs(b -> b.filters(mine)).vpcs()).isEmpty();
        assertThat(ec2.describeSubnets(b -> b.filters(mine)).subnets()).isEmpty();
        assertThat(ec2.describeSecurityGroups(b -> b.filters(mine)).securityGroups()).isEmpty();
        assertThat(ec2.describeAddresses(b -> b.filters(mine)).addresses()).isEmpty();
        assertThat(ec2.describeInstances(b -> b.filters(mine)).reservations().stream().flatMap(x -> x.instances().stream())
                .filter(i -> !i.state().nameAsString().equals("terminated"))).isEmpty();
        assertThat(moto.client(EksClient.builder()).listClusters().clusters()).doesNotContain(NAME);
        IamClient iam = moto.client(IamClient.builder());
        assertThat(iam.listRoles().roles()).noneMatch(role -> role.roleName().startsWith(NAME + "-"));
        assertThat(ec2.describeLaunchTemplates(b -> b.filters(mine)).launchTemplates()).isEmpty();
        var kms = moto.client(software.amazon.awssdk.services.kms.KmsClient.builder());
        assertThat(kms.listAliases().aliases()).noneMatch(a -> a.aliasName().equals("alias/" + NAME + "-eks-secrets"));
        var ourKeys = kms.listKeys().keys().stream().filter(k -> kms.listResourceTags(b -> b.keyId(k.keyId())).tags().stream()
                .anyMatch(t -> t.tagKey().equals("kpc:cluster") && t.tagValue().equals(NAME))).toList();
        assertThat(ourKeys).isNotEmpty().allSatisfy(k -> assertThat(kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata()
                .keyStateAsString()).isEqualTo("PendingDeletion"));
        S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true));
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(NAME + "-backups"));

        Cli.Result again = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("deleted ebs_snapshot " + left.snapshot()).contains("Nothing tagged for " + NAME + " remains.");
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(NAME + "-backups"));
        assertThat(ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots()).noneMatch(x -> x.snapshotId().equals(left.snapshot()));
    }

    private static SecurityGroup group(List<SecurityGroup> groups, String name) {
        return groups.stream().filter(g -> g.groupName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + groups));
    }
}
