package dev.vcr.lsp.protocol;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * Parameters of the code-graph requests ({@code docs/graph-requests.md}). A symbol is given either by
 * {@code textDocument} and {@code position} (what is there, as for references) or by {@code symbol}: a
 * name, a qualified name, or {@code path:line[:col]} (1-based). Unset numbers take the documented defaults.
 */
public final class GraphParams {
  private GraphParams() {}

  /** Where the symbol is, or what it is called. */
  public static class SymbolParams {
    public TextDocumentIdentifier textDocument;
    public Position position;
    public String symbol;
  }

  public static final class ImpactParams extends SymbolParams {
    public Integer maxDepth;
    public Integer limit;
    /** A previous answer's {@code cursor}: the page after that many symbols. */
    public Integer offset;
    public Boolean exactOnly;
  }

  public static final class PathsParams {
    /** The start: a symbol spec; or, when null, what is at textDocument and position. */
    public String from;
    public TextDocumentIdentifier textDocument;
    public Position position;
    public String to;
    public Integer k;
    public Integer maxLength;
    public Integer limit;
    /** A previous answer's {@code cursor}: the page of {@code k} paths after that many. */
    public Integer offset;
  }

  /** A page of a ranked list: at most {@code limit} after the first {@code offset} (a previous cursor). */
  public static class LimitParams {
    public Integer limit;
    public Integer offset;
  }

  public static final class CyclesParams extends LimitParams {
    /** {@code files} (default) or {@code calls}. */
    public String graph;
    /** Only the components that hold this document (in the call graph: one of its symbols). */
    public TextDocumentIdentifier textDocument;
  }

  public static final class HotspotsParams extends LimitParams {
    /** Weight by change frequency from {@code git log}. */
    public Boolean git;
    /** How many of the latest commits (per workspace root) to read; default 1,000. */
    public Integer gitCommits;
  }

  public static final class ContextParams extends SymbolParams {
    public Integer tokenBudget;
  }
}
