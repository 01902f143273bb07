package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save keeps the by-name caches of the names it did not touch (issue 10: nothing cached is dropped
 * wholesale on a one-file change), and what it drops is read again as a fresh source reads it.
 */
class CachesSurviveSaveTest {

  @Test
  void aSaveDropsOnlyTheNamesItsFilesDefine(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void alpha() {} }\n");
    Files.writeString(ws.resolve("B.java"), "package p;\nclass B { void beta() { new A().alpha(); } }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"),
        IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      StoreSource source = new StoreSource(index.store());
      List<DefHit> alpha = source.definitions("alpha");
      List<DefHit> beta = source.definitions("beta");
      assertEquals(1, source.searchNames("alpha", 10).size());

      // A.java saved with alpha two lines lower: alpha's entry is read again, beta's is kept as it was.
      Files.writeString(ws.resolve("A.java"), "package p;\n\nclass A {\n  void alpha() {}\n}\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertSame(beta, source.definitions("beta"));
      List<DefHit> moved = source.definitions("alpha");
      assertNotEquals(alpha.get(0).definition().span(), moved.get(0).definition().span());
      assertEquals(new StoreSource(index.store()).definitions("alpha").get(0).definition().span(),
          moved.get(0).definition().span());

      // A name added by a save is found by name search (the name table follows the names).
      Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void alpha() {} void gamma() {} }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("gamma"), source.searchNames("gamma", 10).stream().map(NameTable.Match::name).toList());
      assertSame(beta, source.definitions("beta"));
      // and one removed is not
      Files.delete(ws.resolve("A.java"));
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), source.searchNames("gamma", 10));
      assertEquals(List.of(), source.definitions("alpha"));
      assertSame(beta, source.definitions("beta"));
    }
  }
}
