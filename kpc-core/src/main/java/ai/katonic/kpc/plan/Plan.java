package ai.katonic.kpc.plan;

import java.util.List;

/** What a run would do to each resource, in dependency order. */
public record Plan(List<Change> changes) {

    public enum Action {
        CREATE, UPDATE, REPLACE, ADOPT, DELETE, NOOP;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Change(Resource resource, Action action, String reason) {}

    /** Without live state every resource is to be created. */
    public static Plan createAll(ResourceGraph graph) {
        return new Plan(graph.inOrder().stream().map(r -> new Change(r, Action.CREATE, "not yet created")).toList());
    }

    public long count(Action a) {
        return changes.stream().filter(c -> c.action() == a).count();
    }
}
