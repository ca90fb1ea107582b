package ai.katonic.kpc.sim;

import java.util.Optional;
import java.util.Set;

/** Behaviours of AWS that moto skips, as proxy rules. */
public final class Rules {
    private Rules() {}

    /**
     * AWS refuses an instance type it does not offer; moto launches anything. {@code offered} is
     * the list moto itself reports through DescribeInstanceTypeOfferings.
     */
    public static Behaviour instanceTypesMustExist(Set<String> offered) {
        return Behaviour.refusing(call -> {
            if (call.service().equals("ec2") && call.action().equals("RunInstances")) {
                String type = call.params().get("InstanceType");
                if (type != null && !offered.contains(type)) {
                    return Optional.of(new AwsError(400, "InvalidParameterValue",
                            "Invalid value '" + type + "' for InstanceType."));
                }
            }
            if (call.service().equals("eks") && call.method().equals("POST") && call.path().endsWith("/node-groups")) {
                for (String t : offeredIn(call.body())) {
                    if (!offered.contains(t)) {
                        return Optional.of(new AwsError(400, "InvalidParameterException",
                                "Instance type " + t + " is not supported in this region"));
                    }
                }
            }
            return Optional.empty();
        });
    }

    private static java.util.List<String> offeredIn(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"instanceTypes\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        if (!m.find()) return java.util.List.of();
        return java.util.Arrays.stream(m.group(1).split(",")).map(s -> s.trim().replace("\"", "")).filter(s -> !s.isEmpty()).toList();
    }
}
