package dev.vcr.lsp.features;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.FilePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code textDocument/definition} and {@code textDocument/declaration} (Vcr does not tell a C prototype from
 * its definition yet, so both answer alike): the definitions the symbol at a position stands for. Answers with
 * {@code LocationLink}s (target range = whole definition, selection = its name) when the client supports
 * them, else with the names' {@code Location}s.
 */
public final class DefinitionHandler {
  private DefinitionHandler() {}

  public static Either<List<? extends Location>, List<? extends LocationLink>> find(QueryContext ctx,
      TextDocumentPositionParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    boolean links = ctx.client().linkSupport();
    if (doc.ignored()) {
      return links ? Either.forRight(List.of()) : Either.forLeft(List.of());
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    Navigator nav = ctx.nav();
    Optional<Navigator.Target> target = nav.targetAt(pos);
    if (target.isEmpty()) {
      return links ? Either.forRight(List.of()) : Either.forLeft(List.of());
    }
    ctx.check();
    List<DefHit> decls = nav.declarationsLenient(target.get());
    Span origin = target.get().ref() != null ? target.get().ref().span() : target.get().def().nameSpan();
    if (links) {
      List<LocationLink> out = new ArrayList<>();
      for (DefHit d : decls) {
        out.add(ctx.to().link(origin, d.path(), d.definition()));
      }
      return Either.forRight(out);
    }
    List<Location> out = new ArrayList<>();
    for (DefHit d : decls) {
      out.add(ctx.to().location(d.path(), d.definition().nameSpan()));
    }
    return Either.forLeft(out);
  }
}
