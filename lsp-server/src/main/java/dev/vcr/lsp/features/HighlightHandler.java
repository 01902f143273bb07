package dev.vcr.lsp.features;

import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.Highlight;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.DocumentHighlightParams;

/** {@code textDocument/documentHighlight}: the occurrences in the document of what the position names. */
public final class HighlightHandler {
  private HighlightHandler() {}

  public static List<DocumentHighlight> find(QueryContext ctx, DocumentHighlightParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    List<DocumentHighlight> out = new ArrayList<>();
    for (Highlight h : ctx.nav().highlights(pos)) {
      out.add(new DocumentHighlight(ctx.to().range(h.span()),
          h.write() ? DocumentHighlightKind.Write : DocumentHighlightKind.Read));
    }
    return out;
  }
}
