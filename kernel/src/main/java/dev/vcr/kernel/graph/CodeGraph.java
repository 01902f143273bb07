package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.index.GraphSummary;
import dev.vcr.kernel.index.IndexReader;
import dev.vcr.kernel.index.Links;
import dev.vcr.kernel.index.SymbolIds;
import dev.vcr.kernel.model.Confidence;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.SymbolSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The code-graph queries of one request (issue 11): impact, call paths, cycles, hotspots, clusters, stats,
 * detail and context. Built on the same {@link SymbolSource} as the request's {@link Navigator} (the shared
 * index shadowed by a session's unsaved documents) and on the stored links, so it sees what every other
 * request sees. Every traversal is bounded (depth, result limit, a {@code truncated} flag) and ordered by
 * path, then position, so the same index gives the same answer.
 *
 * <p>One instance per request; not thread-safe. {@code check} is called between steps and throws to cancel.
 */
public final class CodeGraph {
  private final SymbolSource source;
  private final IndexReader store;
  private final Supplier<SortedSet<String>> paths;
  private final Function<String, byte[]> text;
  private final Runnable check;
  private final IntFunction<GitHistory.Counts> history;
  private final Navigator nav;
  private final Map<String, Optional<Links>> links = new HashMap<>(); // by path; never iterated
  private WholeGraph whole;

  /**
   * @param paths every file of the workspace as the source sees it (store plus overlay), in path order
   * @param text a file's current text (an unsaved document's, else the file on disk), or null
   * @param history the workspace's git history of the last N commits (per root), for weighted hotspots
   */
  public CodeGraph(SymbolSource source, IndexReader store, Supplier<SortedSet<String>> paths,
      Function<String, byte[]> text, Runnable check, IntFunction<GitHistory.Counts> history) {
    this.source = source;
    this.store = store;
    this.paths = paths;
    this.text = text;
    this.check = check == null ? () -> { } : check;
    this.history = history;
    this.nav = new Navigator(source);
  }

  public Navigator nav() {
    return nav;
  }

  /** The symbols a spec names: {@code path:line[:col]}, a name, or a qualified name ({@link SymbolSpec}). */
  public List<DefHit> find(String spec) {
    return SymbolSpec.find(this, spec);
  }

  public GraphResults.ImpactResult impact(List<DefHit> roots, int maxDepth, int limit, boolean exactOnly) {
    return impact(roots, maxDepth, limit, 0, exactOnly);
  }

  /** The page of impact after the first {@code offset} symbols (a previous answer's {@code cursor}). */
  public GraphResults.ImpactResult impact(List<DefHit> roots, int maxDepth, int limit, int offset, boolean exactOnly) {
    return new Impact(this, maxDepth, limit, offset, exactOnly).run(roots);
  }

  public GraphResults.PathsResult paths(List<DefHit> from, List<DefHit> to, int k, int maxLength, int limit) {
    return paths(from, to, k, maxLength, limit, 0);
  }

  /** The page of {@code k} paths after the first {@code offset} (a previous answer's {@code cursor}). */
  public GraphResults.PathsResult paths(List<DefHit> from, List<DefHit> to, int k, int maxLength, int limit, int offset) {
    return new CallPaths(this, k, maxLength, limit, offset).run(from, to);
  }

  /** {@code graph}: {@code files} (imports, includes and cross-file references) or {@code calls}. */
  public GraphResults.CyclesResult cycles(String graph, int limit) {
    return cycles(graph, limit, 0, null);
  }

  /**
   * The page of components after the first {@code offset}; with {@code file} (a path), only those that hold
   * it (in the call graph: one of its symbols).
   */
  public GraphResults.CyclesResult cycles(String graph, int limit, int offset, String file) {
    return Cycles.of(whole("calls".equals(graph)), graph, limit, offset, file, this);
  }

  public GraphResults.HotspotsResult hotspots(int limit) {
    return hotspots(limit, 0, 0);
  }

  /**
   * The page of hotspots after the first {@code offset}; {@code gitCommits} > 0 weights them by how many of
   * the last {@code gitCommits} commits (per workspace root) touched their files ({@link GitHistory}).
   */
  public GraphResults.HotspotsResult hotspots(int limit, int offset, int gitCommits) {
    GitHistory.Counts h = gitCommits > 0 ? history.apply(gitCommits) : null;
    check();
    return Hotspots.of(whole(true), limit, offset, h, this);
  }

  public GraphResults.ClustersResult clusters(int limit) {
    return clusters(limit, 0);
  }

  public GraphResults.ClustersResult clusters(int limit, int offset) {
    return Clusters.of(whole(false), limit, offset);
  }

  public GraphResults.StatsResult stats() {
    return GraphStats.of(this);
  }

  public GraphResults.Detail detail(DefHit d) {
    return Detail.of(this, d);
  }

  /** Signature and documentation comment only: no neighbour counts, so it costs one file's text. */
  public GraphResults.Summary summary(DefHit d) {
    return Detail.summary(this, d);
  }

  public GraphResults.ContextResult context(DefHit focus, int tokenBudget) {
    return new ContextPack(this, tokenBudget).run(focus);
  }

  // ---------------------------------------------------------------------------------- shared helpers

  /** The whole workspace's symbol and file graphs, built once per request from the stored links. */
  /**
   * The whole graph of this request, built once; with {@code symbols}, also its symbol graph (the file graph
   * alone, for cycles of files and clusters, skips folding millions of symbol edges).
   */
  WholeGraph whole(boolean symbols) {
    if (whole == null || symbols && !whole.hasSymbols()) {
      whole = WholeGraph.build(this, symbols);
    }
    return whole;
  }

  SymbolSource source() {
    return source;
  }

  IndexReader store() {
    return store;
  }

  SortedSet<String> allPaths() {
    return paths.get();
  }

  /** The current text of a file, or null. */
  byte[] text(String path) {
    return text.apply(path);
  }

  void check() {
    check.run();
  }

  /**
   * A file's graph summary as this request sees it: the one stored with its links, else (a session's
   * unsaved document, whose uses are resolved now, or links stored without one) computed from its facts
   * the same way the linker computes it. Null when the file has no facts. Computed ones are kept for the
   * request: the whole graph reads every summary twice.
   */
  GraphSummary summary(String path, Navigator reader) {
    boolean shadowed = source.shadowed().contains(path);
    if (!shadowed) {
      GraphSummary stored = store.graphSummary(path);
      if (stored != null) {
        return stored;
      }
    }
    GraphSummary known = computed.get(path);
    if (known != null) {
      return known;
    }
    FileFacts f = reader.facts(path);
    if (f == null) {
      return null;
    }
    Links l = shadowed ? resolveNow(reader, path, f) : storedLinks(path, f);
    GraphSummary s = GraphSummary.of(f, SymbolIds.of(path, f), l);
    reader.endOfFile();
    computed.put(path, s);
    return s;
  }

  private final Map<String, GraphSummary> computed = new HashMap<>(); // by path; never iterated

  /**
   * The stored summaries this request reads from the store (not those of the session's unsaved documents),
   * by one walk over the store, in its order; nothing when the store cannot list them (the caller then
   * asks {@link #summary} per path).
   */
  void forEachStoredSummary(java.util.function.BiConsumer<String, GraphSummary> each) {
    java.util.Set<String> shadowed = source.shadowed();
    try {
      store.forEachGraphSummary((path, s) -> {
        if (!shadowed.contains(path)) {
          each.accept(path, s);
        }
      });
    } catch (UnsupportedOperationException e) {
      // a reader without the walk: every path is asked for on its own
    }
  }

  /** The links of an unsaved document's uses, resolved now as the linker would store them. */
  private static Links resolveNow(Navigator reader, String path, FileFacts f) {
    List<dev.vcr.kernel.model.Reference> refs = f.references();
    Links.Builder b = new Links.Builder(refs.size());
    for (int r = 0; r < refs.size(); r++) {
      Navigator.Resolution res = reader.resolution(path, f, refs.get(r));
      if (res.local()) {
        continue;
      }
      java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
      for (DefHit d : res.targets()) {
        FileFacts df = reader.facts(d.path());
        long[] dids = df == null ? new long[0] : SymbolIds.of(d.path(), df);
        if (d.ordinal() < dids.length && dids[d.ordinal()] != 0) {
          ids.add(dids[d.ordinal()]);
        }
      }
      if (!ids.isEmpty()) {
        Confidence[] how = new Confidence[ids.size()];
        java.util.Arrays.fill(how, res.how());
        b.set(r, ids.stream().mapToLong(Long::longValue).toArray(), how);
      }
    }
    return b.build();
  }

  /**
   * The stored links of a file, when they belong to the facts this request sees (not for a session's
   * unsaved documents, whose uses are resolved now); null otherwise.
   */
  Links storedLinks(String path, FileFacts f) {
    if (source.shadowed().contains(path)) {
      return null;
    }
    Links l = links.computeIfAbsent(path, p -> Optional.ofNullable(store.links(p))).orElse(null);
    return l != null && l.referenceCount() == f.references().size() ? l : null;
  }

  /** How a use was linked to the symbol {@code id}: from the stored links, else resolved now. */
  Confidence confidence(RefHit h, long id) {
    FileFacts f = nav.facts(h.path());
    if (f == null) {
      return Confidence.NAME;
    }
    Links l = storedLinks(h.path(), f);
    if (l != null) {
      long[] ids = l.targetsOf(h.ordinal());
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == id) {
          return l.confidenceOf(h.ordinal(), i);
        }
      }
      return Confidence.NAME; // linked to the name only (an ambiguous name fallback), resolved again
    }
    return nav.resolution(h.path(), f, h.reference()).how();
  }

  /** A node as an answer shows it. */
  SymbolRef ref(Node n) {
    if (n.isFileLevel()) {
      return fileRef(n.path());
    }
    FileFacts f = nav.facts(n.path());
    if (f == null || n.ordinal() >= f.definitions().size()) {
      return fileRef(n.path());
    }
    return ref(n.path(), f.definitions().get(n.ordinal()));
  }

  static SymbolRef ref(String path, Definition d) {
    return new SymbolRef(d.name(), d.qualifiedName() == null ? d.name() : d.qualifiedName(), d.kind().label(), path,
        d.nameSpan().startLine() + 1, d.nameSpan().startCol16() + 1);
  }

  static SymbolRef fileRef(String path) {
    int slash = path.lastIndexOf('/');
    return new SymbolRef(path.substring(slash + 1), path, "file", path, 1, 1);
  }

  /** The key of a node in edges and cycles: a symbol's location, or a file's path for its top level. */
  String key(Node n) {
    return n.isFileLevel() ? n.path() : ref(n).location();
  }

  static DefHit hit(Node n, FileFacts f) {
    return new DefHit(n.path(), n.ordinal(), f.definitions().get(n.ordinal()));
  }

  /**
   * Whether a reference belongs to an import (the imported name, or a module name in the import statement,
   * which some resolvers link to a same-named declaration): not a use of its own.
   */
  static boolean isImport(FileFacts f, dev.vcr.kernel.model.Reference r) {
    if (r.role() == dev.vcr.kernel.model.RefRole.IMPORT) {
      return true;
    }
    if (r.container() >= 0) {
      return false;
    }
    for (dev.vcr.kernel.model.Import i : f.imports()) {
      if (i.span() != null && i.span().contains(r.span())) {
        return true;
      }
    }
    return false;
  }

  static String role(dev.vcr.kernel.model.RefRole r) {
    return r.label();
  }

  static String confidence(Confidence c) {
    return c.name().toLowerCase(java.util.Locale.ROOT);
  }
}
