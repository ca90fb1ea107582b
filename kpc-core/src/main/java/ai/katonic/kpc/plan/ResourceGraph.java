package ai.katonic.kpc.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared resources and their dependencies: a DAG, checked when built. Every view of a
 * cluster (plan, apply, status, destroy) walks this one graph.
 */
public final class ResourceGraph {
    private final Map<String, Resource> byId = new LinkedHashMap<>();
    private final Map<String, List<String>> dependents = new HashMap<>();
    private final List<String> order;

    public ResourceGraph(Collection<Resource> resources) {
        for (Resource r : resources) {
            if (byId.put(r.id(), r) != null) throw new IllegalArgumentException("duplicate resource id " + r.id());
        }
        for (Resource r : resources) {
            for (String dep : r.dependsOn()) {
                if (!byId.containsKey(dep)) {
                    throw new IllegalArgumentException(r.id() + " depends on unknown resource " + dep);
                }
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(r.id());
            }
        }
        order = topologicalOrder();
    }

    public Resource get(String id) {
        return byId.get(id);
    }

    public java.util.Optional<Resource> find(String id) {
        return java.util.Optional.ofNullable(contains(id) ? get(id) : null);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public int size() {
        return byId.size();
    }

    /** Resources in an order where each comes after everything it depends on (stable: declaration order breaks ties). */
    public List<Resource> inOrder() {
        return order.stream().map(byId::get).toList();
    }

    public List<String> dependentsOf(String id) {
        return dependents.getOrDefault(id, List.of());
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> missing = new HashMap<>();
        byId.values().forEach(r -> missing.put(r.id(), r.dependsOn().size()));
        List<String> out = new ArrayList<>();
        // Kahn's algorithm, always taking the earliest-declared ready resource so output is stable.
        List<String> ready = new ArrayList<>();
        byId.keySet().forEach(id -> { if (missing.get(id) == 0) ready.add(id); });
        List<String> declared = new ArrayList<>(byId.keySet());
        while (!ready.isEmpty()) {
            ready.sort((a, b) -> declared.indexOf(a) - declared.indexOf(b));
            String id = ready.remove(0);
            out.add(id);
            for (String dep : dependentsOf(id)) {
                if (missing.merge(dep, -1, Integer::sum) == 0) ready.add(dep);
            }
        }
        if (out.size() != byId.size()) {
            List<String> cyclic = byId.keySet().stream().filter(id -> !out.contains(id)).toList();
            throw new IllegalArgumentException("dependency cycle among " + cyclic);
        }
        return out;
    }
}
