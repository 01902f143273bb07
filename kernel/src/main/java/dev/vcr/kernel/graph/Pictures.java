package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.CallPath;
import dev.vcr.kernel.graph.GraphResults.Cycle;
import dev.vcr.kernel.graph.GraphResults.CyclesResult;
import dev.vcr.kernel.graph.GraphResults.Edge;
import dev.vcr.kernel.graph.GraphResults.Hop;
import dev.vcr.kernel.graph.GraphResults.ImpactNode;
import dev.vcr.kernel.graph.GraphResults.ImpactResult;
import dev.vcr.kernel.graph.GraphResults.PathsResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graphviz (dot) and Mermaid text for the answers of impact, paths and cycles. Vertices and edges appear
 * in the answer's order, so the same answer draws the same text. Cycles draw each component as a box,
 * with the edges that close it dashed.
 */
public final class Pictures {
  private final String name;
  private final Map<String, String> labels = new LinkedHashMap<>(); // key -> label, in first-seen order
  private final Map<String, Integer> groups = new LinkedHashMap<>(); // key -> component
  private final Set<List<String>> edges = new LinkedHashSet<>(); // from, to, label, "dashed"|""

  private Pictures(String name) {
    this.name = name;
  }

  public static String impact(ImpactResult r, String format) {
    Pictures p = new Pictures("impact");
    r.roots().forEach(p::node);
    for (Hop h : r.hops()) {
      for (ImpactNode n : h.nodes()) {
        p.node(n.symbol());
        for (Edge e : n.via()) {
          p.edge(e.from(), e.to(), e.role() + (e.confidence().equals("exact") ? "" : " (" + e.confidence() + ")"), false);
        }
      }
    }
    return p.render(format);
  }

  public static String paths(PathsResult r, String format) {
    Pictures p = new Pictures("paths");
    for (CallPath path : r.paths()) {
      for (int i = 0; i < path.nodes().size(); i++) {
        p.node(path.nodes().get(i));
        if (i > 0) {
          p.edge(path.nodes().get(i - 1).location(), path.nodes().get(i).location(), "call", false);
        }
      }
    }
    return p.render(format);
  }

  public static String cycles(CyclesResult r, String format) {
    Pictures p = new Pictures("cycles");
    int c = 0;
    for (Cycle cycle : r.cycles()) {
      c++;
      for (int i = 0; i < cycle.members().size(); i++) {
        String key = cycle.members().get(i);
        p.labels.putIfAbsent(key, cycle.symbols() == null ? key : cycle.symbols().get(i).qualifiedName());
        p.groups.putIfAbsent(key, c);
      }
      Set<String> closing = new java.util.HashSet<>();
      cycle.closing().forEach(e -> closing.add(e.from() + "\0" + e.to()));
      for (Edge e : cycle.edges()) {
        p.edge(e.from(), e.to(), e.role(), closing.contains(e.from() + "\0" + e.to()));
      }
    }
    return p.render(format);
  }

  private void node(SymbolRef s) {
    labels.putIfAbsent(s.kind().equals("file") ? s.path() : s.location(), s.qualifiedName());
  }

  private void edge(String from, String to, String label, boolean dashed) {
    labels.putIfAbsent(from, from);
    labels.putIfAbsent(to, to);
    edges.add(List.of(from, to, label, dashed ? "dashed" : ""));
  }

  private String render(String format) {
    return switch (format) {
      case "dot" -> dot();
      case "mermaid" -> mermaid();
      default -> throw new IllegalArgumentException("unknown picture format '" + format + "' (dot or mermaid)");
    };
  }

  private String dot() {
    StringBuilder sb = new StringBuilder("digraph ").append(name).append(" {\n");
    sb.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    Map<Integer, List<String>> byGroup = new LinkedHashMap<>();
    for (String key : labels.keySet()) {
      Integer g = groups.get(key);
      if (g != null) {
        byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(key);
      } else {
        sb.append("  ").append(q(key)).append(" [label=").append(q(labels.get(key))).append("];\n");
      }
    }
    for (Map.Entry<Integer, List<String>> e : byGroup.entrySet()) {
      sb.append("  subgraph cluster_").append(e.getKey()).append(" {\n    label=")
          .append(q("cycle " + e.getKey())).append(";\n");
      for (String key : e.getValue()) {
        sb.append("    ").append(q(key)).append(" [label=").append(q(labels.get(key))).append("];\n");
      }
      sb.append("  }\n");
    }
    for (List<String> e : edges) {
      sb.append("  ").append(q(e.get(0))).append(" -> ").append(q(e.get(1))).append(" [label=").append(q(e.get(2)));
      sb.append(e.get(3).isEmpty() ? "" : ", style=dashed, color=red").append("];\n");
    }
    return sb.append("}\n").toString();
  }

  private String mermaid() {
    Map<String, String> ids = new LinkedHashMap<>();
    labels.keySet().forEach(k -> ids.put(k, "n" + ids.size()));
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    Map<Integer, List<String>> byGroup = new LinkedHashMap<>();
    for (String key : labels.keySet()) {
      Integer g = groups.get(key);
      if (g != null) {
        byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(key);
      } else {
        sb.append("  ").append(ids.get(key)).append("[\"").append(m(labels.get(key))).append("\"]\n");
      }
    }
    for (Map.Entry<Integer, List<String>> e : byGroup.entrySet()) {
      sb.append("  subgraph cycle").append(e.getKey()).append("[\"cycle ").append(e.getKey()).append("\"]\n");
      for (String key : e.getValue()) {
        sb.append("    ").append(ids.get(key)).append("[\"").append(m(labels.get(key))).append("\"]\n");
      }
      sb.append("  end\n");
    }
    for (List<String> e : edges) {
      sb.append("  ").append(ids.get(e.get(0))).append(e.get(3).isEmpty() ? " -->" : " -.->")
          .append("|\"").append(m(e.get(2))).append("\"| ").append(ids.get(e.get(1))).append('\n');
    }
    return sb.toString();
  }

  private static String q(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String m(String s) {
    return s.replace("\"", "#quot;");
  }
}
