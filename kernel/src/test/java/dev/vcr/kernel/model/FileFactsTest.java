package dev.vcr.kernel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.resolve.FactsIndex;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FileFactsTest {
  private static FileFacts facts(int errors) {
    Span s = new Span(0, 0, 0, 0, 3, 3);
    Definition d = new Definition("A", SymbolKind.CLASS, s, s, -1, "p.A", -1, null, null);
    Reference r = new Reference("B", RefRole.INHERIT, s, 0, null, -1, null);
    return new FileFacts(Language.JAVA, "p", List.of(d), List.of(r), List.of(), errors);
  }

  @Test
  void factsAreValues() {
    assertEquals(facts(0), facts(0));
    assertEquals(facts(0).hashCode(), facts(0).hashCode());
    assertEquals(facts(0).toString(), facts(0).toString());
    assertNotEquals(facts(0), facts(1));
    assertNotEquals(facts(0), FileFacts.empty(Language.JAVA));
  }

  @Test
  void aDerivedValueIsMadeOncePerFactsAndKeptWithThem() {
    FileFacts f = facts(0);
    AtomicInteger made = new AtomicInteger();
    StringBuilder first = f.derived(StringBuilder.class, x -> {
      made.incrementAndGet();
      return new StringBuilder(x.packageName());
    });
    assertSame(first, f.derived(StringBuilder.class, x -> {
      made.incrementAndGet();
      return new StringBuilder();
    }));
    assertEquals(1, made.get());
    // another kind is made at every call and does not displace the kept one
    assertEquals(2, f.derived(Integer.class, x -> made.incrementAndGet()));
    assertEquals(3, f.derived(Integer.class, x -> made.incrementAndGet()));
    assertSame(first, f.derived(StringBuilder.class, x -> new StringBuilder()));
    // equal facts do not share what was derived: each instance keeps its own
    assertEquals(f, facts(0));
    assertEquals(0, facts(0).derived(StringBuilder.class, x -> new StringBuilder()).length());
    // the resolvers' index is kept the same way
    FileFacts g = facts(1);
    assertSame(FactsIndex.of(g), FactsIndex.of(g));
    assertEquals(List.of(g.references().get(0)), FactsIndex.of(g).inherits());
  }
}
