package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.CallPath;
import dev.vcr.kernel.graph.GraphResults.PathsResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.OutgoingCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.YenShortestPathIterator;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * The k shortest call paths from symbols A to symbols B. A breadth-first walk over outgoing calls
 * ({@code Navigator.outgoingCalls}, so unsaved edits count) from A, at most {@code maxLength} calls deep and
 * {@code limit} symbols wide, finds the call graph around A; only the symbols on some path of at most
 * {@code maxLength} calls to B are kept, and JGraphT's Yen algorithm lists the k shortest simple paths in
 * that subgraph. Paths of equal length are ordered by their symbols' locations. A page of {@code k} paths
 * after the first {@code offset} takes Yen's paths up to {@code offset + k + 1} and the rest of that length.
 */
final class CallPaths {
  private static final Node SOURCE = new Node("", -2);
  private static final Node SINK = new Node("", -3);

  private final CodeGraph g;
  private final int k;
  private final int maxLength;
  private final int limit;
  private final int offset;

  CallPaths(CodeGraph g, int k, int maxLength, int limit, int offset) {
    this.g = g;
    this.k = Math.max(1, k);
    this.maxLength = Math.max(1, maxLength);
    this.limit = Math.max(1, limit);
    this.offset = Math.max(0, offset);
  }

  PathsResult run(List<DefHit> from, List<DefHit> to) {
    TreeSet<Node> sources = nodes(from);
    TreeSet<Node> targets = nodes(to);
    // Forward walk: distance from A, and each explored node's callees with the first call site.
    Map<Node, Integer> dist = new HashMap<>();
    TreeMap<Node, TreeMap<Node, Span>> calls = new TreeMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(sources);
    sources.forEach(s -> dist.put(s, 0));
    boolean truncated = false;
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      int d = dist.get(n);
      if (d >= maxLength || targets.contains(n) && d > 0) {
        continue;
      }
      g.check();
      TreeMap<Node, Span> out = new TreeMap<>();
      for (OutgoingCall c : g.nav().outgoingCalls(new CallItem(n.path(), n.ordinal(), definition(n)))) {
        Node m = new Node(c.to().path(), c.to().ordinal());
        out.putIfAbsent(m, c.fromRanges().get(0));
        if (!dist.containsKey(m)) {
          if (dist.size() >= limit) {
            truncated = true;
            continue;
          }
          dist.put(m, d + 1);
          queue.add(m);
        }
      }
      calls.put(n, out);
    }
    // Backward distances to B inside what was explored, then keep the nodes on a short enough path.
    Map<Node, Integer> back = backDistances(calls, targets);
    Graph<Node, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    graph.addVertex(SOURCE);
    graph.addVertex(SINK);
    for (Map.Entry<Node, TreeMap<Node, Span>> e : calls.entrySet()) {
      for (Node m : e.getValue().keySet()) {
        if (onShortPath(e.getKey(), dist, back) && onShortPath(m, dist, back)) {
          graph.addVertex(e.getKey());
          graph.addVertex(m);
          graph.addEdge(e.getKey(), m);
        }
      }
    }
    for (Node s : sources) {
      if (graph.containsVertex(s)) {
        graph.addEdge(SOURCE, s);
      }
    }
    for (Node t : targets) {
      if (graph.containsVertex(t)) {
        graph.addEdge(t, SINK);
      }
    }
    List<List<Node>> lists = new ArrayList<>();
    for (Node s : sources) {
      if (targets.contains(s)) {
        lists.add(List.of(s));
      }
    }
    if (lists.isEmpty()) {
      // The pages before this one, this one, and one more path (to tell whether there are more), then the
      // rest of the last length's paths: Yen yields paths by length, so a page sorted by location is then
      // the same page as in the whole sorted list, whatever the page size.
      int want = (int) Math.min(Integer.MAX_VALUE, (long) offset + k + 1);
      YenShortestPathIterator<Node, DefaultEdge> yen = new YenShortestPathIterator<>(graph, SOURCE, SINK);
      int lastLength = -1;
      while (yen.hasNext() && lists.size() < limit) {
        GraphPath<Node, DefaultEdge> p = yen.next();
        if (lists.size() >= want && p.getLength() > lastLength) {
          break;
        }
        lastLength = p.getLength();
        List<Node> vs = p.getVertexList();
        List<Node> inner = vs.subList(1, vs.size() - 1);
        if (inner.size() - 1 <= maxLength) {
          lists.add(new ArrayList<>(inner));
        }
      }
      lists.sort(Comparator.<List<Node>>comparingInt(List::size).thenComparing(CallPaths::compareLists));
    }
    Page page = Page.of(lists.size(), offset, k);
    List<CallPath> paths = new ArrayList<>();
    for (List<Node> p : lists.subList(page.from(), page.to())) {
      paths.add(callPath(p, calls));
    }
    return new PathsResult(refs(sources), refs(targets), k, maxLength, page.from(), truncated || page.truncated(),
        page.cursor(), paths);
  }

  private CallPath callPath(List<Node> p, Map<Node, TreeMap<Node, Span>> calls) {
    List<SymbolRef> refs = new ArrayList<>();
    List<String> sites = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      refs.add(g.ref(p.get(i)));
      if (i + 1 < p.size()) {
        Span s = calls.get(p.get(i)).get(p.get(i + 1));
        sites.add(p.get(i).path() + ":" + (s.startLine() + 1) + ":" + (s.startCol16() + 1));
      }
    }
    return new CallPath(p.size() - 1, refs, sites);
  }

  private boolean onShortPath(Node n, Map<Node, Integer> dist, Map<Node, Integer> back) {
    Integer a = dist.get(n);
    Integer b = back.get(n);
    return a != null && b != null && a + b <= maxLength;
  }

  private static Map<Node, Integer> backDistances(TreeMap<Node, TreeMap<Node, Span>> calls, TreeSet<Node> targets) {
    Map<Node, List<Node>> callers = new HashMap<>();
    for (Map.Entry<Node, TreeMap<Node, Span>> e : calls.entrySet()) {
      for (Node m : e.getValue().keySet()) {
        callers.computeIfAbsent(m, x -> new ArrayList<>()).add(e.getKey());
      }
    }
    Map<Node, Integer> back = new HashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(targets);
    targets.forEach(t -> back.put(t, 0));
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      for (Node c : callers.getOrDefault(n, List.of())) {
        if (!back.containsKey(c)) {
          back.put(c, back.get(n) + 1);
          queue.add(c);
        }
      }
    }
    return back;
  }

  private static int compareLists(List<Node> a, List<Node> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private dev.vcr.kernel.model.Definition definition(Node n) {
    var f = g.nav().facts(n.path());
    return n.isFileLevel() || f == null ? null : f.definitions().get(n.ordinal());
  }

  private static TreeSet<Node> nodes(List<DefHit> hits) {
    TreeSet<Node> out = new TreeSet<>();
    hits.forEach(h -> out.add(new Node(h.path(), h.ordinal())));
    return out;
  }

  private List<SymbolRef> refs(TreeSet<Node> ns) {
    List<SymbolRef> out = new ArrayList<>();
    ns.forEach(n -> out.add(g.ref(n)));
    return out;
  }
}
