package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.plan.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * What destroy must have removed and the account still holds for the cluster: each kind that can tell
 * ({@link Handler.Inventory}) is asked, by the cluster's tag or by the names the graph gives its resources.
 */
public final class Leftovers {
    private Leftovers() {}

    /** The IAM actions {@link #find} calls, for any config. */
    public static List<String> actions(Kinds kinds) {
        List<String> out = new ArrayList<>();
        for (Handler<?> h : kinds.all()) if (h instanceof Handler.Inventory i) out.addAll(i.leftoverActions());
        return out;
    }

    /** Lines like "vpc vpc-0abc", kind by kind; {@code resources}: the graph's resources that destroy was to remove. */
    public static List<String> find(AwsClients aws, String cluster, Kinds kinds, List<Resource> resources) {
        List<String> out = new ArrayList<>();
        for (Handler<?> h : kinds.all()) {
            if (!(h instanceof Handler.Inventory i)) continue;
            List<Resource> mine = resources.stream().filter(r -> h.specType().isInstance(r.spec())).toList();
            out.addAll(i.leftovers(aws, cluster, mine));
        }
        return out;
    }
}
