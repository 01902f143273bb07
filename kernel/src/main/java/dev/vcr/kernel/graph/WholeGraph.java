package dev.vcr.kernel.graph;

import dev.vcr.kernel.index.GraphSummary;
import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.query.Navigator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The whole workspace as two graphs, read from the files' graph summaries stored with their links ({@link
 * GraphSummary}; a session's unsaved documents are
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
  /**
   * Each edge's aggregate, at {@code start[from] + position of to in out[from]}; a vertex's aggregates are
   * contiguous, the vertices' blocks in the order their files were read.
   */
  private final EdgeData symbolData;
  private final EdgeData fileData;

  private static final int[] NONE = new int[0];
  /** Whether the symbol graph was built; without it every symbol has no successors (see {@link #build}). */
  private final boolean symbols;

  boolean hasSymbols() {
    return symbols;
  }

  private WholeGraph(int nodes, int files, boolean symbols) {
    this.symbols = symbols;
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

  /**
   * Two passes over the summaries (vertices and ids, then edges), each first a walk over the stored ones in
   * the store's order (one read of each B-tree leaf; Linux: 55k files), then the rest (unsaved documents,
   * files without a stored summary) by path. Vertices are numbered in path order whatever the walk's order,
   * and a file's edges depend only on its own summary and the ids, so the graph is the same either way.
   */
  static WholeGraph build(CodeGraph g, boolean symbols) {
    List<String> all = new ArrayList<>(g.allPaths());
    Map<String, Integer> position = new HashMap<>(); // lookups only
    for (int i = 0; i < all.size(); i++) {
      position.put(all.get(i), i);
    }
    // A navigator with small caches, for the few files whose summaries are computed now.
    Navigator nav = new Navigator(g.source(), false);
    // pass 1, in the walk's order: each file's lines and declarations, kept by path position
    int[] declarations = new int[all.size()];
    Arrays.fill(declarations, -1); // -1: no summary
    int[] lines = new int[all.size()];
    int[] from = new int[all.size()];
    LongList declIds = new LongList();
    IntList declOrdinals = new IntList();
    IntList declLines = new IntList();
    java.util.function.BiConsumer<String, GraphSummary> vertices = (path, s) -> {
      Integer at = position.get(path);
      if (at == null || s == null || declarations[at] >= 0) {
        return;
      }
      g.check();
      declarations[at] = s.declarationCount();
      lines[at] = s.lines();
      from[at] = declIds.size;
      for (int k = 0; k < s.declarationCount(); k++) {
        declIds.add(s.id(k));
        declOrdinals.add(s.ordinal(k));
        declLines.add(s.declarationLines(k));
      }
    };
    g.forEachStoredSummary(vertices);
    for (int at = 0; at < all.size(); at++) {
      if (declarations[at] < 0) {
        GraphSummary s = g.summary(all.get(at), nav);
        if (s != null) {
          vertices.accept(all.get(at), s);
        }
      }
    }
    // vertices in path order: a file's top level, then its declarations in source order
    Ids ids = new Ids();
    IntList nodeFile = new IntList();
    IntList nodeOrd = new IntList();
    IntList nodeLines = new IntList();
    List<String> files = new ArrayList<>();
    IntList fileLines = new IntList();
    for (int at = 0; at < all.size(); at++) {
      if (declarations[at] < 0) {
        continue;
      }
      int file = files.size();
      files.add(all.get(at));
      fileLines.add(lines[at]);
      nodeFile.add(file);
      nodeOrd.add(-1);
      nodeLines.add(lines[at]);
      for (int k = from[at]; k < from[at] + declarations[at]; k++) {
        ids.add(declIds.values[k], nodeFile.size());
        nodeFile.add(file);
        nodeOrd.add(declOrdinals.values[k]);
        nodeLines.add(declLines.values[k]);
      }
    }
    declIds.values = null;
    declOrdinals.values = null;
    declLines.values = null;
    ids.sort();
    WholeGraph w = new WholeGraph(nodeFile.size(), files.size(), symbols);
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
    // pass 2, in the walk's order again: each file's edges
    ImportTargets imports = new ImportTargets(g.allPaths());
    LongList rows = new LongList();
    IntList folded = new IntList();
    boolean[] done = new boolean[files.size()];
    java.util.function.BiConsumer<String, GraphSummary> edges = (path, s) -> {
      Integer file = w.fileIndex.get(path);
      if (file == null || s == null || done[file]) {
        return;
      }
      g.check();
      done[file] = true;
      w.addEdges(s, file, ids, imports, rows, folded);
    };
    g.forEachStoredSummary(edges);
    for (int file = 0; file < files.size(); file++) {
      if (!done[file]) {
        edges.accept(files.get(file), g.summary(files.get(file), nav));
      }
    }
    return w;
  }

  /** A growable long array. */
  private static final class LongList {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
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
  static final class Ids {
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

    /**
     * Where each bucket of ids starts: a bucket is the top {@code bits} bits of an id in unsigned order (ids
     * are hashes, so about two per bucket), and a lookup searches only its bucket, a few adjacent entries,
     * instead of binary-searching millions (Linux: 8 M ids, 23 cache misses a lookup).
     */
    private int[] buckets;
    private int shift;

    /**
     * Sorts by (id, node) and builds the bucket directory in one counting pass: entries are scattered to
     * their buckets in the order they were added (so by node), then each bucket, a few entries, is sorted by
     * id. Linux's 8 M ids: two linear passes instead of a quicksort of 8 M pairs.
     */
    void sort() {
      int bits = Math.max(1, Math.min(24, 32 - Integer.numberOfLeadingZeros(Math.max(1, size / 2))));
      shift = 64 - bits;
      buckets = new int[(1 << bits) + 1];
      for (int i = 0; i < size; i++) {
        buckets[bucket(ids[i]) + 1]++;
      }
      for (int b = 0; b < (1 << bits); b++) {
        buckets[b + 1] += buckets[b];
      }
      long[] sortedIds = new long[size];
      int[] sortedNodes = new int[size];
      for (int i = 0; i < size; i++) {
        int at = buckets[bucket(ids[i])]++; // the directory serves as the buckets' write cursors
        sortedIds[at] = ids[i];
        sortedNodes[at] = nodes[i];
      }
      ids = sortedIds;
      nodes = sortedNodes;
      // each cursor now stands at its bucket's end, the next bucket's start: shift them back one
      System.arraycopy(buckets, 0, buckets, 1, 1 << bits);
      buckets[0] = 0;
      for (int b = 0; b < (1 << bits); b++) {
        // insertion sort by id, stable, so equal ids stay in node order
        for (int i = buckets[b] + 1; i < buckets[b + 1]; i++) {
          for (int j = i; j > buckets[b] && less(ids[j], nodes[j], ids[j - 1], nodes[j - 1]); j--) {
            swap(j, j - 1);
          }
        }
      }
    }

    /** The bucket of an id: its top bits once the sign bit is flipped, so buckets follow the signed sort. */
    private int bucket(long id) {
      return (int) ((id ^ Long.MIN_VALUE) >>> shift);
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
      int b = bucket(id);
      int lo = buckets[b];
      int hi = buckets[b + 1] - 1;
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

  /** An import statement's file edge, in a row of {@link #addEdges}: no summary edge. */
  private static final int IMPORT_STATEMENT = Integer.MAX_VALUE;

  /**
   * A file's rows: each of its vertices' successors, from its summary's edges whose targets are vertices
   * (ids of declarations elsewhere, ambiguous names and library members are not), and its file edges,
   * those edges' files and its imports' files. A row is sorted as (successor, summary edge) pairs in a
   * long each and equal successors fold into one edge.
   */
  private void addEdges(GraphSummary s, int file, Ids ids, ImportTargets imports, LongList row, IntList folded) {
    int first = firstNode[file];
    int[] to = new int[s.edgeCount()];
    for (int e = 0; e < to.length; e++) {
      to[e] = ids.get(s.edgeTarget(e));
    }
    int e = 0;
    for (int vertex = first; vertex < firstNode[file + 1]; vertex++) {
      if (!symbols) {
        symbolOut[vertex] = NONE;
        continue;
      }
      row.size = 0;
      for (; e < to.length && first + s.edgeFrom(e) == vertex; e++) {
        if (to[e] >= 0 && to[e] != vertex && s.edgeSites(e) > 0) {
          row.add((long) to[e] << 32 | e);
        }
      }
      symbolOut[vertex] = fold(row, s, symbolData, vertex, false, folded);
    }
    row.size = 0;
    for (e = 0; e < to.length; e++) {
      if (to[e] >= 0 && fileOfNode[to[e]] != file) {
        row.add((long) fileOfNode[to[e]] << 32 | e);
      }
    }
    String path = files.get(file);
    for (int i = 0; i < s.importCount(); i++) {
      for (String target : imports.resolve(path, s.family(), s.importModule(i), s.importName(i))) {
        Integer t = fileIndex.get(target);
        if (t != null && t != file) {
          row.add((long) t << 32 | IMPORT_STATEMENT);
        }
      }
    }
    fileOut[file] = fold(row, s, fileData, file, true, folded);
  }

  /** Sorts a row's (successor, summary edge) pairs and appends one aggregate per successor. */
  private static int[] fold(LongList row, GraphSummary s, EdgeData data, int vertex, boolean withImports, IntList out) {
    Arrays.sort(row.values, 0, row.size);
    out.size = 0;
    data.start[vertex] = data.size;
    for (int k = 0; k < row.size; ) {
      int t = (int) (row.values[k] >>> 32);
      Agg a = new Agg();
      for (; k < row.size && (int) (row.values[k] >>> 32) == t; k++) {
        int e = (int) row.values[k];
        if (e == IMPORT_STATEMENT) {
          a.imported = true;
          continue;
        }
        a.sites += s.edgeSites(e);
        a.roles |= s.edgeRoles(e);
        if (s.edgeBest(e).ordinal() < a.best.ordinal()) {
          a.best = s.edgeBest(e);
        }
        a.imported |= withImports && s.edgeImported(e);
      }
      out.add(t);
      data.add(a);
    }
    return out.size == 0 ? NONE : Arrays.copyOf(out.values, out.size);
  }
}
