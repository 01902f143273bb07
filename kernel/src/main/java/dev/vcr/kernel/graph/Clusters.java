package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Cluster;
import dev.vcr.kernel.graph.GraphResults.ClusterLink;
import dev.vcr.kernel.graph.GraphResults.ClustersResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.alg.clustering.LabelPropagationClustering;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Groups of files that belong together: JGraphT's label propagation over the file graph taken as
 * undirected (a file joins the group most of its neighbours are in). Its random order comes from a fixed
 * seed and the vertices are added in path order, so the same index gives the same groups. Files without
 * dependencies are left out. Groups are listed biggest first, with the number of file edges between them;
 * a page of groups lists the links from its groups to later ones, so each link is on one page.
 */
final class Clusters {
  private static final long SEED = 11;
  private static final int MAX_ITERATIONS = 100;

  private Clusters() {}

  static ClustersResult of(WholeGraph w, int limit, int offset) {
    Graph<Integer, DefaultEdge> ug = new SimpleGraph<>(DefaultEdge.class);
    for (int i = 0; i < w.fileOut.length; i++) {
      for (int t : w.fileOut[i]) {
        ug.addVertex(i);
        ug.addVertex(t);
        if (!ug.containsEdge(i, t)) {
          ug.addEdge(i, t);
        }
      }
    }
    List<int[]> groups = new ArrayList<>();
    if (ug.vertexSet().size() > 0) {
      for (Set<Integer> c : new LabelPropagationClustering<>(ug, MAX_ITERATIONS, new Random(SEED)).getClustering()) {
        groups.add(c.stream().mapToInt(Integer::intValue).sorted().toArray());
      }
    }
    groups.sort(Comparator.<int[]>comparingInt(c -> -c.length).thenComparingInt(c -> c[0]));
    int[] groupOf = new int[w.files.size()];
    java.util.Arrays.fill(groupOf, -1);
    for (int gi = 0; gi < groups.size(); gi++) {
      for (int f : groups.get(gi)) {
        groupOf[f] = gi;
      }
    }
    int[] internal = new int[groups.size()];
    Map<Long, Integer> between = new TreeMap<>();
    for (int i = 0; i < w.fileOut.length; i++) {
      for (int t : w.fileOut[i]) {
        int a = groupOf[i];
        int b = groupOf[t];
        if (a == b) {
          internal[a]++;
        } else {
          between.merge(WholeGraph.key(Math.min(a, b), Math.max(a, b)), 1, Integer::sum);
        }
      }
    }
    Page page = Page.of(groups.size(), offset, limit);
    List<Cluster> out = new ArrayList<>();
    for (int gi = page.from(); gi < page.to(); gi++) {
      List<String> files = new ArrayList<>();
      for (int f : groups.get(gi)) {
        files.add(w.files.get(f));
      }
      out.add(new Cluster(gi + 1, files.size(), files, internal[gi]));
    }
    List<ClusterLink> links = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : between.entrySet()) {
      int a = (int) (e.getKey() >>> 32); // the lower group; each link is listed with it, on its page
      int b = (int) (long) e.getKey();
      if (a >= page.from() && a < page.to()) {
        links.add(new ClusterLink(a + 1, b + 1, e.getValue()));
      }
    }
    return new ClustersResult(groups.size(), page.from(), page.truncated(), page.cursor(), out, links);
  }
}
