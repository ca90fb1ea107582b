package ai.katonic.kpc.sim;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * IAM's size and count limits, which moto does not enforce: a customer managed policy holds at most
 * 6,144 characters not counting white space, a user's inline policies 2,048, a role's 10,240; at most
 * 10 managed policies are attached to one user or role (the default quota). A request beyond them is
 * refused with IAM's LimitExceeded, as IAM refuses it.
 */
public final class IamLimits implements Behaviour, AutoCloseable {
    public static final int MANAGED_POLICY_CHARS = 6_144;
    public static final int USER_INLINE_CHARS = 2_048;
    public static final int ROLE_INLINE_CHARS = 10_240;
    public static final int MANAGED_POLICIES_PER_IDENTITY = 10;

    private final URI moto;
    private volatile IamClient admin;

    public IamLimits(String motoEndpoint, String adminKey, String adminSecret) {
        this.moto = URI.create(motoEndpoint);
        admin(adminKey, adminSecret);
    }

    /** The keys it counts attached policies with (a test that switches moto's enforcement on gives its administrator's). */
    public IamLimits admin(String key, String secret) {
        IamClient previous = admin;
        admin = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(moto)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
        if (previous != null) previous.close();
        return this;
    }

    @Override
    public void close() {
        admin.close();
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (!call.service().equals("iam")) return Optional.empty();
        var p = call.params();
        return switch (call.action()) {
            case "CreatePolicy", "CreatePolicyVersion" -> size(call, p.get("PolicyDocument"), MANAGED_POLICY_CHARS,
                    "Cannot exceed quota for PolicySize: " + MANAGED_POLICY_CHARS);
            case "PutUserPolicy" -> size(call, p.get("PolicyDocument"), USER_INLINE_CHARS,
                    "Maximum policy size of " + USER_INLINE_CHARS + " bytes exceeded for user " + p.get("UserName"));
            case "PutRolePolicy" -> size(call, p.get("PolicyDocument"), ROLE_INLINE_CHARS,
                    "Maximum policy size of " + ROLE_INLINE_CHARS + " bytes exceeded for role " + p.get("RoleName"));
            case "AttachUserPolicy" -> attach(call, admin.listAttachedUserPolicies(r -> r.userName(p.get("UserName")))
                    .attachedPolicies().stream().map(a -> a.policyArn()).toList(), "PoliciesPerUser");
            case "AttachRolePolicy" -> attach(call, admin.listAttachedRolePolicies(r -> r.roleName(p.get("RoleName")))
                    .attachedPolicies().stream().map(a -> a.policyArn()).toList(), "PoliciesPerRole");
            default -> Optional.empty();
        };
    }

    /** IAM counts a policy's characters without white space. */
    static int chars(String document) {
        return document == null ? 0 : document.replaceAll("\\s", "").length();
    }

    private static Optional<Reply> size(AwsCall call, String document, int limit, String message) {
        if (chars(document) <= limit) return Optional.empty();
        return Optional.of(Reply.of(new AwsError(409, "LimitExceeded", message).render(call.protocol())));
    }

    private static Optional<Reply> attach(AwsCall call, java.util.List<String> attached, String quota) {
        if (attached.contains(call.params().get("PolicyArn")) || attached.size() < MANAGED_POLICIES_PER_IDENTITY) return Optional.empty();
        return Optional.of(Reply.of(new AwsError(409, "LimitExceeded", "Cannot exceed quota for " + quota + ": "
                + MANAGED_POLICIES_PER_IDENTITY).render(call.protocol())));
    }
}
