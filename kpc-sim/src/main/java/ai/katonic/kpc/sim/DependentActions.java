package ai.katonic.kpc.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Permissions AWS checks besides a call's own action: tagging in the create call needs the
 * service's tag action, handing a role to a service needs iam:PassRole, an EFS mount target needs
 * the caller to be allowed to make its network interface. moto checks none of these; the
 * simulator checks them (see {@link IamEnforcement}) and lists them with the call, so the
 * installer policy is proven to hold them. Sources: each service's "Actions, resources, and
 * condition keys" page (dependent actions column) and the tag-on-create guides.
 */
final class DependentActions {
    private DependentActions() {}

    static List<String> of(AwsCall call) {
        List<String> out = new ArrayList<>();
        String a = call.iamAction();
        switch (call.service()) {
            case "ec2" -> {
                if (call.params().keySet().stream().anyMatch(k -> k.startsWith("TagSpecification."))) out.add("ec2:CreateTags");
                if (a.equals("ec2:RunInstances") && call.params().keySet().stream().anyMatch(k -> k.startsWith("IamInstanceProfile."))) {
                    out.add("iam:PassRole");
                }
            }
            case "iam" -> {
                boolean tagged = call.params().containsKey("Tags.member.1.Key");
                if (tagged && a.equals("iam:CreateRole")) out.add("iam:TagRole");
                if (tagged && a.equals("iam:CreateInstanceProfile")) out.add("iam:TagInstanceProfile");
                if (tagged && a.equals("iam:CreateOpenIDConnectProvider")) out.add("iam:TagOpenIDConnectProvider");
                if (a.equals("iam:AddRoleToInstanceProfile")) out.add("iam:PassRole");
            }
            case "acm" -> {
                if (a.equals("acm:RequestCertificate") && call.body().contains("\"Tags\"")) out.add("acm:AddTagsToCertificate");
            }
            case "kms" -> {
                if (a.equals("kms:CreateKey") && call.body().contains("\"Tags\"")) out.add("kms:TagResource");
            }
            case "eks" -> {
                if (a.equals("eks:CreateCluster") && call.body().contains("\"encryptionConfig\"")) {
                    out.add("kms:DescribeKey");
                    out.add("kms:CreateGrant");
                }
                if (a.equals("eks:CreateAddon") || a.equals("eks:UpdateAddon")) {
                    if (call.body().contains("\"serviceAccountRoleArn\"")) out.add("iam:PassRole");
                    if (a.equals("eks:CreateAddon") && call.body().contains("\"tags\"")) out.add("eks:TagResource");
                }
                if (a.equals("eks:CreateCluster") || a.equals("eks:CreateNodegroup")) {
                    if (call.body().contains("\"roleArn\"") || call.body().contains("\"nodeRole\"")) out.add("iam:PassRole");
                    if (call.body().contains("\"tags\"")) out.add("eks:TagResource");
                }
            }
            case "elasticfilesystem" -> {
                boolean create = a.equals("elasticfilesystem:CreateFileSystem") || a.equals("elasticfilesystem:CreateAccessPoint");
                if (create && call.body().contains("\"Tags\"")) out.add("elasticfilesystem:TagResource");
                if (a.equals("elasticfilesystem:CreateMountTarget")) {
                    out.add("ec2:CreateNetworkInterface");
                    out.add("ec2:DescribeSubnets");
                    out.add("ec2:DescribeNetworkInterfaces");
                }
            }
            default -> { }
        }
        return out;
    }
}
