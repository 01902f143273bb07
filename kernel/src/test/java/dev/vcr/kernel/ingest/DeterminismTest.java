package dev.vcr.kernel.ingest;

import static dev.vcr.kernel.ingest.Fixtures.assertSameIndex;
import static dev.vcr.kernel.ingest.Fixtures.cleanSnapshot;
import static dev.vcr.kernel.ingest.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index is a pure function of the files: the same files give the same index hash and the same answers
 * whatever path led there (fresh, reopened, multi-threaded, incremental in place, rebuilt, moved).
 */
class DeterminismTest {
  @TempDir Path tmp;

  @Test
  void sameWorkspaceIndexedTwiceIntoFreshDirsGivesSameIndex() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 64);
    IndexSummary a = Fixtures.index(ws, tmp.resolve("idx-a"), 2);
    IndexSummary b = Fixtures.index(ws, tmp.resolve("idx-b"), 2);
    assertEquals(64, a.scanned());
    assertEquals(64, a.parsed());
    assertEquals("rebuild", a.mode());
    assertFalse(a.indexHash().isEmpty());
    assertEquals(a.indexHash(), b.indexHash());
    assertTrue(a.definitions() > 64 * 2, "definitions: " + a.definitions());
    assertEquals(a.definitions(), b.definitions());
    assertEquals(a.references(), b.references());
    assertEquals(a.calls(), b.calls());
    assertSameIndex(cleanSnapshot(ws, tmp.resolve("idx-c")), cleanSnapshot(ws, tmp.resolve("idx-d")), "fresh x2");
  }

  @Test
  void oneThreadAndFourThreadsGiveSameIndex() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 64);
    Map<String, Object> one;
    Map<String, Object> four;
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx-1"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      one = snapshot(wi.store());
    }
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx-4"), 4)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      four = snapshot(wi.store());
    }
    assertSameIndex(one, four, "1 vs 4 threads");

    // The same for the incremental path: edit a few files and refresh both with their own thread counts.
    for (int i = 0; i < 10; i++) {
      Fixtures.write(ws, i * 3, 1);
    }
    IndexSummary s1 = Fixtures.index(ws, tmp.resolve("idx-1"), 1);
    IndexSummary s4 = Fixtures.index(ws, tmp.resolve("idx-4"), 4);
    assertEquals("incremental", s1.mode());
    assertEquals(10, s1.parsed());
    assertEquals(10, s4.parsed());
    assertEquals(s1.indexHash(), s4.indexHash());
    assertNotEquals(one.get("hash"), s1.indexHash(), "edits must change the hash");
  }

  @Test
  void closeAndReopenKeepsHashWithoutParsing() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 40);
    Path idx = tmp.resolve("idx");
    Map<String, Object> before;
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      before = snapshot(wi.store());
    }
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      assertEquals(before.get("hash"), wi.store().indexHash(), "hash right after reopen, before any refresh");
      assertTrue(wi.store().recoveryLog().isEmpty(), "a clean close needs no repair: " + wi.store().recoveryLog());
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed());
      assertEquals(0, wi.metrics().count("index.files_parsed"));
      assertEquals(40, s.unchanged());
      assertEquals(before.get("hash"), s.indexHash());
      assertSameIndex(before, snapshot(wi.store()), "reopened");
    }
  }

  @Test
  void incrementalReindexAfterEditsEqualsCleanIndex() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 60);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    // Modify 6, add 4, delete 5: well under the rebuild threshold, so applied in place.
    for (int i = 0; i < 6; i++) {
      Fixtures.write(ws, i * 5, 1);
    }
    for (int i = 60; i < 64; i++) {
      Fixtures.write(ws, i, 0);
    }
    for (int i = 1; i < 6; i++) {
      Files.delete(ws.resolve(Fixtures.pathOf(i * 7 + 2)));
    }
    IndexSummary s = Fixtures.index(ws, idx, 2);
    assertEquals("incremental", s.mode());
    assertEquals(10, s.parsed());
    assertEquals(5, s.deleted());
    assertEquals(59, s.scanned());
    Map<String, Object> clean = cleanSnapshot(ws, tmp.resolve("clean"));
    assertEquals(clean.get("hash"), s.indexHash());
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      assertSameIndex(clean, snapshot(wi.store()), "incremental vs clean");
    }
  }

  @Test
  void aBuildWithATinySortBudgetGivesTheSameIndex() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 120);
    Map<String, Object> clean = cleanSnapshot(ws, tmp.resolve("clean"));
    // 300 bytes of sort memory: a run spills every few names, so the merge needs several passes.
    IndexOptions tiny = Fixtures.options(2).withSortBudget(300);
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("idx"), tiny)) {
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("rebuild", s.mode());
      long runs = wi.metrics().count("index.sort_runs");
      assertTrue(runs > dev.vcr.kernel.index.SymbolStore.SORT_FAN_IN, "runs spilled: " + runs);
      assertSameIndex(clean, snapshot(wi.store()), "tiny sort budget vs default");
      assertEquals(clean.get("hash"), s.indexHash());
    } catch (IndexLockedException e) {
      throw new AssertionError(e);
    }
    try (Stream<Path> left = Files.walk(tmp.resolve("idx"))) {
      assertTrue(left.noneMatch(p -> p.toString().endsWith(".run")), "sort runs are deleted after the build");
    }
  }

  @Test
  void aBuildWhosePageCacheHoldsOnePageEqualsOneThatHoldsItAll() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 60);
    Map<String, Object> roomy;
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("roomy"), 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false); // the default cache holds this index whole
      roomy = snapshot(wi.store());
    }
    // One 32 KB page: every other read and write of the build evicts a page and reads one back.
    System.setProperty("vcr.buildPageCacheBytes", "1");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("rebuild", s.mode());
      assertSameIndex(roomy, snapshot(wi.store()), "one cached page vs all of them");
      assertEquals(roomy.get("hash"), s.indexHash());
    } finally {
      System.clearProperty("vcr.buildPageCacheBytes");
    }
  }

  @Test
  void incrementalInSmallBatchesEqualsCleanIndex() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 40);
    Path idx = tmp.resolve("idx");
    IndexOptions tiny = new IndexOptions(2, IndexOptions.defaults().scan(), 2, IndexOptions.defaults().sortBudgetBytes());
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), idx, tiny)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      for (int i = 0; i < 9; i++) {
        Fixtures.write(ws, i * 4, 2);
      }
      for (int i = 0; i < 5; i++) {
        Files.delete(ws.resolve(Fixtures.pathOf(i * 4 + 1)));
      }
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("incremental", s.mode());
      assertEquals(9, s.parsed());
      assertEquals(5, s.deleted());
      Map<String, Object> clean = cleanSnapshot(ws, tmp.resolve("clean"));
      assertSameIndex(clean, snapshot(wi.store()), "batches of 2 vs clean");
    } catch (IndexLockedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rebuildAfterLargeChangeEqualsCleanIndex() throws IOException {
    // A rebuild needs more than max(256, files / 4) changed files.
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 320);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    int modified = 0;
    for (int i = 0; i < 320; i += 3) {
      Fixtures.write(ws, i, 1); // 107 modified
      modified++;
    }
    for (int i = 320; i < 420; i++) {
      Fixtures.write(ws, i, 0); // 100 added
    }
    int deleted = 0;
    for (int i = 1; i < 320; i += 6) {
      Files.delete(ws.resolve(Fixtures.pathOf(i))); // 54 deleted
      deleted++;
    }
    int touched = 0;
    for (int i = 2; i < 320; i += 9) {
      Path f = ws.resolve(Fixtures.pathOf(i));
      if (Files.exists(f)) {
        Files.setLastModifiedTime(f, FileTime.fromMillis(Fixtures.BASE_TIME.toMillis() + 77_000)); // mtime only
        touched++;
      }
    }
    IndexSummary s = Fixtures.index(ws, idx, 2);
    assertEquals("rebuild", s.mode(), "changes: " + (modified + 100 + deleted + touched));
    assertEquals(modified + 100, s.parsed());
    assertEquals(deleted, s.deleted());
    assertEquals(420 - deleted, s.scanned());
    Map<String, Object> clean = cleanSnapshot(ws, tmp.resolve("clean"));
    assertEquals(clean.get("hash"), s.indexHash());
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      assertSameIndex(clean, snapshot(wi.store()), "rebuild vs clean");
      // The mtime-only files were carried over with their new mtime: nothing to parse any more.
      IndexSummary again = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, again.parsed());
      assertEquals(420 - deleted, again.unchanged());
    }
  }

  @Test
  void movedWorkspaceKeepsHash() throws IOException {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 48);
    Path idx = tmp.resolve("idx");
    IndexSummary original = Fixtures.index(ws, idx, 2);
    Path moved = tmp.resolve("elsewhere/deeper/renamed");
    Fixtures.copyTree(ws, moved);
    // A fresh index of the copy, and the old index opened on the copy (the folder was moved).
    assertEquals(original.indexHash(), Fixtures.index(moved, tmp.resolve("idx-moved"), 2).indexHash());
    Fixtures.deleteTree(ws);
    IndexSummary reopened = Fixtures.index(moved, idx, 2);
    assertEquals(original.indexHash(), reopened.indexHash());
    assertEquals(0, reopened.parsed(), "copied with their mtimes, no file changed");
    assertEquals(0, reopened.deleted());
  }
}
