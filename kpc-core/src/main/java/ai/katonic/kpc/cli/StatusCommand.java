package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.Status;
import ai.katonic.kpc.state.State;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Compare every resource with AWS: in sync, drifted, missing, or failed (with the cause the last apply met). Exit 0 only when all are in sync.")
final class StatusCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Session s = session()) {
            State state = s.store.load();
            List<Status.Row> rows = new java.util.ArrayList<>(new Status(s.run(state, new Progress(out, true)), s.graph).rows(8));
            s.orphans(state).forEach(o -> rows.add(new Status.Row(o.id(), o.type(), state.awsId(o.id()), Status.Sync.DRIFTED,
                    "no longer in the config; `kpc apply` deletes it")));
            long inSync = rows.stream().filter(r -> r.sync() == Status.Sync.IN_SYNC).count();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("cluster_name", s.config.clusterName());
                json.put("in_sync", inSync == rows.size());
                json.put("resources", rows.stream().map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("type", r.type());
                    m.put("aws_id", r.awsId());
                    m.put("status", r.sync().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                    m.put("detail", r.detail());
                    return m;
                }).toList());
                out.println(output.render(json));
            } else {
                Table t = new Table("RESOURCE", "TYPE", "AWS ID", "STATUS", "DETAIL");
                rows.forEach(r -> t.row(r.id(), r.type(), r.awsId() == null ? "-" : r.awsId(),
                        r.sync().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), r.detail()));
                t.print(out);
                out.println();
                out.println(inSync + " of " + rows.size() + " resources in sync.");
            }
            out.flush();
            return inSync == rows.size() ? 0 : 1;
        }
    }
}
