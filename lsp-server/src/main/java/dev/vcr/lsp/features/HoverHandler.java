package dev.vcr.lsp.features;

import dev.vcr.kernel.graph.GraphResults;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.FilePosition;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * {@code textDocument/hover}: the signature and documentation comment of the declaration the position
 * names, as written in its source (the first one, where resolution offers several); null where there is none.
 */
public final class HoverHandler {
  private HoverHandler() {}

  public static Hover find(QueryContext ctx, HoverParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return null;
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    Navigator nav = ctx.nav();
    Optional<Navigator.Target> target = nav.targetAt(pos);
    if (target.isEmpty()) {
      return null;
    }
    List<DefHit> decls = nav.declarationsLenient(target.get());
    if (decls.isEmpty()) {
      return null;
    }
    ctx.check();
    DefHit d = decls.get(0);
    GraphResults.Summary s = ctx.graph().summary(d);
    String lang = nav.facts(d.path()) == null ? "" : nav.facts(d.path()).language().id();
    StringBuilder md = new StringBuilder();
    String signature = s.signature() != null ? s.signature()
        : d.definition().kind().name().toLowerCase(java.util.Locale.ROOT) + " " + d.definition().name();
    md.append("```").append(lang).append('\n').append(signature).append("\n```");
    if (decls.size() > 1) {
      md.append("\n\n(").append(decls.size() - 1).append(" more declaration").append(decls.size() > 2 ? "s" : "")
          .append(" of this name)");
    }
    if (s.doc() != null && !s.doc().isBlank()) {
      md.append("\n\n---\n\n").append(s.doc());
    }
    Span origin = target.get().ref() != null ? target.get().ref().span() : target.get().def().nameSpan();
    return new Hover(new MarkupContent(MarkupKind.MARKDOWN, md.toString()), ctx.to().range(origin));
  }
}
