package ai.katonic.kpc.aws.elb;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * What Kubernetes made inside the VPC and would block its deletion: classic ELBs (Services of
 * type LoadBalancer), ALBs/NLBs (the AWS Load Balancer Controller), their security groups and
 * leftover network interfaces. As eksctl does before deleting a cluster's VPC; only resources
 * tagged for this cluster by Kubernetes are touched.
 */
public final class KubernetesLeftovers {
    private final AwsClients aws;
    private final String cluster;
    private final Progress progress;

    public KubernetesLeftovers(AwsClients aws, String cluster, Progress progress) {
        this.aws = aws;
        this.cluster = cluster;
        this.progress = progress;
    }

    public static List<String> actions() {
        return List.of("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DeleteLoadBalancer", "ec2:DescribeSecurityGroups", "ec2:DeleteSecurityGroup",
                "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface");
    }

    /** Tags Kubernetes and the load balancer controller put on what they create for a cluster. */
    private boolean ownedByCluster(Map<String, String> tags) {
        return tags.containsKey("kubernetes.io/cluster/" + cluster)
                || cluster.equals(tags.get("elbv2.k8s.aws/cluster"))
                || cluster.equals(tags.get("cluster.k8s.amazonaws.com/name"));
    }

    /** Deletes them all and returns what it deleted, for the destroy report. */
    public List<String> clean(String vpcId) {
        List<String> gone = new ArrayList<>();
        for (LoadBalancerDescription lb : aws.elb().describeLoadBalancers().loadBalancerDescriptions()) {
            if (!vpcId.equals(lb.vpcId())) continue;
            Map<String, String> tags = new java.util.HashMap<>();
            aws.elb().describeTags(r -> r.loadBalancerNames(lb.loadBalancerName())).tagDescriptions()
                    .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
            if (!ownedByCluster(tags)) continue;
            aws.elb().deleteLoadBalancer(r -> r.loadBalancerName(lb.loadBalancerName()));
            report(gone, "classic load balancer " + lb.loadBalancerName());
        }
        for (LoadBalancer lb : aws.elbv2().describeLoadBalancers().loadBalancers()) {
            if (!vpcId.equals(lb.vpcId())) continue;
            Map<String, String> tags = new java.util.HashMap<>();
            aws.elbv2().describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions()
                    .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
            if (!ownedByCluster(tags)) continue;
            aws.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
            report(gone, lb.typeAsString() + " load balancer " + lb.loadBalancerName());
        }
        Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
        Predicate<List<software.amazon.awssdk.services.ec2.model.Tag>> k8s = tags -> ownedByCluster(
                tags.stream().collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a)));
        // ENIs first: a security group cannot go while an interface still uses it.
        for (NetworkInterface eni : aws.ec2().describeNetworkInterfaces(r -> r.filters(inVpc)).networkInterfaces()) {
            boolean elb = eni.description() != null && eni.description().startsWith("ELB ");
            if (eni.attachment() != null && !elb) continue;
            if (!k8s.test(eni.tagSet()) && !elb) continue;
            try {
                aws.ec2().deleteNetworkInterface(r -> r.networkInterfaceId(eni.networkInterfaceId()));
                report(gone, "network interface " + eni.networkInterfaceId());
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        for (SecurityGroup sg : aws.ec2().describeSecurityGroups(r -> r.filters(inVpc)).securityGroups()) {
            if (!k8s.test(sg.tags())) continue;
            try {
                aws.ec2().deleteSecurityGroup(r -> r.groupId(sg.groupId()));
                report(gone, "security group " + sg.groupId() + " (" + sg.groupName() + ")");
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) throw e;
            }
        }
        return gone;
    }

    private void report(List<String> gone, String what) {
        gone.add(what);
        progress.line("kubernetes-leftovers", "deleted " + what);
    }
}
