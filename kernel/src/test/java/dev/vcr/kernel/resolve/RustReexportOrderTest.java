package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A Rust resolver's answers do not depend on the order it is asked in. A module's globs are read only for
 * the module a use names, not for one a re-export leads through; the resolver once kept what a nested
 * lookup found (without the globs) as the module's answer, so a use of {@code m1::X} found {@code X} or not
 * depending on whether a use of {@code m2::X} (re-exported from {@code m1}) had been resolved first, and
 * the two threads of a link pass gave rustc's library/ a different index hash in each run.
 */
class RustReexportOrderTest {
  private static final Map<String, String> FILES = Map.of(
      "src/lib.rs", "mod inner;\npub mod m1;\npub mod m2;\nmod use1;\nmod use2;\n",
      "src/inner.rs", "pub struct X;\n",
      "src/m1.rs", "pub use crate::inner::*;\n",
      "src/m2.rs", "pub use crate::m1::X;\n",
      "src/use1.rs", "fn f() -> crate::m1::X { crate::m1::X }\n",
      "src/use2.rs", "fn g() -> crate::m2::X { crate::m2::X }\n");

  private static Lookup lookup() {
    InMemoryLookup lookup = new InMemoryLookup();
    FILES.forEach((p, text) -> lookup.add(p, Language.RUST, text));
    return lookup;
  }

  /** Where each use of X in the files resolves, asked in this order of files by one resolver. */
  private static Map<String, String> answers(List<String> order) {
    Lookup lookup = lookup();
    RustResolver resolver = new RustResolver(lookup);
    Map<String, String> out = new TreeMap<>();
    for (String path : order) {
      FileFacts f = lookup.facts(path);
      TreeSet<String> found = new TreeSet<>();
      for (Reference r : f.references()) {
        if (r.name().equals("X")) {
          resolver.resolve(path, f, r).ifPresent(hits -> hits.forEach(h -> found.add(h.path())));
        }
      }
      out.put(path, found.toString());
      resolver.endOfFile();
    }
    return out;
  }

  @Test
  void answersDoNotDependOnWhichUseWasResolvedFirst() {
    Map<String, String> first = answers(List.of("src/use1.rs", "src/use2.rs"));
    Map<String, String> second = answers(List.of("src/use2.rs", "src/use1.rs"));
    assertEquals(first, second);
    assertEquals("[src/inner.rs]", first.get("src/use1.rs"), "m1::X is inner's X, through m1's glob");
  }
}
