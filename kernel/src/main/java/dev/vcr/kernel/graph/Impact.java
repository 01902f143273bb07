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
 * and {@code truncated} says so, with a {@code cursor}: the number of symbols before the next page. Asked
 * again with that {@code offset}, the same walk (deterministic, so the same on the same index) is
 * repeated and the page after it is answered.
 */
final class Impact {
  private final CodeGraph g;
  private final int maxDepth;
  private final int limit;
  private final int offset;
  private final boolean exactOnly;

  Impact(CodeGraph g, int maxDepth, int limit, int offset, boolean exactOnly) {
    this.g = g;
    this.maxDepth = Math.max(0, maxDepth);
    this.limit = Math.max(1, limit);
    this.offset = Math.max(0, offset);
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
    int total = 0;
    int cap = offset + limit;
    boolean truncated = false;
    boolean cut = false;
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty() && !truncated; depth++) {
      TreeMap<Node, TreeMap<String, int[]>> next = new TreeMap<>(); // user -> edge signature -> sites
      for (Node target : frontier) {
        g.check();
        usersOf(target, seen, next);
      }
      List<Node> users = new ArrayList<>(next.keySet());
      if (total + users.size() > cap) {
        users = users.subList(0, cap - total);
        truncated = true;
        cut = true;
      }
      if (users.isEmpty()) {
        break;
      }
      Map<String, Integer> hopFiles = new TreeMap<>();
      List<ImpactNode> nodes = new ArrayList<>();
      for (Node u : users) {
        seen.add(u);
        hopFiles.merge(u.path(), 1, Integer::sum);
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
    return page(rootRefs, hops, truncated, cut ? Integer.valueOf(cap) : null);
  }

  /** The symbols after the first {@code offset}, by hop, with their counts. */
  private ImpactResult page(List<SymbolRef> roots, List<Hop> all, boolean truncated, Integer cursor) {
    List<Hop> hops = new ArrayList<>();
    Map<String, Integer> perFile = new TreeMap<>();
    int skip = offset;
    int total = 0;
    for (Hop h : all) {
      List<ImpactNode> nodes = h.nodes().subList(Math.min(skip, h.nodes().size()), h.nodes().size());
      skip = Math.max(0, skip - h.nodes().size());
      if (nodes.isEmpty()) {
        continue;
      }
      Map<String, Integer> files = new TreeMap<>();
      for (ImpactNode n : nodes) {
        files.merge(n.symbol().path(), 1, Integer::sum);
        perFile.merge(n.symbol().path(), 1, Integer::sum);
      }
      total += nodes.size();
      hops.add(new Hop(h.depth(), nodes.size(), files, new ArrayList<>(nodes)));
    }
    return new ImpactResult(roots, maxDepth, limit, exactOnly, offset, total, truncated, cursor, perFile, hops);
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
