package ai.katonic.kpc.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resources kpc recorded in state that the config no longer asks for, rebuilt from their recorded specs. */
public final class Orphans {
    private Orphans() {}

    /** {@code recorded}: resource id → (type, spec attributes) from state. */
    public record Recorded(String type, Map<String, Object> spec) {}

    public static List<Resource> find(ResourceGraph graph, Map<String, Recorded> recorded) {
        List<Resource> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        graph.inOrder().forEach(r -> known.add(r.id()));
        recorded.keySet().stream().filter(id -> !graph.contains(id)).forEach(known::add);
        for (Map.Entry<String, Recorded> e : recorded.entrySet()) {
            if (graph.contains(e.getKey())) continue;
            Spec spec = SpecTypes.decode(e.getValue().type(), e.getValue().spec());
            if (spec == null) continue;
            List<String> deps = Resource.refsOf(spec).stream().filter(known::contains).distinct().toList();
            out.add(new Resource(e.getKey(), spec, deps));
        }
        return out;
    }

    /** The config's graph plus the orphans, so one walk can reach both. */
    public static ResourceGraph with(ResourceGraph graph, List<Resource> orphans) {
        if (orphans.isEmpty()) return graph;
        List<Resource> all = new ArrayList<>(graph.inOrder());
        all.addAll(orphans);
        return new ResourceGraph(all);
    }
}
