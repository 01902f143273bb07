package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path filter lets a lookup of an absent path skip the files table, and must never hide a path the
 * generation holds: not one added in place after the filter was made, not one added past its size.
 */
class PathFilterTest {
  @TempDir Path tmp;

  @Test
  void holdsEveryAddedPathAndRejectsMostOthers() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      paths.add("dir" + (i % 97) + "/file" + i + ".c");
    }
    PathFilter f = PathFilter.of(paths, paths.size());
    for (String p : paths) {
      assertTrue(f.mayHold(p), p);
    }
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++) {
      if (f.mayHold("dir" + (i % 97) + "/include/file" + i + ".h")) {
        falsePositives++;
      }
    }
    assertTrue(falsePositives < 300, "about 1 % expected, got " + falsePositives + " of 10,000");
  }

  @Test
  void addReportsWhenTheFilterIsPastItsSize() {
    PathFilter f = PathFilter.of(List.of(), 0); // room for the minimum, 4,096
    for (int i = 0; i < 4096; i++) {
      assertTrue(f.add("p" + i));
    }
    assertFalse(f.add("one-too-many"));
    assertTrue(f.mayHold("one-too-many"), "the path is added even so");
  }

  @Test
  void pathsWrittenInPlaceAfterTheFilterWasMadeAreFound() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 16);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    try (SymbolStore store = SymbolStore.open(idx)) {
      assertNull(store.file("c/pkg0/absent.c")); // makes the live generation's filter
      assertNotNull(store.file(Fixtures.pathOf(3)));
    }
    // Added in place by a refresh, whose store makes its filter at the first new path it looks up.
    for (int i = 16; i < 16 + 200; i++) { // under the in-place limit of 256
      Fixtures.write(ws, i, 0);
    }
    try (SymbolStore store = SymbolStore.open(idx)) {
      assertNull(store.file("c/pkg0/absent.c"));
    }
    IndexSummary refreshed = Fixtures.index(ws, idx, 2);
    assertEquals("incremental", refreshed.mode());
    try (SymbolStore store = SymbolStore.open(idx)) {
      for (int i = 16; i < 16 + 200; i++) { // under the in-place limit of 256
        assertNotNull(store.file(Fixtures.pathOf(i)), Fixtures.pathOf(i));
      }
    }
    Path clean = tmp.resolve("clean");
    assertEquals(Fixtures.index(ws, clean, 1).indexHash(), refreshed.indexHash());
  }
}
