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
import java.util.Arrays;
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
  final Map<Long, Agg> symbolEdges = new HashMap<>(); // from << 32 | to; read through the sorted lists
  final Map<Long, Agg> fileEdges = new HashMap<>();
  int[][] symbolOut;
  int[][] fileOut;

  private WholeGraph(int nodes, int files) {
    fileOfNode = new int[nodes];
    linesOfNode = new int[nodes];
    linesOfFile = new int[files];
  }

  static long key(int from, int to) {
    return (long) from << 32 | (to & 0xffffffffL);
  }

  Agg symbolEdge(int from, int to) {
    return symbolEdges.get(key(from, to));
  }

  Agg fileEdge(int from, int to) {
    return fileEdges.get(key(from, to));
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
    w.symbolOut = adjacency(w.symbolEdges, nodes.size());
    w.fileOut = adjacency(w.fileEdges, files.size());
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
          fileEdges.computeIfAbsent(key(file, to), k -> new Agg()).imported = true;
        }
      }
    }
  }

  private void addEdge(int from, int to, RefRole role, Confidence how) {
    if (role != RefRole.IMPORT && from != to) {
      symbolEdges.computeIfAbsent(key(from, to), k -> new Agg()).add(role, how);
    }
    int ff = fileOfNode[from];
    int ft = fileOfNode[to];
    if (ff != ft) {
      Agg a = fileEdges.computeIfAbsent(key(ff, ft), k -> new Agg());
      if (role == RefRole.IMPORT) {
        a.imported = true;
      } else {
        a.add(role, how);
      }
    }
  }

  /** Successor lists in ascending order. */
  private static int[][] adjacency(Map<Long, Agg> edges, int n) {
    int[] degree = new int[n];
    for (long k : edges.keySet()) {
      degree[(int) (k >>> 32)]++;
    }
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new int[degree[i]];
    }
    int[] fill = new int[n];
    for (long k : edges.keySet()) {
      int from = (int) (k >>> 32);
      out[from][fill[from]++] = (int) k;
    }
    for (int[] a : out) {
      Arrays.sort(a);
    }
    return out;
  }

  /** Predecessor lists in ascending order. */
  static int[][] reverse(int[][] out) {
    int[] degree = new int[out.length];
    for (int[] succ : out) {
      for (int t : succ) {
        degree[t]++;
      }
    }
    int[][] in = new int[out.length][];
    for (int i = 0; i < out.length; i++) {
      in[i] = new int[degree[i]];
    }
    int[] fill = new int[out.length];
    for (int from = 0; from < out.length; from++) {
      for (int t : out[from]) {
        in[t][fill[t]++] = from; // ascending, since from ascends
      }
    }
    return in;
  }
}
