package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;

/** Cycles' own strongly connected components agree with JGraphT's on random graphs, and their closing edges break every cycle. */
class ComponentsTest {
  @Test
  void tarjanOnArraysAgreesWithJGraphT() {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      int n = 1 + random.nextInt(40);
      int[][] succ = new int[n][];
      Graph<Integer, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
      for (int i = 0; i < n; i++) {
        g.addVertex(i);
      }
      for (int i = 0; i < n; i++) {
        TreeSet<Integer> out = new TreeSet<>();
        int degree = random.nextInt(4);
        for (int k = 0; k < degree; k++) {
          int t = random.nextInt(n);
          if (t != i) {
            out.add(t);
            g.addEdge(i, t);
          }
        }
        succ[i] = out.stream().mapToInt(Integer::intValue).toArray();
      }
      Set<List<Integer>> expected = new TreeSet<>(ComponentsTest::compare);
      for (Set<Integer> c : new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
        if (c.size() > 1) {
          expected.add(new ArrayList<>(new TreeSet<>(c)));
        }
      }
      Set<List<Integer>> got = new TreeSet<>(ComponentsTest::compare);
      for (int[] c : Cycles.components(succ)) {
        got.add(Arrays.stream(c).boxed().toList());
        // Without its closing edges a component has no cycle left: it is no longer one component.
        int[][] cut = new int[n][];
        List<int[]> closing = Cycles.backEdges(succ, c);
        for (int i = 0; i < n; i++) {
          int from = i;
          cut[i] = Arrays.stream(succ[i]).filter(t -> closing.stream().noneMatch(e -> e[0] == from && e[1] == t)).toArray();
        }
        for (int[] rest : Cycles.components(cut)) {
          assertEquals(false, Arrays.stream(rest).anyMatch(x -> Arrays.binarySearch(c, x) >= 0) && rest.length > 1
              && Arrays.stream(rest).allMatch(x -> Arrays.binarySearch(c, x) >= 0), "round " + round);
        }
      }
      assertEquals(expected, got, "round " + round);
    }
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    return a.toString().compareTo(b.toString());
  }
}
