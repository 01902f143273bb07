package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Cycle;
import dev.vcr.kernel.graph.GraphResults.CyclesResult;
import dev.vcr.kernel.graph.GraphResults.Edge;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Strongly connected components (JGraphT's Kosaraju) of the file graph or of the call graph, biggest
 * first, each with the edges that close its cycles: the back edges of a depth-first walk from its first
 * member, successors in order. Removing them leaves the component without a cycle. A function calling
 * itself is not reported (components of one).
 */
final class Cycles {
  static final int EDGE_CAP = 100;

  private Cycles() {}

  static CyclesResult of(WholeGraph w, String graph, int limit, CodeGraph g) {
    boolean files = !"calls".equals(graph);
    int n = files ? w.files.size() : w.nodes.size();
    int[][] succ = files ? w.fileOut : callsOnly(w);
    Graph<Integer, DefaultEdge> jg = new DefaultDirectedGraph<>(DefaultEdge.class);
    for (int i = 0; i < n; i++) {
      if (succ[i].length > 0) {
        jg.addVertex(i);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int t : succ[i]) {
        jg.addVertex(t);
        jg.addEdge(i, t);
      }
    }
    g.check();
    List<int[]> components = new ArrayList<>();
    for (Set<Integer> c : new KosarajuStrongConnectivityInspector<>(jg).stronglyConnectedSets()) {
      if (c.size() > 1) {
        int[] members = c.stream().mapToInt(Integer::intValue).sorted().toArray();
        components.add(members);
      }
    }
    components.sort(Comparator.<int[]>comparingInt(c -> -c.length).thenComparingInt(c -> c[0]));
    List<Cycle> out = new ArrayList<>();
    for (int[] c : components.subList(0, Math.min(Math.max(0, limit), components.size()))) {
      g.check();
      out.add(cycle(w, g, files, succ, c));
    }
    return new CyclesResult(files ? "files" : "calls", components.size(), components.size() > out.size(), out);
  }

  private static int[][] callsOnly(WholeGraph w) {
    int[][] out = new int[w.symbolOut.length][];
    for (int i = 0; i < out.length; i++) {
      int from = i;
      out[i] = Arrays.stream(w.symbolOut[i]).filter(t -> w.symbolEdge(from, t).calls()).toArray();
    }
    return out;
  }

  private static Cycle cycle(WholeGraph w, CodeGraph g, boolean files, int[][] succ, int[] members) {
    List<String> names = new ArrayList<>();
    List<SymbolRef> symbols = files ? null : new ArrayList<>();
    for (int m : members) {
      names.add(key(w, g, files, m));
      if (!files) {
        symbols.add(g.ref(w.nodes.get(m)));
      }
    }
    int edgeCount = 0;
    List<Edge> edges = new ArrayList<>();
    for (int m : members) {
      for (int t : succ[m]) {
        if (Arrays.binarySearch(members, t) >= 0) {
          edgeCount++;
          if (edges.size() < EDGE_CAP) {
            edges.add(edge(w, g, files, m, t));
          }
        }
      }
    }
    List<Edge> closing = new ArrayList<>();
    for (int[] e : backEdges(succ, members)) {
      closing.add(edge(w, g, files, e[0], e[1]));
    }
    List<String> shortest = new ArrayList<>();
    for (int m : shortestCycle(succ, members)) {
      shortest.add(key(w, g, files, m));
    }
    return new Cycle(members.length, names, symbols, edgeCount, edges, closing, shortest);
  }

  private static String key(WholeGraph w, CodeGraph g, boolean files, int i) {
    return files ? w.files.get(i) : g.key(w.nodes.get(i));
  }

  private static Edge edge(WholeGraph w, CodeGraph g, boolean files, int from, int to) {
    WholeGraph.Agg a = files ? w.fileEdge(from, to) : w.symbolEdge(from, to);
    return new Edge(key(w, g, files, from), key(w, g, files, to), a.role(), CodeGraph.confidence(a.best), a.sites);
  }

  /** The back edges of an iterative depth-first walk inside the component, from its first member. */
  static List<int[]> backEdges(int[][] succ, int[] members) {
    List<int[]> out = new ArrayList<>();
    int[] state = new int[members.length]; // 0 new, 1 on the stack, 2 done
    ArrayDeque<int[]> stack = new ArrayDeque<>(); // member position, next successor index
    state[0] = 1;
    stack.push(new int[] {0, 0});
    while (!stack.isEmpty()) {
      int[] top = stack.peek();
      int v = members[top[0]];
      if (top[1] >= succ[v].length) {
        state[top[0]] = 2;
        stack.pop();
        continue;
      }
      int t = succ[v][top[1]++];
      int pos = Arrays.binarySearch(members, t);
      if (pos < 0) {
        continue;
      }
      if (state[pos] == 1) {
        out.add(new int[] {v, t});
      } else if (state[pos] == 0) {
        state[pos] = 1;
        stack.push(new int[] {pos, 0});
      }
    }
    return out;
  }

  /** A shortest cycle through the component's first member, as its members in order (first not repeated). */
  static List<Integer> shortestCycle(int[][] succ, int[] members) {
    int start = members[0];
    int[] parent = new int[members.length];
    Arrays.fill(parent, -2);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    parent[0] = -1;
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int t : succ[v]) {
        if (t == start) {
          List<Integer> path = new ArrayList<>();
          for (int x = v; x != -1; x = parent[Arrays.binarySearch(members, x)]) {
            path.add(0, x);
          }
          return path;
        }
        int pos = Arrays.binarySearch(members, t);
        if (pos >= 0 && parent[pos] == -2) {
          parent[pos] = v;
          queue.add(t);
        }
      }
    }
    return List.of(start);
  }
}
