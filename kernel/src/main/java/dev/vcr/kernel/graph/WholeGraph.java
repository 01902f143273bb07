package dev.vcr.kernel.graph;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Links;
import dev.vcr.kernel.index.SymbolIds;
import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.query.Navigator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The whole workspace as two graphs, read from the stored links (a session's unsaved documents are
 * resolved now): the symbol graph (a definition, or a file's top level, uses a definition: calls, types,
 * reads...; imports are not symbol edges) and the file graph (a file depends on another when one of its
 * references, imports included, is linked to a definition there, or when it imports or includes it).
 * Vertices are numbered in path, then source order, so adjacency lists in index order are deterministic.
 * Uses linked only to an ambiguous name ({@code SymbolIds.nameId}: more than 4 same-named candidates) make
 * no edge.
 */
final class WholeGraph {
  /** What a set of parallel uses has in common: how many, the roles seen, the best confidence. */
  static final class Agg {
    int sites;
    int roles; // bit mask of RefRole ordinals
    Confidence best = Confidence.NAME;
    boolean imported;

    void add(RefRole role, Confidence how) {
      sites++;
      roles |= 1 << role.ordinal();
      if (how.ordinal() < best.ordinal()) {
        best = how;
      }
    }

    /** The first role seen in precedence order (calls before types before reads). */
    String role() {
      for (RefRole r : RefRole.values()) {
        if ((roles & (1 << r.ordinal())) != 0) {
          return r.label();
        }
      }
      return imported ? "import" : "use";
    }

    boolean calls() {
      for (RefRole r : RefRole.values()) {
        if (r.isCall() && (roles & (1 << r.ordinal())) != 0) {
          return true;
        }
      }
      return false;
    }
  }

  final List<Node> nodes = new ArrayList<>();
  final Map<Node, Integer> nodeIndex = new HashMap<>(); // lookups only
  final List<String> files = new ArrayList<>();
  final Map<String, Integer> fileIndex = new HashMap<>(); // lookups only
  final int[] fileOfNode;
  final int[] linesOfNode;
  final int[] linesOfFile;
  /**
   * Edges by source, then target (per-source maps: a map keyed by {@code from << 32 | to} hashes as
   * {@code from ^ to}, which collides badly); read through the sorted adjacency lists.
   */
  private final Edges symbolEdges;
  private final Edges fileEdges;
  int[][] symbolOut;
  int[][] fileOut;

  private WholeGraph(int nodes, int files) {
    fileOfNode = new int[nodes];
    linesOfNode = new int[nodes];
    linesOfFile = new int[files];
    symbolEdges = new Edges(nodes);
    fileEdges = new Edges(files);
  }

  /** Parallel uses aggregated per (source, target). */
  private static final class Edges {
    private final Map<Integer, Agg>[] out;

    @SuppressWarnings("unchecked")
    Edges(int n) {
      out = new Map[n];
    }

    Agg get(int from, int to) {
      return out[from] == null ? null : out[from].get(to);
    }

    Agg add(int from, int to) {
      if (out[from] == null) {
        out[from] = new HashMap<>(4);
      }
      return out[from].computeIfAbsent(to, k -> new Agg());
    }

    /** Successor lists in ascending order. */
    int[][] adjacency() {
      int[][] adj = new int[out.length][];
      for (int i = 0; i < out.length; i++) {
        adj[i] = out[i] == null ? new int[0] : out[i].keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      }
      return adj;
    }
  }

  static long key(int from, int to) {
    return (long) from << 32 | (to & 0xffffffffL);
  }

  Agg symbolEdge(int from, int to) {
    return symbolEdges.get(from, to);
  }

  Agg fileEdge(int from, int to) {
    return fileEdges.get(from, to);
  }

  static WholeGraph build(CodeGraph g) {
    SortedSet<String> paths = g.allPaths();
    // A navigator with small caches: this reads every file once or twice, and must not keep them all.
    Navigator nav = new Navigator(g.source(), false);
    Map<Long, Integer> byId = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Integer> nodeLines = new ArrayList<>();
    List<Integer> fileLines = new ArrayList<>();
    for (String path : paths) {
      g.check();
      FileFacts f = nav.facts(path);
      if (f == null) {
        continue;
      }
      files.add(path);
      nodes.add(Node.fileLevel(path));
      int lines = 1;
      for (Definition d : f.definitions()) {
        lines = Math.max(lines, d.span().endLine() + 1);
      }
      for (Reference r : f.references()) {
        lines = Math.max(lines, r.span().endLine() + 1);
      }
      fileLines.add(lines);
      nodeLines.add(lines);
      long[] ids = SymbolIds.of(path, f);
      for (int i = 0; i < f.definitions().size(); i++) {
        Definition d = f.definitions().get(i);
        if (d.kind().isNamed()) {
          byId.put(ids[i], nodes.size());
          nodes.add(new Node(path, i));
          nodeLines.add(d.span().endLine() - d.span().startLine() + 1);
        }
      }
      nav.endOfFile();
    }
    WholeGraph w = new WholeGraph(nodes.size(), files.size());
    for (int i = 0; i < nodes.size(); i++) {
      w.nodes.add(nodes.get(i));
      w.nodeIndex.put(nodes.get(i), i);
      w.linesOfNode[i] = nodeLines.get(i);
    }
    for (int i = 0; i < files.size(); i++) {
      w.files.add(files.get(i));
      w.fileIndex.put(files.get(i), i);
      w.linesOfFile[i] = fileLines.get(i);
    }
    for (int i = 0; i < nodes.size(); i++) {
      w.fileOfNode[i] = w.fileIndex.get(nodes.get(i).path());
    }
    ImportTargets imports = new ImportTargets(paths);
    for (String path : files) {
      g.check();
      w.addUses(g, nav, path, byId, imports);
      nav.endOfFile();
    }
    w.symbolOut = w.symbolEdges.adjacency();
    w.fileOut = w.fileEdges.adjacency();
    return w;
  }

  private void addUses(CodeGraph g, Navigator nav, String path, Map<Long, Integer> byId, ImportTargets imports) {
    FileFacts f = nav.facts(path);
    if (f == null) {
      return;
    }
    int file = fileIndex.get(path);
    Links links = g.source().shadowed().contains(path) ? null : g.store().links(path);
    if (links != null && links.referenceCount() != f.references().size()) {
      links = null;
    }
    boolean resolveNow = links == null && g.source().shadowed().contains(path);
    for (int r = 0; r < f.references().size(); r++) {
      Reference ref = f.references().get(r);
      RefRole role = CodeGraph.isImport(f, ref) ? RefRole.IMPORT : ref.role();
      Integer from = nodeIndex.get(new Node(path, f.callerOf(ref.container())));
      if (from == null) {
        from = nodeIndex.get(Node.fileLevel(path));
      }
      if (links != null) {
        long[] ids = links.targetsOf(r);
        for (int i = 0; i < ids.length; i++) {
          Integer to = byId.get(ids[i]);
          if (to != null) {
            addEdge(from, to, role, links.confidenceOf(r, i));
          }
        }
      } else if (resolveNow) {
        Navigator.Resolution res = nav.resolution(path, f, ref);
        if (res.local()) {
          continue;
        }
        for (DefHit d : res.targets()) {
          Integer to = nodeIndex.get(new Node(d.path(), d.ordinal()));
          if (to != null) {
            addEdge(from, to, role, res.how());
          }
        }
      }
    }
    for (Import imp : f.imports()) {
      for (String target : imports.resolve(path, f.language(), imp)) {
        Integer to = fileIndex.get(target);
        if (to != null && to != file) {
          fileEdges.add(file, to).imported = true;
        }
      }
    }
  }

  private void addEdge(int from, int to, RefRole role, Confidence how) {
    if (role != RefRole.IMPORT && from != to) {
      symbolEdges.add(from, to).add(role, how);
    }
    int ff = fileOfNode[from];
    int ft = fileOfNode[to];
    if (ff != ft) {
      Agg a = fileEdges.add(ff, ft);
      if (role == RefRole.IMPORT) {
        a.imported = true;
      } else {
        a.add(role, how);
      }
    }
  }
}
