package ai.katonic.kpc.aws.preflight;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/**
 * Whether the calling identity's policies allow what kpc will do, asked of IAM's policy
 * simulator before anything is created. Each statement of the installer policy describes a group
 * of calls (actions, the resources they touch, the tags and services they carry), so each is
 * simulated as such: its actions on its resources (the account filled in, a sample name for a
 * wildcard), with its condition keys set to the values kpc's calls will have.
 */
final class PolicySimulation {
    static final String CHECK = "installer policy";

    private PolicySimulation() {}

    static List<String> actions() {
        return List.of("iam:SimulatePrincipalPolicy");
    }

    static Check run(AwsClients aws, ClusterConfig c, String callerArn) {
        String[] arn = callerArn.split(":", 6);
        if (arn.length < 6) return Check.warn(CHECK, "cannot read the identity " + callerArn, "compare its policy with `kpc policy installer`");
        String account = arn[4];
        String principal = principal(arn);
        if (principal == null) {
            return Check.warn(CHECK, "the account's root user may do everything; nothing to check",
                    "install with an IAM role or user that holds `kpc policy installer`, not the root user");
        }
        Set<String> denied = new TreeSet<>();
        int asked = 0;
        try {
            for (InstallerPolicy.Statement s : InstallerPolicy.statements(c)) {
                List<String> resources = s.resources().stream().map(r -> concrete(r, account)).toList();
                List<ContextEntry> context = context(s.condition());
                // Advisory: a simulator that keeps failing is not worth the full retry budget of kpc's clients.
                for (var e : aws.iam().simulatePrincipalPolicyPaginator(r -> r.policySourceArn(principal).actionNames(s.actions())
                        .resourceArns(resources).contextEntries(context)
                        .overrideConfiguration(o -> o.apiCallTimeout(java.time.Duration.ofSeconds(5)))).evaluationResults()) {
                    asked++;
                    if (e.evalDecision() != PolicyEvaluationDecisionType.ALLOWED) denied.add(e.evalActionName());
                }
            }
        } catch (RuntimeException e) {
            // Refused to simulate is the policy's own gap; a simulator that cannot answer is only a warning.
            if (AwsErrors.isAccessDenied(e)) throw e;
            return Check.warn(CHECK, "the IAM policy simulator did not answer for " + principal + " (" + code(e) + ")",
                    "compare the identity's policy with `kpc policy installer`");
        }
        if (denied.isEmpty()) {
            return Check.pass(CHECK, principal + " may make all " + asked + " calls kpc needs (IAM policy simulator)");
        }
        return Check.fail(CHECK, principal + ": the installer policy lacks " + String.join(", the installer policy lacks ", denied),
                "attach the policy `kpc policy installer -f <config>` prints to " + principal);
    }

    /** The IAM principal behind an STS identity: a user as is, an assumed role as its role, root as null. */
    private static String principal(String[] arn) {
        String resource = arn[5];
        if (resource.equals("root")) return null;
        if (arn[2].equals("sts") && resource.startsWith("assumed-role/")) {
            return "arn:" + arn[1] + ":iam::" + arn[4] + ":role/" + resource.split("/")[1];
        }
        return String.join(":", arn);
    }

    /** A resource pattern made into one ARN it matches: this account, "kpc" for any other wildcard. */
    private static String concrete(String pattern, String account) {
        if (pattern.equals("*")) return pattern;
        String[] p = pattern.split(":", 6);
        if (p.length == 6 && p[4].equals("*")) p[4] = account;
        return String.join(":", p).replace("*", "kpc");
    }

    private static List<ContextEntry> context(Map<String, Map<String, Object>> condition) {
        List<ContextEntry> out = new ArrayList<>();
        condition.forEach((operator, keys) -> keys.forEach((key, value) -> {
            List<String> values = value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
            // A StringLike "*" asks only that the tag be there: any value will do.
            List<String> sample = values.stream().map(v -> v.equals("*") ? "owned" : v).toList();
            // The simulator has no ARN type: ARN keys are given as strings, as its documentation says.
            out.add(ContextEntry.builder().contextKeyName(key).contextKeyType(ContextKeyTypeEnum.STRING)
                    .contextKeyValues(sample.get(0)).build());
        }));
        return out;
    }

    private static String code(RuntimeException e) {
        String code = AwsErrors.code(e);
        return code == null || code.isEmpty() ? e.getClass().getSimpleName() : code;
    }
}
