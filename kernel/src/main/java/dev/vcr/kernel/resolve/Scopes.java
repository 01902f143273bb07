package dev.vcr.kernel.resolve;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Span;
import java.util.List;

/** Lexical lookups inside one file: scoped names (parameters, locals, type parameters). */
public final class Scopes {
  private Scopes() {}

  /**
   * The innermost parameter, local or type parameter named {@code name} that is declared at or before
   * {@code at} and whose scope contains it; -1 when none.
   */
  public static int local(FileFacts f, String name, Span at) {
    int best = -1;
    Span bestScope = null;
    List<Definition> defs = f.definitions();
    for (int i : FactsIndex.of(f).named(name)) {
      Definition d = defs.get(i);
      if (!d.kind().isLocal() || d.scope() == null) {
        continue;
      }
      boolean declaredBefore = Span.compare(d.nameSpan().startLine(), d.nameSpan().startCol(),
          at.startLine(), at.startCol()) <= 0;
      if (declaredBefore && d.scope().contains(at) && (bestScope == null || bestScope.contains(d.scope()))) {
        best = i;
        bestScope = d.scope();
      }
    }
    return best;
  }
}
