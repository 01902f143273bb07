package dev.vcr.lsp.features;

import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.query.Results.SymbolTree;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** {@code workspace/symbol} and {@code textDocument/documentSymbol}. */
public final class SymbolsHandler {
  /** At most this many workspace symbols per answer; clients re-query as the user types. */
  public static final int WORKSPACE_SYMBOL_LIMIT = 256;

  private SymbolsHandler() {}

  public static List<WorkspaceSymbol> workspace(QueryContext ctx, WorkspaceSymbolParams params) {
    if (!ctx.hasWorkspace()) {
      return List.of();
    }
    String query = params == null || params.getQuery() == null ? "" : params.getQuery();
    List<SymbolMatch> matches = ctx.nav().workspaceSymbols(query, WORKSPACE_SYMBOL_LIMIT);
    ctx.check();
    List<WorkspaceSymbol> out = new ArrayList<>(matches.size());
    for (SymbolMatch m : matches) {
      out.add(ctx.to().workspaceSymbol(m));
    }
    return out;
  }

  public static List<Either<SymbolInformation, DocumentSymbol>> document(QueryContext ctx, DocumentSymbolParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    List<SymbolTree> trees = ctx.nav().documentSymbols(doc.key());
    List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
    if (ctx.client().hierarchicalSymbols()) {
      for (SymbolTree t : trees) {
        out.add(Either.forRight(ctx.to().documentSymbol(t)));
      }
    } else {
      List<SymbolInformation> flat = new ArrayList<>();
      ctx.to().symbolInformation(doc.key(), trees, null, flat);
      for (SymbolInformation s : flat) {
        out.add(Either.forLeft(s));
      }
    }
    return out;
  }
}
