package dev.vcr.lsp.features;

import dev.vcr.kernel.graph.CodeGraph;
import dev.vcr.kernel.graph.GraphResults;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.lsp.protocol.Errors;
import dev.vcr.lsp.protocol.GraphParams;
import java.util.List;

/**
 * The code-graph requests: each finds its symbols (at a position of a document, or by a spec) and asks
 * the kernel's {@link CodeGraph} over the request's snapshot, so unsaved edits count. Answers are the
 * kernel's records, as JSON; defaults and bounds are those of {@code docs/graph-requests.md}.
 */
public final class GraphHandler {
  public static final int DEFAULT_DEPTH = 3;
  public static final int DEFAULT_LIMIT = 200;
  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_TOKENS = 2_000;
  public static final int DEFAULT_GIT_COMMITS = 1_000;

  private GraphHandler() {}

  public static GraphResults.ImpactResult impact(QueryContext ctx, GraphParams.ImpactParams p) {
    List<DefHit> roots = symbols(ctx, p.textDocument, p.position, p.symbol, "symbol");
    return ctx.graph().impact(roots, bounded(p.maxDepth, DEFAULT_DEPTH, 50, "maxDepth"),
        bounded(p.limit, DEFAULT_LIMIT, MAX_LIMIT, "limit"), offset(p.offset),
        Boolean.TRUE.equals(p.exactOnly));
  }

  public static GraphResults.PathsResult paths(QueryContext ctx, GraphParams.PathsParams p) {
    List<DefHit> from = symbols(ctx, p.textDocument, p.position, p.from, "from");
    if (p.to == null) {
      throw Errors.invalidParams("missing to");
    }
    List<DefHit> to = symbols(ctx, null, null, p.to, "to");
    return ctx.graph().paths(from, to, bounded(p.k, 3, 100, "k"), bounded(p.maxLength, 8, 50, "maxLength"),
        bounded(p.limit, 5_000, 100_000, "limit"), offset(p.offset));
  }

  public static GraphResults.CyclesResult cycles(QueryContext ctx, GraphParams.CyclesParams p) {
    String graph = p == null || p.graph == null ? "files" : p.graph;
    if (!graph.equals("files") && !graph.equals("calls")) {
      throw Errors.invalidParams("graph must be \"files\" or \"calls\", not \"" + graph + "\"");
    }
    String file = p == null || p.textDocument == null ? null : ctx.document(p.textDocument).key();
    return ctx.graph().cycles(graph, limit(p), offset(p == null ? null : p.offset), file);
  }

  public static GraphResults.HotspotsResult hotspots(QueryContext ctx, GraphParams.HotspotsParams p) {
    boolean git = p != null && Boolean.TRUE.equals(p.git);
    int commits = bounded(p == null ? null : p.gitCommits, DEFAULT_GIT_COMMITS, 1_000_000, "gitCommits");
    return ctx.graph().hotspots(limit(p), offset(p == null ? null : p.offset), git ? Math.max(1, commits) : 0);
  }

  public static GraphResults.ClustersResult clusters(QueryContext ctx, GraphParams.LimitParams p) {
    return ctx.graph().clusters(limit(p), offset(p == null ? null : p.offset));
  }

  public static GraphResults.ContextResult context(QueryContext ctx, GraphParams.ContextParams p) {
    List<DefHit> focus = symbols(ctx, p.textDocument, p.position, p.symbol, "symbol");
    return ctx.graph().context(focus.get(0), bounded(p.tokenBudget, DEFAULT_TOKENS, 1_000_000, "tokenBudget"));
  }

  public static List<GraphResults.Detail> detail(QueryContext ctx, GraphParams.SymbolParams p) {
    CodeGraph g = ctx.graph();
    return symbols(ctx, p.textDocument, p.position, p.symbol, "symbol").stream().map(g::detail).toList();
  }

  public static GraphResults.StatsResult stats(QueryContext ctx) {
    return ctx.graph().stats();
  }

  /** The declarations a request names: by spec, else at a position; InvalidParams when none. */
  static List<DefHit> symbols(QueryContext ctx, org.eclipse.lsp4j.TextDocumentIdentifier doc,
      org.eclipse.lsp4j.Position position, String spec, String field) {
    List<DefHit> found;
    String what;
    if (spec != null) {
      found = ctx.graph().find(spec);
      what = "\"" + spec + "\"";
    } else if (doc != null && position != null) {
      QueryContext.Doc d = ctx.document(doc);
      FilePosition pos = ctx.position(d, position);
      found = d.ignored() ? List.of() : ctx.nav().targetAt(pos).map(ctx.nav()::declarationsOf).orElse(List.of());
      what = d.key() + ":" + (position.getLine() + 1) + ":" + (position.getCharacter() + 1);
    } else {
      throw Errors.invalidParams("missing " + field + " (or textDocument and position)");
    }
    if (found.isEmpty()) {
      throw Errors.invalidParams("no declaration found for " + what);
    }
    return found;
  }

  /** A whole-graph list's page size: default 20. */
  private static int limit(GraphParams.LimitParams p) {
    return bounded(p == null ? null : p.limit, 20, MAX_LIMIT, "limit");
  }

  private static int offset(Integer offset) {
    return bounded(offset, 0, 1_000_000, "offset");
  }

  private static int bounded(Integer value, int dflt, int max, String field) {
    if (value == null) {
      return dflt;
    }
    if (value < 0 || value > max) {
      throw Errors.invalidParams(field + " must be between 0 and " + max + ", not " + value);
    }
    return value;
  }
}
