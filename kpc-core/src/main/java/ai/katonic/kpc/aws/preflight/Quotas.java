package ai.katonic.kpc.aws.preflight;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.AwsErrors;

/**
 * A quota's value from Service Quotas, or AWS's documented default when the API cannot answer
 * (not enabled, not permitted, or an emulator without it) — and which of the two it was.
 */
final class Quotas {
    private Quotas() {}

    record Value(double value, String source, boolean fromAccount) {}

    /** Quota codes kpc checks, with AWS's documented defaults. */
    enum Code {
        STANDARD_VCPU("ec2", "L-1216C47A", "Running On-Demand Standard instances (vCPUs)", 5),
        GPU_VCPU("ec2", "L-DB2E81BA", "Running On-Demand G and VT instances (vCPUs)", 0),
        ELASTIC_IPS("ec2", "L-0263D0A3", "EC2-VPC Elastic IPs", 5),
        VPCS("vpc", "L-F678F1CE", "VPCs per Region", 5),
        NAT_PER_AZ("vpc", "L-FE5A380F", "NAT gateways per Availability Zone", 5),
        INTERNET_GATEWAYS("vpc", "L-A4707A72", "Internet gateways per Region", 5),
        SECURITY_GROUPS("vpc", "L-E79EC296", "VPC security groups per Region", 2500),
        EKS_CLUSTERS("eks", "L-1194D53C", "EKS clusters", 100),
        NODE_GROUPS("eks", "L-6D54EA21", "Managed node groups per cluster", 30),
        EFS_FILE_SYSTEMS("elasticfilesystem", "L-848C634D", "EFS file systems per account", 1000);

        final String service;
        final String code;
        final String title;
        final double awsDefault;

        Code(String service, String code, String title, double awsDefault) {
            this.service = service;
            this.code = code;
            this.title = title;
            this.awsDefault = awsDefault;
        }
    }

    static Value of(AwsClients aws, Code q) {
        try {
            double v = aws.quotas().getServiceQuota(r -> r.serviceCode(q.service).quotaCode(q.code)).quota().value();
            return new Value(v, "Service Quotas", true);
        } catch (RuntimeException e) {
            // Not allowed to ask is the installer policy's gap, not an API that is unavailable.
            if (AwsErrors.isAccessDenied(e)) throw e;
            return new Value(q.awsDefault, "AWS default; Service Quotas did not answer (" + reason(e) + ")", false);
        }
    }

    private static String reason(RuntimeException e) {
        String code = AwsErrors.code(e);
        return code.isEmpty() ? e.getClass().getSimpleName() : code;
    }
}
