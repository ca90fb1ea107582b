package ai.katonic.kpc.plan;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ClusterConfig.NodeGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's "Resources provisioned post-installation" table, filled from a config, so the user
 * sees what the platform will cost before anything exists.
 */
public final class Provisioned {
    private Provisioned() {}

    public record Row(int sr, String type, String amount, String when, String notes) {}

    public static List<Row> rows(ClusterConfig c, ResourceGraph g) {
        int min = c.nodeGroups().values().stream().mapToInt(NodeGroup::minSize).sum();
        int max = c.nodeGroups().values().stream().mapToInt(NodeGroup::maxSize).sum();
        int desired = c.nodeGroups().values().stream().mapToInt(NodeGroup::desiredSize).sum();
        long sgs = g.inOrder().stream().filter(r -> r.spec() instanceof Spec.SecurityGroup).count();
        String range = min == max ? String.valueOf(min) : min + "–" + max;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(1, (c.domain().internal() ? "Internal" : "External") + " Application Load Balancer", "1", "Always",
                "created in the cluster for " + c.domain().fqdn() + (c.superset() ? ", " + c.domain().dashHost() : "")
                        + (c.airbyte() ? ", " + c.domain().connectorsHost() : "")));
        rows.add(new Row(2, "Network interface", range, "1 per node", desired + " at creation"));
        rows.add(new Row(3, "OS boot disk (AWS EBS)", range + " (+1 jump host)", "1 per node", diskNote(c)));
        rows.add(new Row(4, "VPC", "1", "Always", c.vpc().cidr()));
        rows.add(new Row(5, "Security group", String.valueOf(sgs), "Always", "plus the one EKS creates for the cluster"));
        rows.add(new Row(6, "EKS cluster", "1", "Always", "version " + c.eksVersion() + ", private endpoint"));
        rows.add(new Row(7, "EKS managed nodes", range, "Always",
                c.nodeGroups().size() + " node groups: " + String.join(", ", c.nodeGroups().keySet())));
        rows.add(new Row(8, "AWS EFS", c.sharedStorage() ? "1" : "0", "shared_storage.create",
                c.sharedStorage() ? "storage class kfs-shared" : "shared storage off"));
        return rows;
    }

    public static Map<String, Object> json(ClusterConfig c, ResourceGraph g) {
        int min = c.nodeGroups().values().stream().mapToInt(NodeGroup::minSize).sum();
        int max = c.nodeGroups().values().stream().mapToInt(NodeGroup::maxSize).sum();
        int desired = c.nodeGroups().values().stream().mapToInt(NodeGroup::desiredSize).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resources_total", g.size());
        m.put("load_balancer", ordered("type", "application", "scheme", c.domain().internal() ? "internal" : "internet-facing"));
        m.put("network_interfaces", ordered("min", min, "max", max));
        m.put("boot_disks", ordered("min", min + 1, "max", max + 1));
        m.put("vpc", ordered("count", 1, "cidr", c.vpc().cidr()));
        m.put("security_groups", g.inOrder().stream().filter(r -> r.spec() instanceof Spec.SecurityGroup).count());
        m.put("eks_cluster", ordered("name", c.clusterName(), "version", c.eksVersion()));
        m.put("managed_nodes", ordered("min", min, "desired", desired, "max", max));
        m.put("efs", c.sharedStorage() ? 1 : 0);
        return m;
    }

    /** Key, value, key, value...: in that order (Map.of's order changes from run to run). */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }

    private static String diskNote(ClusterConfig c) {
        int lo = c.nodeGroups().values().stream().mapToInt(NodeGroup::diskSizeGb).min().orElse(0);
        int hi = c.nodeGroups().values().stream().mapToInt(NodeGroup::diskSizeGb).max().orElse(0);
        return (lo == hi ? lo + " GB" : lo + "–" + hi + " GB") + " per node; jump host " + c.jumpHost().diskSizeGb() + " GB";
    }
}
