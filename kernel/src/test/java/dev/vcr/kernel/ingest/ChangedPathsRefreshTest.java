package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.WorkspaceIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh over the paths reported changed (a save, a watcher's event) skips the scan, and must leave
 * exactly the index a full run would: same hash as a clean index of the files, same totals. What it cannot
 * decide alone (a file created or deleted) it hands to a full run.
 */
class ChangedPathsRefreshTest {
  @TempDir Path tmp;

  private static final Indexer.Progress NONE = Indexer.Progress.NONE;

  @Test
  void savedFilesAreReindexedWithoutAScanAndEqualACleanIndex() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 24);
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      wi.refresh(NONE, () -> false);
      String a = Fixtures.write(ws, 3, 1);
      String b = Fixtures.write(ws, 6, 1);
      IndexSummary s = wi.refreshChanged(List.of(b, a), NONE, () -> false);
      assertEquals("changed", s.mode());
      assertEquals(2, s.parsed());
      assertSameAsClean(ws, s, "clean1");

      // reported, but the same content: nothing parsed, nothing changes
      IndexSummary again = wi.refreshChanged(List.of(a), NONE, () -> false);
      assertEquals("changed", again.mode());
      assertEquals(0, again.parsed());
      assertEquals(s.indexHash(), again.indexHash());
      assertEquals(s.references(), again.references());

      // a created file is not the store's to decide alone: a full run
      String created = Fixtures.write(ws, 40, 0);
      IndexSummary full = wi.refreshChanged(List.of(created), NONE, () -> false);
      assertEquals("incremental", full.mode());
      assertSameAsClean(ws, full, "clean2");

      // nor is a deleted one
      Files.delete(ws.resolve(a));
      IndexSummary afterDelete = wi.refreshChanged(List.of(a), NONE, () -> false);
      assertEquals("incremental", afterDelete.mode());
      assertEquals(1, afterDelete.deleted());
      assertSameAsClean(ws, afterDelete, "clean3");

      // and the totals carried from run to run stay those of a clean index; an editor's backup file
      // reported beside the saved one is nothing the index reads
      Fixtures.write(ws, 6, 2);
      Files.writeString(ws.resolve(b + "~"), "backup", StandardCharsets.UTF_8);
      IndexSummary withBackup = wi.refreshChanged(List.of(b, b + "~", "4913"), NONE, () -> false);
      assertEquals("changed", withBackup.mode());
      assertSameAsClean(ws, withBackup, "clean4");

      // a folder deleted (its files reported by the folder's path alone): a full run
      String folder = b.substring(0, b.lastIndexOf('/'));
      Fixtures.deleteTree(ws.resolve(folder));
      IndexSummary afterFolder = wi.refreshChanged(List.of(folder), NONE, () -> false);
      assertEquals("incremental", afterFolder.mode());
      assertSameAsClean(ws, afterFolder, "clean5");
    }
  }

  @Test
  void aHeaderTurnedCppByItsContentIsReindexedAsAFullRunWould() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 16);
    Path header = ws.resolve("c/pkg0/shared.h");
    Files.writeString(header, "int shared_count(int x);\n", StandardCharsets.UTF_8);
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      wi.refresh(NONE, () -> false);
      assertEquals("c", wi.store().file("c/pkg0/shared.h").language());
      Files.writeString(header, "namespace shared { int count(int x); }\n", StandardCharsets.UTF_8);
      Files.setLastModifiedTime(header, FileTime.fromMillis(Files.getLastModifiedTime(header).toMillis() + 5000));
      IndexSummary s = wi.refreshChanged(List.of("c/pkg0/shared.h"), NONE, () -> false);
      assertEquals("changed", s.mode());
      assertEquals(1, s.parsed());
      assertEquals("cpp", wi.store().file("c/pkg0/shared.h").language());
      assertSameAsClean(ws, s, "clean");
    }
  }

  private void assertSameAsClean(Path ws, IndexSummary s, String dir) throws Exception {
    IndexSummary clean = Fixtures.index(ws, tmp.resolve(dir), 1);
    assertEquals(clean.indexHash(), s.indexHash(), "index hash");
    assertEquals(clean.scanned(), s.scanned(), "files");
    assertEquals(clean.definitions(), s.definitions(), "definitions");
    assertEquals(clean.references(), s.references(), "references");
    assertEquals(clean.calls(), s.calls(), "calls");
  }
}
