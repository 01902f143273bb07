package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.Indexer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's walk over graph summaries, in slices under the read lock, gives each summary once. */
class GraphSummaryWalkTest {
  @Test
  void slicesGiveWhatOneWalkGives(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 30);
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("index"), 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      List<String> whole = walk(wi);
      int before = SymbolStore.summariesPerRead;
      try {
        for (int slice : new int[] {1, 3, 7, 29, 30, 31}) {
          SymbolStore.summariesPerRead = slice;
          assertEquals(whole, walk(wi), "slices of " + slice);
        }
      } finally {
        SymbolStore.summariesPerRead = before;
      }
      List<String> paths = new ArrayList<>(whole);
      paths.sort(null);
      List<String> stored = new ArrayList<>(wi.store().files().keySet());
      assertEquals(stored, paths, "every file once");
      for (String p : paths) {
        assertEquals(wi.store().graphSummary(p).declarationCount(), count(wi, p), p);
      }
      // The caller's failure comes out as it was thrown, not as damage of the store.
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> wi.store().forEachGraphSummary((p, s) -> {
            throw new IllegalStateException("cancelled");
          }));
      assertEquals("cancelled", e.getMessage());
      assertEquals(whole, walk(wi), "the store is still there");
    }
  }

  private static List<String> walk(WorkspaceIndex wi) {
    List<String> out = new ArrayList<>();
    wi.store().forEachGraphSummary((p, s) -> out.add(p));
    return out;
  }

  private static int count(WorkspaceIndex wi, String path) {
    int[] n = {-1};
    wi.store().forEachGraphSummary((p, s) -> {
      if (p.equals(path)) {
        n[0] = s.declarationCount();
      }
    });
    return n[0];
  }
}
