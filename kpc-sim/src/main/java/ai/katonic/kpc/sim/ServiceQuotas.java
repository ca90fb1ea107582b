package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service Quotas for the EC2, VPC, EKS and EFS quota codes kpc checks (moto only knows VPC's), in
 * the JSON 1.1 shapes of GetServiceQuota, GetAWSDefaultServiceQuota and ListServiceQuotas. The
 * values are those of a simulated account large enough for the example config.
 */
public final class ServiceQuotas implements Behaviour {
    record Quota(String service, String serviceName, String code, String name, double value) {}

    static final List<Quota> QUOTAS = List.of(
            new Quota("ec2", "Amazon Elastic Compute Cloud (Amazon EC2)", "L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", 1152),
            new Quota("ec2", "Amazon Elastic Compute Cloud (Amazon EC2)", "L-DB2E81BA", "Running On-Demand G and VT instances", 64),
            new Quota("ec2", "Amazon Elastic Compute Cloud (Amazon EC2)", "L-0263D0A3", "EC2-VPC Elastic IPs", 5),
            new Quota("vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-F678F1CE", "VPCs per Region", 5),
            new Quota("vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-FE5A380F", "NAT gateways per Availability Zone", 5),
            new Quota("vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-A4707A72", "Internet gateways per Region", 5),
            new Quota("vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-E79EC296", "VPC security groups per Region", 2500),
            new Quota("eks", "Amazon Elastic Kubernetes Service (Amazon EKS)", "L-1194D53C", "Clusters", 100),
            new Quota("eks", "Amazon Elastic Kubernetes Service (Amazon EKS)", "L-6D54EA21", "Managed node groups per cluster", 30),
            new Quota("elasticfilesystem", "Amazon Elastic File System (EFS)", "L-848C634D", "File systems per account", 1000));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (!call.service().equals("servicequotas")) return Optional.empty();
        JsonNode req;
        try {
            req = JSON.readTree(call.body().isEmpty() ? "{}" : call.body());
        } catch (Exception e) {
            return Optional.empty();
        }
        String service = req.path("ServiceCode").asString();
        switch (call.action()) {
            case "GetServiceQuota", "GetAWSDefaultServiceQuota" -> {
                String code = req.path("QuotaCode").asString();
                Optional<Quota> q = QUOTAS.stream().filter(x -> x.service().equals(service) && x.code().equals(code)).findFirst();
                if (q.isEmpty()) {
                    return Optional.of(Reply.of(new AwsError(400, "NoSuchResourceException",
                            "The request failed because the specified resource does not exist.").render(call.protocol())));
                }
                ObjectNode out = JSON.createObjectNode();
                out.set("Quota", shape(q.get(), call.region()));
                return reply(out);
            }
            case "ListServiceQuotas", "ListAWSDefaultServiceQuotas" -> {
                if (QUOTAS.stream().noneMatch(q -> q.service().equals(service))) return Optional.empty(); // moto's own (vpc has some)
                ObjectNode out = JSON.createObjectNode();
                ArrayNode list = out.putArray("Quotas");
                QUOTAS.stream().filter(q -> q.service().equals(service)).forEach(q -> list.add(shape(q, call.region())));
                return reply(out);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static ObjectNode shape(Quota q, String region) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ServiceCode", q.service()).put("ServiceName", q.serviceName()).put("QuotaCode", q.code())
                .put("QuotaName", q.name()).put("Value", q.value()).put("Unit", "None").put("Adjustable", true)
                .put("GlobalQuota", false)
                .put("QuotaArn", "arn:aws:servicequotas:" + region + ":123456789012:" + q.service() + "/" + q.code());
        return n;
    }

    private static Optional<Reply> reply(JsonNode body) {
        return Optional.of(new Reply(200, Map.of("Content-Type", List.of("application/x-amz-json-1.1")),
                body.toString().getBytes(StandardCharsets.UTF_8), false));
    }
}
