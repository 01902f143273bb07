package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.SymbolKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C function declared static is named only in the files of its translation units: its own and those that
 * include it, directly or not. A call in another file that the resolver cannot tell (its unit is incomplete:
 * an include is missing) falls back to the name, and is linked to every same-named function, static ones
 * too (directly when they are few, to the name when they are many); it is not a reference to a static one.
 */
class InternalLinkageTest {
  @Test
  void aStaticFunctionsUsesAreInTheFilesThatMaySeeIt(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    // Six static helpers (more than the linker links a name fallback to directly) and one call to each.
    for (int i = 0; i < 6; i++) {
      Files.writeString(ws.resolve("s" + i + ".c"),
          "static int helper(void) { return " + i + "; }\nint run" + i + "(void) { return helper(); }\n");
    }
    // s0.c is included by unit.c, which a third file includes: both may call s0.c's helper.
    Files.writeString(ws.resolve("unit.c"), "#include \"s0.c\"\n#include \"missing.h\"\nint u(void) { return helper(); }\n");
    Files.writeString(ws.resolve("outer.c"), "#include \"unit.c\"\nint o(void) { return helper(); }\n");
    // Elsewhere, with an unresolved include: the resolver cannot tell which helper, none of them static's.
    Files.writeString(ws.resolve("x.c"), "#include \"missing.h\"\nint x(void) { return helper(); }\n");
    // Two statics named `pair` (linked directly by the fallback, not to the name) and a use elsewhere.
    Files.writeString(ws.resolve("p1.c"), "static int pair(void) { return 1; }\nint q1(void) { return pair(); }\n");
    Files.writeString(ws.resolve("p2.c"), "static int pair(void) { return 2; }\n");
    Files.writeString(ws.resolve("y.c"), "#include \"missing.h\"\nint y(void) { return pair(); }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      Navigator nav = index.navigator();
      DefHit s0 = function(nav, "helper", "s0.c");
      assertEquals(Set.of("outer.c", "s0.c", "unit.c"), InternalLinkage.filesThatMaySee(new StoreSource(index.store()), s0));
      assertEquals(Set.of("outer.c", "s0.c", "unit.c"), files(nav.referencesTo(s0)), "not x.c");
      assertEquals(Set.of("s3.c"), files(nav.referencesTo(function(nav, "helper", "s3.c"))));
      assertEquals(Set.of("p1.c"), files(nav.referencesTo(function(nav, "pair", "p1.c"))), "not y.c");
      // x.c's and y.c's calls still find their candidates by name (the fallback's policy is unchanged).
      assertEquals(true, nav.definition(new Results.FilePosition("y.c", 1, 22, false)).size() >= 2);
      // A function with external linkage is seen anywhere: no set.
      Files.writeString(ws.resolve("e.c"), "int pair_e(void) { return 3; }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertNull(InternalLinkage.filesThatMaySee(new StoreSource(index.store()),
          function(index.navigator(), "pair_e", "e.c")));
    }
  }

  private static DefHit function(Navigator nav, String name, String path) {
    return nav.definitionsNamed(name).stream()
        .filter(d -> d.path().equals(path) && d.definition().kind() == SymbolKind.FUNCTION).findFirst().orElseThrow();
  }

  private static Set<String> files(List<dev.vcr.kernel.index.Hits.RefHit> hits) {
    Set<String> out = new TreeSet<>();
    hits.forEach(h -> out.add(h.path()));
    return out;
  }
}
