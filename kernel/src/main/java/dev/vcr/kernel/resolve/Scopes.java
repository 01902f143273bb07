package dev.vcr.kernel.resolve;

import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Span;

/** Lexical lookups inside one file: scoped names (parameters, locals, type parameters). */
public final class Scopes {
  private Scopes() {}

  /**
   * The innermost parameter, local or type parameter named {@code name} that is declared at or before
   * {@code at} and whose scope contains it; -1 when none.
   */
  public static int local(FileFacts f, String name, Span at) {
    FactsIndex.Locals l = FactsIndex.of(f).locals(name);
    if (l == null) {
      return -1;
    }
    long atStart = FactsIndex.Locals.pack(at.startLine(), at.startCol());
    long atEnd = FactsIndex.Locals.pack(at.endLine(), at.endCol());
    int best = -1;
    long bestStart = 0;
    long bestEnd = 0;
    long[] declared = l.declared();
    long[] starts = l.scopeStart();
    long[] ends = l.scopeEnd();
    for (int k = 0; k < declared.length; k++) {
      long start = starts[k];
      long end = ends[k];
      // declared at or before the use, its scope contains the use, and it is not outside the best so far
      if (declared[k] <= atStart && start <= atStart && atEnd <= end
          && (best < 0 || (bestStart <= start && end <= bestEnd))) {
        best = l.ordinals()[k];
        bestStart = start;
        bestEnd = end;
      }
    }
    return best;
  }
}
