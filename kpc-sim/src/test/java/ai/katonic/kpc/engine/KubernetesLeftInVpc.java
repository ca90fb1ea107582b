package ai.katonic.kpc.engine;

import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * What Kubernetes leaves in a cluster's VPC, made with plain SDK calls as it would make them: a
 * classic ELB for a Service of type LoadBalancer, an ALB with its security group for an Ingress
 * (the load balancer controller), and an ENI the VPC CNI left behind, which destroy must remove before
 * the VPC can go; and the data a running platform leaves: an EBS volume the CSI driver made for a claim
 * and a snapshot Velero took of it (with the volume's tags).
 */
public record KubernetesLeftInVpc(String classicElb, String alb, String albSecurityGroup, String eni, String volume, String snapshot) {

    /** Makes SDK clients for one emulated endpoint (moto, or the simulator in front of it). */
    public interface Clients {
        <C, B extends AwsClientBuilder<B, C>> C client(B builder);
    }

    /** In the private subnets of the VPC tagged {@code kpc:cluster=<cluster>}; null when there is no such VPC. */
    public static KubernetesLeftInVpc make(Clients clients, String cluster) {
        Ec2Client ec2 = clients.client(Ec2Client.builder());
        Filter mine = Filter.builder().name("tag:kpc:cluster").values(cluster).build();
        var vpcs = ec2.describeVpcs(b -> b.filters(mine)).vpcs();
        if (vpcs.isEmpty()) return null;
        String vpc = vpcs.get(0).vpcId();
        List<String> privateSubnets = ec2.describeSubnets(b -> b.filters(mine)).subnets().stream()
                .filter(s -> Boolean.FALSE.equals(s.mapPublicIpOnLaunch())).map(s -> s.subnetId()).toList();
        Tag k8s = Tag.builder().key("kubernetes.io/cluster/" + cluster).value("owned").build();
        String elbName = "a1b2c3svc";
        clients.client(ElasticLoadBalancingClient.builder()).createLoadBalancer(b -> b.loadBalancerName(elbName)
                .subnets(privateSubnets)
                .listeners(l -> l.protocol("TCP").loadBalancerPort(80).instanceProtocol("TCP").instancePort(30080))
                .tags(t -> t.key("kubernetes.io/cluster/" + cluster).value("owned")));
        String albName = "k8s-katonic-ingress";
        String albSg = ec2.createSecurityGroup(b -> b.groupName(albName).description("managed by aws-load-balancer-controller")
                .vpcId(vpc).tagSpecifications(t -> t.resourceType("security-group")
                        .tags(Tag.builder().key("elbv2.k8s.aws/cluster").value(cluster).build()))).groupId();
        clients.client(ElasticLoadBalancingV2Client.builder()).createLoadBalancer(b -> b.name(albName).subnets(privateSubnets)
                .securityGroups(albSg).scheme("internal").tags(t -> t.key("elbv2.k8s.aws/cluster").value(cluster)));
        String eni = ec2.createNetworkInterface(b -> b.subnetId(privateSubnets.get(0))
                .tagSpecifications(t -> t.resourceType("network-interface").tags(k8s))).networkInterface().networkInterfaceId();
        String zone = ec2.describeSubnets(b -> b.subnetIds(privateSubnets.get(0))).subnets().get(0).availabilityZone();
        List<Tag> csi = List.of(k8s, Tag.builder().key("ebs.csi.aws.com/cluster").value("true").build(),
                Tag.builder().key("CSIVolumeName").value("pvc-0f1e2d3c").build(),
                Tag.builder().key("kubernetes.io/created-for/pvc/name").value("data-minio-0").build(),
                Tag.builder().key("kubernetes.io/created-for/pvc/namespace").value("katonic").build());
        String volume = ec2.createVolume(b -> b.availabilityZone(zone).size(20).volumeType("gp3")
                .tagSpecifications(t -> t.resourceType("volume").tags(csi))).volumeId();
        List<Tag> snapTags = new java.util.ArrayList<>(csi);
        snapTags.add(Tag.builder().key("velero.io/backup").value("velero-katonic-20261201020000").build());
        String snapshot = ec2.createSnapshot(b -> b.volumeId(volume).tagSpecifications(t -> t.resourceType("snapshot").tags(snapTags)))
                .snapshotId();
        return new KubernetesLeftInVpc(elbName, albName, albSg, eni, volume, snapshot);
    }
}
