package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Scopes#local}: the innermost scoped declaration of a name that is visible at a use. */
class ScopesTest {
  private static final String GO = """
      package p

      func f(err int) int {
      \tuse(err)
      \terr := a()
      \terr := b()
      \tuse(err)
      \tif x {
      \t\terr := c()
      \t\tuse(err)
      \t}
      \tuse(err)
      \treturn later
      }

      func g() { use(err) }
      """;

  @Test
  void theInnermostVisibleDeclarationWinsAndTheLatestOfOneScope() {
    FileFacts f = SymbolExtractor.extract(Language.GO, GO.getBytes(StandardCharsets.UTF_8));
    // the uses of err, in order, and the line (1-based) of the declaration each must find; 0: none
    int[] expected = {3, 6, 9, 6, 0};
    int k = 0;
    for (Reference r : f.references()) {
      if (!r.name().equals("err")) {
        continue;
      }
      int found = Scopes.local(f, "err", r.span());
      int line = found < 0 ? 0 : f.definitions().get(found).nameSpan().startLine() + 1;
      assertEquals(expected[k], line, "use " + k + " of err, on line " + (r.span().startLine() + 1));
      k++;
    }
    assertEquals(expected.length, k, "uses of err");
    Reference later = f.references().stream().filter(r -> r.name().equals("later")).findFirst().orElseThrow();
    assertEquals(-1, Scopes.local(f, "later", later.span()), "a name without a scoped declaration");
    for (Definition d : f.definitions()) {
      if (d.name().equals("f")) {
        assertEquals(-1, Scopes.local(f, "f", d.nameSpan()), "a function is not a scoped name");
      }
    }
  }
}
