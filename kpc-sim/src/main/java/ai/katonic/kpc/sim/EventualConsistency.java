package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.LatencyProfile;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS's eventual consistency, which moto skips: an EC2 resource is NotFound for a moment after
 * it was created (to every call that names it), and an IAM role or instance profile is refused
 * by EKS and EC2 until it has propagated. Installers must retry both; this makes sure kpc does.
 */
public final class EventualConsistency implements Behaviour {
    private static final Map<String, String> NOT_FOUND = Map.of(
            "vpc-", "InvalidVpcID.NotFound", "subnet-", "InvalidSubnetID.NotFound", "igw-", "InvalidInternetGatewayID.NotFound",
            "sg-", "InvalidGroup.NotFound", "rtb-", "InvalidRouteTableID.NotFound", "nat-", "NatGatewayNotFound",
            "eipalloc-", "InvalidAllocationID.NotFound", "i-", "InvalidInstanceID.NotFound", "vpce-", "InvalidVpcEndpointId.NotFound");
    private static final Pattern ID = Pattern.compile("^(vpc|subnet|igw|sg|rtb|nat|eipalloc|i|vpce)-[0-9a-f]+$");
    private static final Pattern CREATED_ID = Pattern.compile(
            "<(vpcId|subnetId|internetGatewayId|groupId|routeTableId|natGatewayId|allocationId|instanceId|vpcEndpointId)>([^<]+)<");

    private final LatencyProfile profile;
    private final Map<String, Long> born = new ConcurrentHashMap<>();
    private final Map<String, Long> iamBorn = new ConcurrentHashMap<>();
    /** What is made from now on is refused to the first call that names it, however late that call comes. */
    private volatile boolean atLeastOnce;
    private final java.util.Set<String> unseen = ConcurrentHashMap.newKeySet();

    public EventualConsistency(LatencyProfile profile) {
        this.profile = profile;
    }

    /**
     * From now on, each new EC2 id, role and instance profile is also refused to the first call that names
     * it, however late that comes (a test proving kpc waits these out must meet them on a busy machine too).
     */
    public EventualConsistency atLeastOnce() {
        atLeastOnce = true;
        return this;
    }

    private boolean young(Map<String, Long> births, String key, double seconds) {
        if (unseen.remove(key)) return true;
        Long t = births.get(key);
        return t != null && System.nanoTime() - t < profile.scaled(seconds).toNanos();
    }

    private void born(Map<String, Long> births, String key, long now, boolean replace) {
        if (replace) births.put(key, now);
        else if (births.putIfAbsent(key, now) != null) return;
        if (atLeastOnce) unseen.add(key);
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (call.service().equals("ec2")) {
            for (String v : call.params().values()) {
                if (ID.matcher(v).matches() && young(born, v, profile.ec2VisibilityS())) {
                    String code = NOT_FOUND.get(v.substring(0, v.indexOf('-') + 1));
                    return Optional.of(Reply.of(new AwsError(400, code, "The ID '" + v + "' does not exist").render(call.protocol())));
                }
            }
        }
        if (call.service().equals("eks") && call.method().equals("POST")) {
            Matcher m = Pattern.compile("\"(roleArn|nodeRole)\"\\s*:\\s*\"arn:aws:iam::\\d+:role/(?:[^\"]*/)?([^\"/]+)\"").matcher(call.body());
            if (m.find() && young(iamBorn, "role:" + m.group(2), profile.iamPropagationS())) {
                return Optional.of(Reply.of(new AwsError(400, "InvalidParameterException", "Role with arn: "
                        + m.group(0).replaceAll(".*\"(arn:[^\"]+)\"", "$1")
                        + ", could not be assumed because it does not exist or the trusted entity is not correct")
                        .render(call.protocol())));
            }
        }
        if (call.service().equals("ec2") && call.action().equals("RunInstances")) {
            String profileName = call.params().get("IamInstanceProfile.Name");
            if (profileName != null && young(iamBorn, "profile:" + profileName, profile.iamPropagationS())) {
                return Optional.of(Reply.of(new AwsError(400, "InvalidParameterValue", "Value (" + profileName
                        + ") for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name").render(call.protocol())));
            }
        }
        return Optional.empty();
    }

    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!reply.ok()) return reply;
        long now = System.nanoTime();
        if (call.service().equals("ec2") && (call.action().startsWith("Create") || call.action().equals("RunInstances")
                || call.action().equals("AllocateAddress"))) {
            Matcher m = CREATED_ID.matcher(new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                String id = m.group(2);
                // Only what this call made is young; ids it merely mentions (the VPC of a subnet) are not.
                if (!call.params().containsValue(id)) born(born, id, now, false);
            }
        }
        if (call.service().equals("iam")) {
            switch (call.action()) {
                case "CreateRole" -> born(iamBorn, "role:" + call.params().get("RoleName"), now, true);
                case "CreateInstanceProfile", "AddRoleToInstanceProfile" ->
                        born(iamBorn, "profile:" + call.params().get("InstanceProfileName"), now, true);
                default -> { }
            }
        }
        return reply;
    }
}
