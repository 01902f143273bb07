package dev.vcr.lsp.features;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results;
import dev.vcr.kernel.query.Results.FilePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.ReferenceParams;

/** {@code textDocument/references}: the references of the symbol at a position, optionally with its declaration. */
public final class ReferencesHandler {
  private ReferencesHandler() {}

  public static List<Location> find(QueryContext ctx, ReferenceParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    boolean includeDeclaration = params.getContext() != null && params.getContext().isIncludeDeclaration();
    Navigator nav = ctx.nav();
    Optional<Navigator.Target> target = nav.targetAt(pos);
    if (target.isEmpty()) {
      return List.of();
    }
    ctx.check();
    List<DefHit> decls = nav.declarationsOf(target.get());
    ctx.check();
    List<Results.Location> found = new ArrayList<>();
    if (decls.isEmpty()) {
      found.addAll(nav.references(pos, includeDeclaration));
    } else {
      // One definition at a time, so a cancel is noticed between the (possibly large) groups.
      for (DefHit d : decls) {
        found.addAll(nav.referencesOf(List.of(d), includeDeclaration));
        ctx.check();
      }
      if (decls.size() > 1) {
        found.sort(Comparator.comparing(Results.Location::path)
            .thenComparing(Results.Location::span, Span::compareStart));
      }
    }
    PartialResults<Location> out = ctx.answer(params.getPartialResultToken());
    Results.Location last = null;
    for (Results.Location l : found) {
      if (!l.equals(last)) {
        out.add(ctx.to().location(l.path(), l.span()));
      }
      last = l;
      if ((out.size() & 255) == 0) {
        ctx.check();
      }
    }
    return out.finish();
  }
}
