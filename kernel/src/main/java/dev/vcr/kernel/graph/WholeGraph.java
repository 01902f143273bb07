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

    /** An import makes the edge {@code imported}; any other use is a site. */
    void addUse(RefRole role, Confidence how) {
      if (role == RefRole.IMPORT) {
        imported = true;
      } else {
        add(role, how);
      }
    }

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

  /** Node i is definition {@code nodeOrdinal[i]} (-1: the top level) of file {@code fileOfNode[i]}. */
  final int[] fileOfNode;
  private final int[] nodeOrdinal;
  /** A file's first node (its top level); its definitions' nodes follow, in source order. */
  private final int[] firstNode;
  final List<String> files = new ArrayList<>();
  final Map<String, Integer> fileIndex = new HashMap<>(); // lookups only
  final int[] linesOfNode;
  final int[] linesOfFile;
  /** Successors in ascending order; one shared empty array for the many nodes that use nothing. */
  int[][] symbolOut;
  int[][] fileOut;
  /** Each edge's aggregate, at {@code start[from] + position of to in out[from]}. */
  private final EdgeData symbolData;
  private final EdgeData fileData;

  private static final int[] NONE = new int[0];

  private WholeGraph(int nodes, int files) {
    fileOfNode = new int[nodes];
    nodeOrdinal = new int[nodes];
    linesOfNode = new int[nodes];
    firstNode = new int[files + 1];
    linesOfFile = new int[files];
    symbolOut = new int[nodes][];
    fileOut = new int[files][];
    symbolData = new EdgeData(nodes);
    fileData = new EdgeData(files);
  }

  /**
   * The aggregates of the edges, in adjacency order, in primitive arrays: a workspace the size of Linux has
   * millions of edges, and an object (or a map entry) per edge does not fit a daemon's heap.
   */
  private static final class EdgeData {
    final int[] start;
    int[] roles = new int[1024]; // RefRole bits, and IMPORTED
    byte[] best = new byte[1024];
    int[] sites = new int[1024];
    int size;

    EdgeData(int vertices) {
      start = new int[vertices + 1];
    }

    void add(Agg a) {
      if (size == roles.length) {
        int n = roles.length * 2;
        roles = Arrays.copyOf(roles, n);
        best = Arrays.copyOf(best, n);
        sites = Arrays.copyOf(sites, n);
      }
      roles[size] = a.roles | (a.imported ? IMPORTED : 0);
      best[size] = (byte) a.best.ordinal();
      sites[size] = a.sites;
      size++;
    }

    Agg get(int[][] out, int from, int to) {
      int pos = Arrays.binarySearch(out[from], to);
      if (pos < 0) {
        return null;
      }
      int e = start[from] + pos;
      Agg a = new Agg();
      a.roles = roles[e] & ~IMPORTED;
      a.imported = (roles[e] & IMPORTED) != 0;
      a.best = Confidence.values()[best[e]];
      a.sites = sites[e];
      return a;
    }
  }

  private static final int IMPORTED = 1 << 30;

  /**
   * The uses of one file, one long each: the user (relative to the file's first vertex), the used vertex,
   * the role and the confidence ({@link #use}). Sorted, equal (user, used) pairs are adjacent and become
   * one edge: no object or map entry per use.
   */
  private static final class Uses {
    long[] values = new long[256];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }

  private static final int ROLE_BITS = 4;
  private static final int HOW_BITS = 2;
  private static final int TAIL = ROLE_BITS + HOW_BITS;

  static {
    if (RefRole.values().length > 1 << ROLE_BITS || Confidence.values().length > 1 << HOW_BITS) {
      throw new AssertionError("roles or confidences do not fit a use's bits");
    }
  }

  /** A use packed in a long: user (24 bits, local to its file), used vertex (32), role (4), confidence (2). */
  private static long use(int userLocal, int used, RefRole role, Confidence how) {
    if (userLocal >= 1 << 24) {
      throw new IllegalStateException("a file with more than 16M definitions");
    }
    return (long) userLocal << (32 + TAIL) | (long) used << TAIL | role.ordinal() << HOW_BITS | how.ordinal();
  }

  /**
   * Ends the rows of vertices {@code [first, last)}: their uses become sorted successor arrays and, per
   * edge, the aggregate of its uses (an import makes a file edge {@code imported}, not a site).
   */
  private static void flush(Uses uses, int first, int last, int[][] out, EdgeData data) {
    long[] v = uses.values;
    Arrays.sort(v, 0, uses.size);
    RefRole[] roles = RefRole.values();
    Confidence[] hows = Confidence.values();
    int k = 0;
    IntList row = new IntList();
    for (int vertex = first; vertex < last; vertex++) {
      data.start[vertex] = data.size;
      row.size = 0;
      while (k < uses.size && (int) (v[k] >>> (32 + TAIL)) == vertex - first) {
        long edge = v[k] >>> TAIL;
        Agg a = new Agg();
        for (; k < uses.size && v[k] >>> TAIL == edge; k++) {
          a.addUse(roles[(int) (v[k] >>> HOW_BITS) & ((1 << ROLE_BITS) - 1)], hows[(int) v[k] & ((1 << HOW_BITS) - 1)]);
        }
        row.add((int) edge);
        data.add(a);
      }
      out[vertex] = row.size == 0 ? NONE : Arrays.copyOf(row.values, row.size);
    }
    data.start[last] = data.size;
    uses.size = 0;
  }

  static long key(int from, int to) {
    return (long) from << 32 | (to & 0xffffffffL);
  }

  Agg symbolEdge(int from, int to) {
    return symbolData.get(symbolOut, from, to);
  }

  Agg fileEdge(int from, int to) {
    return fileData.get(fileOut, from, to);
  }

  int nodeCount() {
    return fileOfNode.length;
  }

  Node node(int i) {
    return new Node(files.get(fileOfNode[i]), nodeOrdinal[i]);
  }

  boolean isFileLevel(int i) {
    return nodeOrdinal[i] < 0;
  }

  /** The node of definition {@code ordinal} of {@code path} (or of its top level when it has none). */
  private Integer nodeOf(String path, int ordinal) {
    Integer f = fileIndex.get(path);
    if (f == null) {
      return null;
    }
    int pos = Arrays.binarySearch(nodeOrdinal, firstNode[f] + 1, firstNode[f + 1], ordinal);
    return pos >= 0 ? pos : firstNode[f];
  }

  static WholeGraph build(CodeGraph g) {
    SortedSet<String> paths = g.allPaths();
    // A navigator with small caches: this reads every file once or twice, and must not keep them all.
    Navigator nav = new Navigator(g.source(), false);
    Ids ids = new Ids();
    IntList nodeFile = new IntList();
    IntList nodeOrd = new IntList();
    IntList nodeLines = new IntList();
    List<String> files = new ArrayList<>();
    IntList fileLines = new IntList();
    for (String path : paths) {
      g.check();
      FileFacts f = nav.facts(path);
      if (f == null) {
        continue;
      }
      int file = files.size();
      files.add(path);
      int lines = 1;
      for (Definition d : f.definitions()) {
        lines = Math.max(lines, d.span().endLine() + 1);
      }
      for (Reference r : f.references()) {
        lines = Math.max(lines, r.span().endLine() + 1);
      }
      fileLines.add(lines);
      nodeFile.add(file);
      nodeOrd.add(-1);
      nodeLines.add(lines);
      long[] symbolIds = SymbolIds.of(path, f);
      for (int i = 0; i < f.definitions().size(); i++) {
        Definition d = f.definitions().get(i);
        if (d.kind().isNamed()) {
          ids.add(symbolIds[i], nodeFile.size());
          nodeFile.add(file);
          nodeOrd.add(i);
          nodeLines.add(d.span().endLine() - d.span().startLine() + 1);
        }
      }
      nav.endOfFile();
    }
    ids.sort();
    WholeGraph w = new WholeGraph(nodeFile.size(), files.size());
    System.arraycopy(nodeFile.values, 0, w.fileOfNode, 0, nodeFile.size());
    System.arraycopy(nodeOrd.values, 0, w.nodeOrdinal, 0, nodeOrd.size());
    System.arraycopy(nodeLines.values, 0, w.linesOfNode, 0, nodeLines.size());
    System.arraycopy(fileLines.values, 0, w.linesOfFile, 0, fileLines.size());
    for (int i = 0; i < files.size(); i++) {
      w.files.add(files.get(i));
      w.fileIndex.put(files.get(i), i);
    }
    for (int i = w.fileOfNode.length - 1; i >= 0; i--) {
      w.firstNode[w.fileOfNode[i]] = i;
    }
    w.firstNode[files.size()] = w.fileOfNode.length;
    ImportTargets imports = new ImportTargets(paths);
    Uses symbolEdges = new Uses(); // this file's
    Uses fileEdges = new Uses();
    for (int file = 0; file < files.size(); file++) {
      g.check();
      w.addUses(g, nav, file, ids, imports, symbolEdges, fileEdges);
      flush(symbolEdges, w.firstNode[file], w.firstNode[file + 1], w.symbolOut, w.symbolData);
      flush(fileEdges, file, file + 1, w.fileOut, w.fileData);
      nav.endOfFile();
    }
    return w;
  }

  /** A growable int array. */
  private static final class IntList {
    int[] values = new int[1024];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }
  }

  /**
   * Symbol ids to nodes, as two parallel arrays sorted by id (then node): a map of millions of boxed
   * longs would not fit. When two definitions share an id, the later one is found, as before.
   */
  private static final class Ids {
    long[] ids = new long[1024];
    int[] nodes = new int[1024];
    int size;

    void add(long id, int node) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        nodes = Arrays.copyOf(nodes, size * 2);
      }
      ids[size] = id;
      nodes[size++] = node;
    }

    void sort() {
      sort(0, size - 1);
    }

    private void sort(int lo, int hi) {
      while (hi - lo > 16) {
        int mid = (lo + hi) >>> 1;
        long pid = ids[mid];
        int pnode = nodes[mid];
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (less(ids[i], nodes[i], pid, pnode)) {
            i++;
          }
          while (less(pid, pnode, ids[j], nodes[j])) {
            j--;
          }
          if (i <= j) {
            swap(i++, j--);
          }
        }
        // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
        if (j - lo < hi - i) {
          sort(lo, j);
          lo = i;
        } else {
          sort(i, hi);
          hi = j;
        }
      }
      for (int i = lo + 1; i <= hi; i++) {
        for (int j = i; j > lo && less(ids[j], nodes[j], ids[j - 1], nodes[j - 1]); j--) {
          swap(j, j - 1);
        }
      }
    }

    private static boolean less(long a, int an, long b, int bn) {
      return a < b || a == b && an < bn;
    }

    private void swap(int a, int b) {
      long t = ids[a];
      ids[a] = ids[b];
      ids[b] = t;
      int n = nodes[a];
      nodes[a] = nodes[b];
      nodes[b] = n;
    }

    /** The node of {@code id} (the last of equal ids), or -1. */
    int get(long id) {
      int lo = 0;
      int hi = size - 1;
      int found = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (ids[mid] <= id) {
          if (ids[mid] == id) {
            found = mid;
          }
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found < 0 ? -1 : nodes[found];
    }
  }

  private void addUses(CodeGraph g, Navigator nav, int file, Ids ids, ImportTargets imports, Uses symbolEdges,
      Uses fileEdges) {
    String path = files.get(file);
    FileFacts f = nav.facts(path);
    if (f == null) {
      return;
    }
    int first = firstNode[file];
    int[] defNode = new int[f.definitions().size()];
    for (int i = 0, k = first + 1; i < defNode.length; i++) {
      defNode[i] = f.definitions().get(i).kind().isNamed() ? k++ : first;
    }
    Links links = g.source().shadowed().contains(path) ? null : g.store().links(path);
    if (links != null && links.referenceCount() != f.references().size()) {
      links = null;
    }
    boolean resolveNow = links == null && g.source().shadowed().contains(path);
    boolean[] imported = CodeGraph.importReferences(f);
    for (int r = 0; r < f.references().size(); r++) {
      Reference ref = f.references().get(r);
      RefRole role = imported[r] ? RefRole.IMPORT : ref.role();
      int caller = f.callerOf(ref.container());
      int from = caller >= 0 && caller < defNode.length ? defNode[caller] : first;
      if (links != null) {
        long[] targets = links.targetsOf(r);
        for (int i = 0; i < targets.length; i++) {
          int to = ids.get(targets[i]);
          if (to >= 0) {
            addEdge(from, first, to, role, links.confidenceOf(r, i), symbolEdges, fileEdges);
          }
        }
      } else if (resolveNow) {
        Navigator.Resolution res = nav.resolution(path, f, ref);
        if (res.local()) {
          continue;
        }
        for (DefHit d : res.targets()) {
          Integer to = nodeOf(d.path(), d.ordinal());
          if (to != null) {
            addEdge(from, first, to, role, res.how(), symbolEdges, fileEdges);
          }
        }
      }
    }
    for (Import imp : f.imports()) {
      for (String target : imports.resolve(path, f.language(), imp)) {
        Integer to = fileIndex.get(target);
        if (to != null && to != file) {
          fileEdges.add(use(0, to, RefRole.IMPORT, Confidence.EXACT));
        }
      }
    }
  }

  /** A use by {@code from}, a node of the file whose first node is {@code first}, of {@code to}. */
  private void addEdge(int from, int first, int to, RefRole role, Confidence how, Uses symbolEdges, Uses fileEdges) {
    if (role != RefRole.IMPORT && from != to) {
      symbolEdges.add(use(from - first, to, role, how));
    }
    int ff = fileOfNode[from];
    int ft = fileOfNode[to];
    if (ff != ft) {
      fileEdges.add(use(0, ft, role, how));
    }
  }
}
