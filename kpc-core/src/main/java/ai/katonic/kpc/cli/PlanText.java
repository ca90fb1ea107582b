package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.Provisioned;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a plan as a table or as the JSON object of {@code plan -o json}. */
final class PlanText {
    private PlanText() {}

    static void print(PrintWriter out, ClusterConfig c, ResourceGraph g, Plan plan) {
        out.println("Plan for cluster " + c.clusterName() + " in " + c.region() + ": " + counts(plan) + ".");
        out.println();
        Table t = new Table("#", "ACTION", "RESOURCE", "TYPE", "DESCRIPTION");
        int i = 1;
        for (Plan.Change ch : plan.changes()) {
            t.row(i++, ch.action().word(), ch.resource().id(), ch.resource().type(), ch.resource().describe());
        }
        t.print(out);
        out.println();
        out.println("Resources provisioned post-installation:");
        Table p = new Table("SR", "TYPE", "AMOUNT", "WHEN", "NOTES");
        for (Provisioned.Row r : Provisioned.rows(c, g)) p.row(r.sr(), r.type(), r.amount(), r.when(), r.notes());
        p.print(out);
        out.flush();
    }

    static String counts(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (Plan.Action a : Plan.Action.values()) {
            long n = plan.count(a);
            if (n > 0) parts.add(a == Plan.Action.NOOP ? n + " unchanged" : n + " to " + a.word());
        }
        return parts.isEmpty() ? "no changes" : String.join(", ", parts);
    }

    static Map<String, Object> json(ClusterConfig c, ResourceGraph g, Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster_name", c.clusterName());
        root.put("region", c.region());
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Plan.Change ch : plan.changes()) {
            Resource r = ch.resource();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("type", r.type());
            m.put("action", ch.action().word());
            m.put("depends_on", r.dependsOn());
            m.put("description", r.describe());
            m.put("reason", ch.reason());
            StatePlan.dataLoss(ch).ifPresent(l -> m.put("data_loss", l));
            m.put("attributes", r.attributes());
            resources.add(m);
        }
        root.put("resources", resources);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Plan.Action a : Plan.Action.values()) summary.put(a.word(), plan.count(a));
        summary.put("provisioned", Provisioned.json(c, g));
        root.put("summary", summary);
        return root;
    }
}
