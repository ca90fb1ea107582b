package ai.katonic.kpc.plan;

/**
 * The inline policies of the controllers kpc installs, narrowed to this cluster. The autoscaler
 * resizes only auto-scaling groups tagged {@code k8s.io/cluster-autoscaler/<cluster>=owned} (EKS puts
 * that tag on every managed node group's group, and kpc's node groups carry it). The load balancer
 * controller creates load balancers, target groups and security groups only when it tags them
 * {@code elbv2.k8s.aws/cluster=<cluster>} and changes or deletes only those so tagged — so it cannot
 * touch another cluster's ALB in the same account. WAF and Shield are off in its values, so none of
 * their rights are granted.
 */
final class ControllerPolicies {
    private ControllerPolicies() {}

    static String clusterAutoscaler(String cluster, String region) {
        return """
                {"Version":"2012-10-17","Statement":[
                {"Sid":"ResizeThisClustersGroups","Effect":"Allow",
                 "Action":["autoscaling:SetDesiredCapacity","autoscaling:TerminateInstanceInAutoScalingGroup"],"Resource":"*",
                 "Condition":{"StringEquals":{"aws:ResourceTag/k8s.io/cluster-autoscaler/%1$s":"owned"}}},
                {"Sid":"DiscoverGroups","Effect":"Allow",
                 "Action":["autoscaling:DescribeAutoScalingGroups","autoscaling:DescribeAutoScalingInstances",
                  "autoscaling:DescribeLaunchConfigurations","autoscaling:DescribeScalingActivities","autoscaling:DescribeTags",
                  "ec2:DescribeImages","ec2:DescribeInstanceTypes","ec2:DescribeLaunchTemplateVersions",
                  "ec2:GetInstanceTypesFromInstanceRequirements"],"Resource":"*"},
                {"Sid":"ReadThisClustersNodeGroups","Effect":"Allow","Action":"eks:DescribeNodegroup",
                 "Resource":"arn:aws:eks:%2$s:*:nodegroup/%1$s/*"}]}""".formatted(cluster, region).replaceAll("\\s*\n\\s*", "");
    }

    static String loadBalancerController(String cluster) {
        return """
                {"Version":"2012-10-17","Statement":[
                {"Sid":"Read","Effect":"Allow","Resource":"*","Action":["ec2:DescribeAccountAttributes","ec2:DescribeAddresses",
                  "ec2:DescribeAvailabilityZones","ec2:DescribeInternetGateways","ec2:DescribeVpcs","ec2:DescribeSubnets",
                  "ec2:DescribeSecurityGroups","ec2:DescribeInstances","ec2:DescribeNetworkInterfaces","ec2:DescribeTags",
                  "elasticloadbalancing:DescribeLoadBalancers","elasticloadbalancing:DescribeLoadBalancerAttributes",
                  "elasticloadbalancing:DescribeListeners","elasticloadbalancing:DescribeListenerCertificates",
                  "elasticloadbalancing:DescribeSSLPolicies","elasticloadbalancing:DescribeRules",
                  "elasticloadbalancing:DescribeTargetGroups","elasticloadbalancing:DescribeTargetGroupAttributes",
                  "elasticloadbalancing:DescribeTargetHealth","elasticloadbalancing:DescribeTags",
                  "acm:ListCertificates","acm:DescribeCertificate"]},
                {"Sid":"LoadBalancingServiceLinkedRole","Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*",
                 "Condition":{"StringEquals":{"iam:AWSServiceName":"elasticloadbalancing.amazonaws.com"}}},
                {"Sid":"CreateTaggedForThisCluster","Effect":"Allow","Resource":"*",
                 "Action":["ec2:CreateSecurityGroup","elasticloadbalancing:CreateLoadBalancer","elasticloadbalancing:CreateTargetGroup"],
                 "Condition":{"StringEquals":{"aws:RequestTag/elbv2.k8s.aws/cluster":"%1$s"}}},
                {"Sid":"TagOnCreate","Effect":"Allow","Resource":"*","Action":["ec2:CreateTags","elasticloadbalancing:AddTags"],
                 "Condition":{"StringEquals":{"aws:RequestTag/elbv2.k8s.aws/cluster":"%1$s"}}},
                {"Sid":"ChangeOnlyThisClusters","Effect":"Allow","Resource":"*",
                 "Action":["ec2:CreateTags","ec2:DeleteTags","ec2:DeleteSecurityGroup",
                  "elasticloadbalancing:AddTags","elasticloadbalancing:RemoveTags",
                  "elasticloadbalancing:ModifyLoadBalancerAttributes","elasticloadbalancing:SetIpAddressType",
                  "elasticloadbalancing:SetSecurityGroups","elasticloadbalancing:SetSubnets","elasticloadbalancing:DeleteLoadBalancer",
                  "elasticloadbalancing:ModifyTargetGroup","elasticloadbalancing:ModifyTargetGroupAttributes",
                  "elasticloadbalancing:RegisterTargets","elasticloadbalancing:DeregisterTargets","elasticloadbalancing:DeleteTargetGroup"],
                 "Condition":{"StringEquals":{"aws:ResourceTag/elbv2.k8s.aws/cluster":"%1$s"}}},
                {"Sid":"ListenersAndRules","Effect":"Allow","Resource":"*",
                 "Action":["elasticloadbalancing:CreateListener","elasticloadbalancing:DeleteListener","elasticloadbalancing:ModifyListener",
                  "elasticloadbalancing:CreateRule","elasticloadbalancing:DeleteRule","elasticloadbalancing:ModifyRule",
                  "elasticloadbalancing:AddListenerCertificates","elasticloadbalancing:RemoveListenerCertificates"]},
                {"Sid":"LetTheAlbReachPods","Effect":"Allow","Resource":"*",
                 "Action":["ec2:AuthorizeSecurityGroupIngress","ec2:RevokeSecurityGroupIngress"]}]}"""
                .formatted(cluster).replaceAll("\\s*\n\\s*", "");
    }
}
