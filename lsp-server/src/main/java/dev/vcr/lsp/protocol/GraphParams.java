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
  }

  public static final class CyclesParams {
    /** {@code files} (default) or {@code calls}. */
    public String graph;
    public Integer limit;
  }

  public static final class LimitParams {
    public Integer limit;
  }

  public static final class ContextParams extends SymbolParams {
    public Integer tokenBudget;
  }
}
