package ai.katonic.kpc.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resources the installer policy's statements are narrowed to, as each kind names its own
 * ({@code Handler.scopePolicy}): ARNs with the account left as {@code *}, in the config's region.
 */
public final class PolicyResources {
    private final String region;
    private final List<String> roles = new ArrayList<>();
    private final List<String> passedToEc2AndEks = new ArrayList<>();
    private final List<String> passedToEksAddOns = new ArrayList<>();
    private final List<String> instanceProfiles = new ArrayList<>();
    private final List<String> kmsAliases = new ArrayList<>();
    private final Set<String> managedPolicies = new TreeSet<>();

    public PolicyResources(String region) {
        this.region = region;
    }

    /** An IAM role kpc makes, with the AWS managed policies it attaches; {@code passed}: given to EC2 or EKS (iam:PassRole). */
    public void role(String name, boolean passed, List<String> managed) {
        roles.add("arn:aws:iam::*:role/" + name);
        if (passed) passedToEc2AndEks.add("arn:aws:iam::*:role/" + name);
        managedPolicies.addAll(managed);
    }

    /** A role (made as {@link #role}) that an EKS add-on is given: passed to EKS, which IAM names no service for. */
    public void passedToEksAddOn(String roleName) {
        passedToEksAddOns.add("arn:aws:iam::*:role/" + roleName);
    }

    public void instanceProfile(String name) {
        instanceProfiles.add("arn:aws:iam::*:instance-profile/" + name);
    }

    /** A KMS alias ({@code alias/...}) kpc makes. */
    public void kmsAlias(String alias) {
        kmsAliases.add("arn:aws:kms:" + region + ":*:" + alias);
    }

    public List<String> roles() {
        return List.copyOf(roles);
    }

    public List<String> passedToEc2AndEks() {
        return List.copyOf(passedToEc2AndEks);
    }

    public List<String> passedToEksAddOns() {
        return List.copyOf(passedToEksAddOns);
    }

    public List<String> instanceProfiles() {
        return List.copyOf(instanceProfiles);
    }

    public List<String> kmsAliases() {
        return List.copyOf(kmsAliases);
    }

    public List<String> managedPolicies() {
        return List.copyOf(managedPolicies);
    }
}
