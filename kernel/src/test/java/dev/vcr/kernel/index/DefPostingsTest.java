package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The definition-name table carries each definition's ordinal, kind, arity and symbol id, so that by-name
 * lookups need no facts: its entries must agree with the facts after builds and in-place changes.
 */
class DefPostingsTest {
  @TempDir Path tmp;

  @Test
  void partsAreReplacedAndRemovedPerFile() {
    byte[] a = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7}; // one definition: ordinal 0, kind 1, arity -1, id 7
    byte[] b = {1, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 9};
    byte[] v = DefPostings.withPart(null, 5, a);
    v = DefPostings.withPart(v, 2, b);
    assertArrayEquals(new int[] {2, 5}, DefPostings.files(v));
    List<DefPostings.Raw> raw = DefPostings.entries(v);
    assertEquals(List.of(new DefPostings.Raw(2, 3, SymbolKind.values()[2], 0, 9),
        new DefPostings.Raw(5, 0, SymbolKind.values()[1], -1, 7)), raw);
    v = DefPostings.withPart(v, 5, b);
    assertEquals(9, DefPostings.entries(v).get(1).id());
    v = DefPostings.withPart(v, 2, null);
    assertArrayEquals(new int[] {5}, DefPostings.files(v));
    assertNull(DefPostings.withPart(v, 5, null));
  }

  @Test
  void entriesFollowTheFactsThroughEditsAndEqualACleanBuild() throws IOException {
    Path ws = tmp.resolve("ws");
    Files.createDirectories(ws);
    Files.writeString(ws.resolve("a.c"), "int helper(int x);\nint helper(int x) { return x; }\n");
    Files.writeString(ws.resolve("b.c"), "static int helper(void) { return 1; }\nvoid other(void) {}\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(fromFacts(wi.store(), "helper"), wi.store().definitionEntries("helper"));
      assertEquals(3, wi.store().definitionEntries("helper").size());

      // A definition inserted before helper shifts its ordinals: the entries must follow.
      Files.writeString(ws.resolve("b.c"), "void first(void) {}\nstatic int helper(void) { return 1; }\n"
          + "void other(void) {}\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(fromFacts(wi.store(), "helper"), wi.store().definitionEntries("helper"));
      assertEquals(cleanEntries(ws, "helper"), wi.store().definitionEntries("helper"));

      Files.delete(ws.resolve("a.c"));
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("b.c"), wi.store().definitionEntries("helper").stream().map(DefEntry::path).distinct()
          .toList());
      assertEquals(cleanEntries(ws, "helper"), wi.store().definitionEntries("helper"));
      assertEquals(List.of(), wi.store().definitionEntries("nothing"));
    }
  }

  private List<DefEntry> cleanEntries(Path ws, String name) throws IOException {
    try (WorkspaceIndex clean = Fixtures.open(ws, tmp.resolve("clean" + System.nanoTime()), 1)) {
      clean.refresh(Indexer.Progress.NONE, () -> false);
      return clean.store().definitionEntries(name);
    }
  }

  /** The entries as the facts give them. */
  private static List<DefEntry> fromFacts(SymbolStore store, String name) {
    List<DefEntry> out = new ArrayList<>();
    for (String path : store.filesDefining(name)) {
      FileFacts f = store.facts(path);
      long[] ids = SymbolIds.of(path, f);
      for (int i = 0; i < f.definitions().size(); i++) {
        var d = f.definitions().get(i);
        if (d.kind().isNamed() && d.name().equals(name)) {
          out.add(new DefEntry(path, i, d.kind(), d.arity(), ids[i]));
        }
      }
    }
    return out;
  }
}
