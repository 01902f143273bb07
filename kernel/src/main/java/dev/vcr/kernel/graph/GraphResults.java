package dev.vcr.kernel.graph;

import java.util.List;
import java.util.Map;

/**
 * The answers of the code-graph queries ({@link CodeGraph}). Plain records of strings, numbers, lists and
 * sorted maps, so that they serialise to the same JSON in the LSP requests and the command line, and read
 * back from JSON (a command line answered by the daemon). Lines and columns are 1-based, columns in UTF-16
 * code units; a location is {@code path:line:col}.
 */
public final class GraphResults {
  private GraphResults() {}

  /** A symbol (or a file's top level: kind {@code file}) with its location. */
  public record SymbolRef(String name, String qualifiedName, String kind, String path, int line, int col) {
    public String location() {
      return path + ":" + line + ":" + col;
    }
  }

  /**
   * An edge of the graph: {@code from} uses {@code to} ({@code role}: call, new, type, read, inherit...),
   * at {@code sites} places, found with {@code confidence} (exact, inferred or name). Ends are locations.
   */
  public record Edge(String from, String to, String role, String confidence, int sites) {}

  /** One symbol reached by impact, with the edges that reach it from the previous hop. */
  public record ImpactNode(SymbolRef symbol, List<Edge> via) {}

  public record Hop(int depth, int count, Map<String, Integer> perFile, List<ImpactNode> nodes) {}

  /**
   * Transitive callers and users of the roots, by hop; {@code perFile} counts them over all hops. A page of
   * {@code limit} symbols after the first {@code offset}; {@code cursor} (null when the limit cut nothing)
   * is the offset of the next page.
   */
  public record ImpactResult(List<SymbolRef> roots, int maxDepth, int limit, boolean exactOnly, int offset, int total,
      boolean truncated, Integer cursor, Map<String, Integer> perFile, List<Hop> hops) {}

  /** A call path: its symbols from first to last, and the call site of each step. */
  public record CallPath(int length, List<SymbolRef> nodes, List<String> sites) {}

  /**
   * The {@code k} shortest paths after the first {@code offset}; {@code cursor} (null when there are no more)
   * is the offset of the next page. {@code truncated} also says when the walk's limit cut the graph.
   */
  public record PathsResult(List<SymbolRef> from, List<SymbolRef> to, int k, int maxLength, int offset,
      boolean truncated, Integer cursor, List<CallPath> paths) {}

  /**
   * A strongly connected component: its members (files or symbols), every edge inside it (up to a cap),
   * the edges that close its cycles (the back edges of a depth-first walk from its first member: without
   * them it has no cycle), and one shortest cycle through its first member. Members are paths in the file
   * graph and locations in the call graph, where {@code symbols} says what they are.
   */
  public record Cycle(int size, List<String> members, List<SymbolRef> symbols, int edgeCount, List<Edge> edges, List<Edge> closing,
      List<String> shortestCycle) {}

  /**
   * The components (of more than one member), biggest first: {@code components} counts them all (those
   * holding {@code file} when it is set), {@code cycles} is the page after the first {@code offset}, and
   * {@code cursor} (null on the last page) the offset of the next one.
   */
  public record CyclesResult(String graph, String file, int components, int offset, boolean truncated, Integer cursor,
      List<Cycle> cycles) {}

  /**
   * A symbol or file with its fan-in (distinct users), fan-out (distinct uses) and size in lines; with git
   * weighting, {@code changes} is the number of read commits that touched its file (else null), and the
   * score is fan-in × fan-out × (1 + changes).
   */
  public record Hotspot(String name, String kind, String location, int fanIn, int fanOut, int lines, Integer changes,
      long score) {}

  /**
   * Both lists ranked, each paged alike: the items after the first {@code offset}, at most {@code limit};
   * {@code cursor} (null when neither list has more) is the offset of the next page. {@code weighting} is
   * null when git weighting was not asked for, else what was read (or why nothing was, unweighted).
   */
  public record HotspotsResult(int limit, int offset, boolean truncated, Integer cursor, String weighting,
      List<Hotspot> symbols, List<Hotspot> files) {}

  /** A group of files that depend on each other more than on the rest. */
  public record Cluster(int id, int size, List<String> files, int internalEdges) {}

  /** Dependencies between two clusters: how many file edges go from one to the other, either way. */
  public record ClusterLink(int from, int to, int edges) {}

  /**
   * The groups after the first {@code offset}, at most {@code limit}, biggest first ({@code clusters} counts
   * them all); {@code links} are those from a group of this page to a later group, so that every link is on
   * exactly one page. {@code cursor} (null on the last page) is the offset of the next one.
   */
  public record ClustersResult(int clusters, int offset, boolean truncated, Integer cursor, List<Cluster> groups,
      List<ClusterLink> links) {}

  /** Counts per language: files, definitions by kind, references by role; and links by confidence. */
  public record LanguageStats(int files, Map<String, Integer> definitions, Map<String, Integer> references) {}

  public record StatsResult(int files, Map<String, LanguageStats> languages, Map<String, Integer> links) {}

  /** One symbol: signature, documentation comment (or null), location and how many neighbours it has. */
  public record Detail(SymbolRef symbol, String signature, String doc, int callers, int callees, int references,
      int usingFiles) {}

  /** A declaration's signature and documentation comment as written (either may be null), for hover. */
  public record Summary(String signature, String doc) {}

  /** One piece of an agent's context: what it is, why it is there, its text and its estimated tokens. */
  public record ContextItem(String role, SymbolRef symbol, int tokens, boolean cut, String text) {}

  /** How the budget was spent: tokens are estimated as characters / 4, rounded up. */
  public record Budget(int limit, int used, int remaining, int included, int dropped, int droppedTokens) {}

  public record ContextResult(SymbolRef focus, Budget budget, List<ContextItem> items, List<String> droppedItems) {}
}
