package ai.katonic.kpc.cli;

import ai.katonic.kpc.engine.Colour;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.engine.Specs;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.state.State;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What apply would do, from state (without talking to AWS; the walk verifies each resource): create
 * what state lacks, change in place what the config changed ({@code ~}, old → new), make anew what
 * cannot change ({@code -/+}, the attribute that forces it), delete what the config no longer asks
 * for ({@code -}); and which of these lose data, said in words.
 */
final class StatePlan {
    private static final tools.jackson.databind.ObjectMapper COMPACT = ai.katonic.kpc.runtime.Jackson.JSON;

    private StatePlan() {}

    static Plan of(Session s, State state, List<Resource> orphans) {
        List<Plan.Change> changes = new ArrayList<>(s.graph.inOrder().stream().map((Resource r) -> {
            if (!state.isCreated(r.id())) return new Plan.Change(r, Plan.Action.CREATE, "not recorded in state");
            Map<String, Object> recorded = state.get(r.id()).spec();
            List<String> changed = Specs.changed(recorded, r.attributes());
            if (changed.isEmpty()) return new Plan.Change(r, Plan.Action.NOOP, "recorded in state");
            if (Catalog.of(r.spec()) instanceof Handler.Replacer rep) {
                List<String> forcing = changed.stream().filter(rep.forcesReplacement()::contains).toList();
                if (!forcing.isEmpty()) {
                    return new Plan.Change(r, Plan.Action.REPLACE, oldToNew(forcing, recorded, r.attributes()) + " forces replacement; "
                            + rep.whatBecomesOfTheOld(state.awsId(r.id())));
                }
            }
            return new Plan.Change(r, Plan.Action.UPDATE, oldToNew(changed, recorded, r.attributes()));
        }).toList());
        orphans.forEach(o -> changes.add(new Plan.Change(o, Plan.Action.DELETE, "no longer in the config")));
        return new Plan(changes);
    }

    /** {@code desired_size 1 → 3, max_size 6 → 8}; long values (policies, maps) shortened. */
    static String oldToNew(List<String> attributes, Map<String, Object> recorded, Map<String, Object> wanted) {
        return attributes.stream().map(a -> a + " " + shown(recorded == null ? null : recorded.get(a)) + " → " + shown(wanted.get(a)))
                .collect(Collectors.joining(", "));
    }

    private static String shown(Object v) {
        if (v == null) return "(none)";
        String s;
        try {
            s = v instanceof String str ? str : COMPACT.writeValueAsString(v);
        } catch (tools.jackson.core.JacksonException e) {
            s = String.valueOf(v);
        }
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * What a change destroys that kpc cannot put back: the datasets on EFS, an app's database (its namespace's
     * volumes), a whole node group's nodes (drained, their pods rescheduled: said, not counted as data loss).
     */
    static Optional<String> dataLoss(Plan.Change c) {
        if (c.action() != Plan.Action.DELETE && c.action() != Plan.Action.REPLACE) return Optional.empty();
        Spec spec = c.resource().spec();
        if (spec instanceof Spec.EfsFileSystem) {
            return Optional.of("deletes the EFS file system " + c.resource().id() + " and every dataset on kfs-shared");
        }
        if (spec instanceof Spec.KubeNamespace ns) {
            return Optional.of("deletes namespace " + ns.name() + " and everything in it (the app's database and its volumes)");
        }
        if (spec instanceof Spec.EksCluster) return Optional.of("deletes the EKS cluster and every workload on it");
        return Optional.empty();
    }

    /** The lines after the plan's summary: each change with its reason, and the data a change loses. */
    static void print(PrintWriter out, Plan plan) {
        for (Plan.Change c : plan.changes()) {
            switch (c.action()) {
                case CREATE -> out.println(Colour.green("  + ") + c.resource().id() + ": " + c.resource().describe());
                case UPDATE -> out.println(Colour.yellow("  ~ ") + c.resource().id() + ": " + c.reason());
                case REPLACE -> out.println(Colour.yellow("-/+ ") + c.resource().id() + ": " + c.reason());
                case DELETE -> out.println(Colour.red("  - ") + c.resource().id() + ": " + c.resource().describe() + " (" + c.reason() + ")"
                        + (c.resource().spec() instanceof Spec.NodeGroup ? "; its nodes are drained, their pods rescheduled" : ""));
                default -> { }
            }
        }
        List<String> losses = plan.changes().stream().map(StatePlan::dataLoss).flatMap(Optional::stream).toList();
        for (String l : losses) out.println(Colour.red("  ! data loss: ") + l);
    }
}
