package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Edge;
import dev.vcr.kernel.graph.GraphResults.Hop;
import dev.vcr.kernel.graph.GraphResults.ImpactNode;
import dev.vcr.kernel.graph.GraphResults.ImpactResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The blast radius of symbols: breadth first over "is used by". Hop 1 is every definition (or file top
 * level) with a reference resolved to a root, attributed to the enclosing member ({@code FileFacts.callerOf}),
 * hop 2 their users, and so on. Each symbol appears once, at its first hop, so cycles end the walk. Imports
 * are not edges (the file's uses of the name are). At most {@code limit} symbols; the rest is cut, in order,
 * and {@code truncated} says so.
 */
final class Impact {
  private final CodeGraph g;
  private final int maxDepth;
  private final int limit;
  private final boolean exactOnly;

  Impact(CodeGraph g, int maxDepth, int limit, boolean exactOnly) {
    this.g = g;
    this.maxDepth = Math.max(0, maxDepth);
    this.limit = Math.max(1, limit);
    this.exactOnly = exactOnly;
  }

  ImpactResult run(List<DefHit> roots) {
    List<SymbolRef> rootRefs = new ArrayList<>();
    Set<Node> seen = new HashSet<>();
    List<Node> frontier = new ArrayList<>();
    for (DefHit d : roots) {
      Node n = new Node(d.path(), d.ordinal());
      if (seen.add(n)) {
        frontier.add(n);
      }
    }
    frontier.sort(Node.ORDER);
    for (Node n : frontier) {
      rootRefs.add(g.ref(n));
    }
    List<Hop> hops = new ArrayList<>();
    Map<String, Integer> perFile = new TreeMap<>();
    int total = 0;
    boolean truncated = false;
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty() && !truncated; depth++) {
      TreeMap<Node, TreeMap<String, int[]>> next = new TreeMap<>(); // user -> edge signature -> sites
      for (Node target : frontier) {
        g.check();
        usersOf(target, seen, next);
      }
      List<Node> users = new ArrayList<>(next.keySet());
      if (total + users.size() > limit) {
        users = users.subList(0, limit - total);
        truncated = true;
      }
      if (users.isEmpty()) {
        break;
      }
      Map<String, Integer> hopFiles = new TreeMap<>();
      List<ImpactNode> nodes = new ArrayList<>();
      for (Node u : users) {
        seen.add(u);
        hopFiles.merge(u.path(), 1, Integer::sum);
        perFile.merge(u.path(), 1, Integer::sum);
        String from = g.key(u);
        List<Edge> via = new ArrayList<>();
        for (Map.Entry<String, int[]> e : next.get(u).entrySet()) {
          String[] sig = e.getKey().split("\u0000", 3);
          via.add(new Edge(from, sig[0], sig[1], sig[2], e.getValue()[0]));
        }
        nodes.add(new ImpactNode(g.ref(u), via));
      }
      total += users.size();
      hops.add(new Hop(depth, users.size(), hopFiles, nodes));
      frontier = users;
    }
    if (!truncated && !frontier.isEmpty() && hops.size() == maxDepth) {
      // Stopped by depth: truncated if the next hop would have found anyone.
      TreeMap<Node, TreeMap<String, int[]>> next = new TreeMap<>();
      for (Node target : frontier) {
        usersOf(target, seen, next);
        if (!next.isEmpty()) {
          truncated = true;
          break;
        }
      }
    }
    return new ImpactResult(rootRefs, maxDepth, limit, exactOnly, total, truncated, perFile, hops);
  }

  /** Adds the not yet seen users of {@code target}, each with its edges to it. */
  private void usersOf(Node target, Set<Node> seen, TreeMap<Node, TreeMap<String, int[]>> next) {
    if (target.isFileLevel()) {
      return;
    }
    FileFacts tf = g.nav().facts(target.path());
    if (tf == null || target.ordinal() >= tf.definitions().size()) {
      return;
    }
    DefHit d = CodeGraph.hit(target, tf);
    long id = g.nav().idOf(d);
    String to = g.key(target);
    for (RefHit h : g.nav().referencesTo(d)) {
      RefRole role = h.reference().role();
      FileFacts f = g.nav().facts(h.path());
      if (f == null || CodeGraph.isImport(f, h.reference())) {
        continue;
      }
      Node user = new Node(h.path(), f.callerOf(h.reference().container()));
      if (user.equals(target) || seen.contains(user)) {
        continue;
      }
      Confidence how = g.confidence(h, id);
      if (exactOnly && how != Confidence.EXACT) {
        continue;
      }
      String sig = to + '\u0000' + CodeGraph.role(role) + '\u0000' + CodeGraph.confidence(how);
      next.computeIfAbsent(user, k -> new TreeMap<>()).computeIfAbsent(sig, k -> new int[1])[0]++;
    }
  }
}
