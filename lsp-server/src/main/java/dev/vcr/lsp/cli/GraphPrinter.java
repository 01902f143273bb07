package dev.vcr.lsp.cli;

import dev.vcr.kernel.graph.GraphResults;
import dev.vcr.kernel.graph.GraphResults.Edge;
import dev.vcr.kernel.graph.GraphResults.Hotspot;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import java.io.PrintStream;
import java.util.Map;

/** The graph commands' answers for people: the same records {@code --json} prints, as indented text. */
final class GraphPrinter {
  private final PrintStream out;

  GraphPrinter(PrintStream out) {
    this.out = out;
  }

  private static String sym(SymbolRef s) {
    return s.qualifiedName() + "  " + (s.kind().equals("file") ? s.path() : s.location()) + "  [" + s.kind() + "]";
  }

  private static String edge(Edge e) {
    return e.role() + (e.sites() > 1 ? " ×" + e.sites() : "") + ", " + e.confidence() + " → " + e.to();
  }

  void print(Object answer) {
    if (answer instanceof GraphResults.ImpactResult r) {
      impact(r);
    } else if (answer instanceof GraphResults.PathsResult r) {
      paths(r);
    } else if (answer instanceof GraphResults.CyclesResult r) {
      cycles(r);
    } else if (answer instanceof GraphResults.HotspotsResult r) {
      hotspots(r);
    } else if (answer instanceof GraphResults.ClustersResult r) {
      clusters(r);
    } else if (answer instanceof GraphResults.ContextResult r) {
      context(r);
    } else if (answer instanceof GraphResults.Detail[] r) {
      for (GraphResults.Detail d : r) {
        detail(d);
      }
    } else if (answer instanceof GraphResults.StatsResult r) {
      stats(r);
    } else {
      throw new IllegalArgumentException("cannot print " + answer);
    }
  }

  private void impact(GraphResults.ImpactResult r) {
    r.roots().forEach(s -> out.println("impact of " + sym(s)));
    for (GraphResults.Hop h : r.hops()) {
      out.println();
      out.println("hop " + h.depth() + ": " + h.count() + " symbol" + (h.count() == 1 ? "" : "s") + " in "
          + h.perFile().size() + " file" + (h.perFile().size() == 1 ? "" : "s"));
      for (GraphResults.ImpactNode n : h.nodes()) {
        out.println("  " + sym(n.symbol()));
        n.via().forEach(e -> out.println("      " + edge(e)));
      }
    }
    out.println();
    out.println(r.total() + " symbols in " + r.perFile().size() + " files" + (r.cursor() != null
        ? "; more with --offset " + r.cursor() : r.truncated() ? "; more beyond --depth " + r.maxDepth() : ""));
  }

  private void paths(GraphResults.PathsResult r) {
    int i = r.offset();
    for (GraphResults.CallPath p : r.paths()) {
      out.println("path " + ++i + " (" + p.length() + " call" + (p.length() == 1 ? "" : "s") + ")");
      for (int k = 0; k < p.nodes().size(); k++) {
        out.println("  " + sym(p.nodes().get(k)) + (k < p.sites().size() ? "\n      calls at " + p.sites().get(k) : ""));
      }
    }
    if (r.paths().isEmpty()) {
      out.println("no call path of at most " + r.maxLength() + " calls");
    }
    if (r.cursor() != null) {
      out.println("more paths with --offset " + r.cursor());
    } else if (r.truncated()) {
      out.println("truncated: there may be more paths (raise --limit)");
    }
  }

  private void cycles(GraphResults.CyclesResult r) {
    int i = r.offset();
    for (GraphResults.Cycle c : r.cycles()) {
      out.println("cycle " + ++i + ": " + c.size() + (r.graph().equals("files") ? " files" : " symbols") + ", "
          + c.edgeCount() + " edges");
      for (int k = 0; k < c.members().size(); k++) {
        out.println("  " + (c.symbols() == null ? c.members().get(k) : sym(c.symbols().get(k))));
      }
      out.println("  shortest cycle: " + String.join(" → ", c.shortestCycle()) + " → " + c.shortestCycle().get(0));
      out.println("  closed by:");
      c.closing().forEach(e -> out.println("    " + e.from() + " → " + e.to() + "  (" + e.role() + ", " + e.confidence() + ")"));
      out.println();
    }
    out.println(r.components() + " cycle" + (r.components() == 1 ? "" : "s") + " in the " + (r.graph().equals("files") ? "file" : "call") + " graph"
        + (r.file() == null ? "" : " through " + r.file())
        + (r.cursor() != null ? "; " + r.cycles().size() + " shown, more with --offset " + r.cursor() : ""));
  }

  private void hotspots(GraphResults.HotspotsResult r) {
    String weight = r.weighting() == null || r.weighting().startsWith("not") ? "" : " × (1 + changes)";
    if (r.weighting() != null) {
      out.println(r.weighting());
      out.println();
    }
    out.println("symbols (fan-in × fan-out" + weight + ", lines)");
    r.symbols().forEach(this::hotspot);
    out.println();
    out.println("files (fan-in × fan-out" + weight + ", lines)");
    r.files().forEach(this::hotspot);
    if (r.cursor() != null) {
      out.println();
      out.println("more with --offset " + r.cursor());
    }
  }

  private void hotspot(Hotspot h) {
    String factors = h.changes() == null ? String.format("%-3d", h.fanOut()) : String.format("%-13s", h.fanOut() + " × (1 + " + h.changes() + ")");
    out.println(String.format("  %6d = %3d × %s %5d  %s  %s", h.score(), h.fanIn(), factors, h.lines(), h.name(),
        h.kind().equals("file") ? "" : h.location()).stripTrailing());
  }

  private void clusters(GraphResults.ClustersResult r) {
    for (GraphResults.Cluster c : r.groups()) {
      out.println("cluster " + c.id() + ": " + c.size() + " files, " + c.internalEdges() + " edges inside");
      c.files().forEach(f -> out.println("  " + f));
    }
    r.links().forEach(l -> out.println("cluster " + l.from() + " ↔ cluster " + l.to() + ": " + l.edges() + " edges"));
    if (r.cursor() != null) {
      out.println(r.clusters() + " clusters; more with --offset " + r.cursor());
    }
  }

  private void context(GraphResults.ContextResult r) {
    for (GraphResults.ContextItem i : r.items()) {
      out.println("── " + i.role() + ": " + i.symbol().qualifiedName() + "  " + i.symbol().location() + "  ("
          + i.tokens() + " tokens" + (i.cut() ? ", cut" : "") + ")");
      out.println(i.text());
      out.println();
    }
    GraphResults.Budget b = r.budget();
    out.println("budget " + b.limit() + " tokens: " + b.used() + " used, " + b.remaining() + " left; " + b.included()
        + " items, " + b.dropped() + " dropped (" + b.droppedTokens() + " tokens)");
    r.droppedItems().forEach(d -> out.println("  dropped " + d));
  }

  private void detail(GraphResults.Detail d) {
    out.println(sym(d.symbol()));
    out.println("  signature: " + d.signature());
    if (d.doc() != null) {
      out.println("  doc: " + d.doc().replace("\n", "\n       "));
    }
    out.println("  callers " + d.callers() + ", callees " + d.callees() + ", references " + d.references()
        + " in " + d.usingFiles() + " files");
  }

  private void stats(GraphResults.StatsResult r) {
    out.println("files: " + r.files());
    for (Map.Entry<String, GraphResults.LanguageStats> e : r.languages().entrySet()) {
      out.println(e.getKey() + ": " + e.getValue().files() + " files");
      out.println("  definitions: " + e.getValue().definitions());
      out.println("  references: " + e.getValue().references());
    }
    out.println("links: " + r.links());
  }
}
