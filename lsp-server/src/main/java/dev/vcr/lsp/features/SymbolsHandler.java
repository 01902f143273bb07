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

  /** Bigger files wait for the index (a document this large is not parsed when open either). */
  private static final long MAX_DISK_PARSE_BYTES = 2L << 20;

  private static List<SymbolTree> fromDisk(QueryContext ctx, String key) {
    java.util.Optional<java.nio.file.Path> file = ctx.file(key);
    if (file.isEmpty()) {
      return List.of();
    }
    java.util.Optional<dev.vcr.kernel.lang.Language> language =
        dev.vcr.kernel.lang.Language.forFileName(file.get().getFileName().toString());
    try {
      if (language.isEmpty() || !java.nio.file.Files.isRegularFile(file.get())
          || java.nio.file.Files.size(file.get()) > MAX_DISK_PARSE_BYTES) {
        return List.of();
      }
      byte[] bytes = java.nio.file.Files.readAllBytes(file.get());
      ctx.check();
      return dev.vcr.kernel.query.Navigator.symbolTrees(
          dev.vcr.kernel.extract.SymbolExtractor.extract(language.get(), bytes));
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  public static List<Either<SymbolInformation, DocumentSymbol>> document(QueryContext ctx, DocumentSymbolParams params) {
    QueryContext.Doc doc = ctx.documentOrFile(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    List<SymbolTree> trees;
    dev.vcr.kernel.model.FileFacts facts = ctx.nav().facts(doc.key());
    if (facts != null) {
      trees = dev.vcr.kernel.query.Navigator.symbolTrees(facts);
    } else {
      // Neither open nor indexed yet (a cold index is running): parse the saved file now rather than wait.
      trees = fromDisk(ctx, doc.key());
    }
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
