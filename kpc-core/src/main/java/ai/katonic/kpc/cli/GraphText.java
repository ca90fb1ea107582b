package ai.katonic.kpc.cli;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;

/** The resource graph as Mermaid (renders on GitHub) or Graphviz dot. Edges point from a dependency to its dependant. */
final class GraphText {
    private GraphText() {}

    static String mermaid(ResourceGraph g) {
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        for (Resource r : g.inOrder()) {
            sb.append("  ").append(node(r.id())).append("[\"").append(r.id()).append("<br/>").append(r.type()).append("\"]\n");
        }
        for (Resource r : g.inOrder()) {
            for (String dep : r.dependsOn()) sb.append("  ").append(node(dep)).append(" --> ").append(node(r.id())).append('\n');
        }
        return sb.toString();
    }

    static String dot(ResourceGraph g) {
        StringBuilder sb = new StringBuilder("digraph kpc {\n  rankdir=LR;\n  node [shape=box];\n");
        for (Resource r : g.inOrder()) {
            sb.append("  \"").append(r.id()).append("\" [label=\"").append(r.id()).append("\\n").append(r.type()).append("\"];\n");
        }
        for (Resource r : g.inOrder()) {
            for (String dep : r.dependsOn()) sb.append("  \"").append(dep).append("\" -> \"").append(r.id()).append("\";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String node(String id) {
        return id.replace('-', '_');
    }
}
