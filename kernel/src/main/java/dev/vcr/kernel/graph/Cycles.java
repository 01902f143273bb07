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

/**
 * Strongly connected components of the file graph or of the call graph, biggest first, each with the edges
 * that close its cycles: the back edges of a depth-first walk from its first member, successors in order.
 * Removing them leaves the component without a cycle. A function calling itself is not reported
 * (components of one).
 *
 * <p>The components are found by an iterative Tarjan walk over the graph's int adjacency arrays, not with
 * JGraphT: copying a workspace's call graph into JGraphT's object graph (an object per edge) cost more
 * than the whole rest of the query on java.base, and 40 lines of arrays need no copy.
 */
final class Cycles {
  static final int EDGE_CAP = 100;

  private Cycles() {}

  /**
   * The components, biggest first, then by first member; only those holding {@code file} (a path: one of
   * its symbols in the call graph) when it is not null; the page after the first {@code offset}.
   */
  static CyclesResult of(WholeGraph w, String graph, int limit, int offset, String file, CodeGraph g) {
    boolean files = !"calls".equals(graph);
    int[][] succ = files ? w.fileOut : callsOnly(w);
    g.check();
    List<int[]> components = components(succ);
    if (file != null) {
      Integer fi = w.fileIndex.get(file);
      components.removeIf(c -> fi == null || !holds(w, files, c, fi));
    }
    components.sort(Comparator.<int[]>comparingInt(c -> -c.length).thenComparingInt(c -> c[0]));
    Page page = Page.of(components.size(), offset, limit);
    List<Cycle> out = new ArrayList<>();
    for (int[] c : components.subList(page.from(), page.to())) {
      g.check();
      out.add(cycle(w, g, files, succ, c));
    }
    return new CyclesResult(files ? "files" : "calls", file, components.size(), page.from(), page.truncated(),
        page.cursor(), out);
  }

  private static boolean holds(WholeGraph w, boolean files, int[] component, int file) {
    for (int m : component) {
      if ((files ? m : w.fileOfNode[m]) == file) {
        return true;
      }
    }
    return false;
  }

  /** The strongly connected components of more than one vertex, each sorted (iterative Tarjan). */
  static List<int[]> components(int[][] succ) {
    int n = succ.length;
    int[] index = new int[n];
    Arrays.fill(index, -1);
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int[] calls = new int[n];
    int[] next = new int[n];
    int sp = 0;
    int counter = 0;
    List<int[]> out = new ArrayList<>();
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0 || succ[root].length == 0) {
        continue;
      }
      int csp = 0;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      calls[csp] = root;
      next[csp++] = 0;
      while (csp > 0) {
        int v = calls[csp - 1];
        if (next[csp - 1] < succ[v].length) {
          int w = succ[v][next[csp - 1]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = true;
            calls[csp] = w;
            next[csp++] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        csp--;
        if (csp > 0) {
          int u = calls[csp - 1];
          low[u] = Math.min(low[u], low[v]);
        }
        if (low[v] == index[v]) {
          int start = sp - 1;
          while (stack[start] != v) {
            start--;
          }
          if (sp - start > 1) {
            int[] c = Arrays.copyOfRange(stack, start, sp);
            Arrays.sort(c);
            out.add(c);
          }
          for (int i = start; i < sp; i++) {
            onStack[stack[i]] = false;
          }
          sp = start;
        }
      }
    }
    return out;
  }

  private static int[][] callsOnly(WholeGraph w) {
    int[][] out = new int[w.symbolOut.length][];
    for (int i = 0; i < out.length; i++) {
      int from = i;
      out[i] = w.symbolOut[i].length == 0 ? w.symbolOut[i]
          : Arrays.stream(w.symbolOut[i]).filter(t -> w.symbolEdge(from, t).calls()).toArray();
    }
    return out;
  }

  private static Cycle cycle(WholeGraph w, CodeGraph g, boolean files, int[][] succ, int[] members) {
    List<String> names = new ArrayList<>();
    List<SymbolRef> symbols = files ? null : new ArrayList<>();
    for (int m : members) {
      names.add(key(w, g, files, m));
      if (!files) {
        symbols.add(g.ref(w.node(m)));
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
    return files ? w.files.get(i) : g.key(w.node(i));
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
