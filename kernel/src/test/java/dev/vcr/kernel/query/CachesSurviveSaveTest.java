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
    Path ws = tmp.resolve("ws/p");
    try (WorkspaceIndex index = indexOfAandB(tmp)) {
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
      assertEquals(new StoreSource(index.store()).searchNames("", 100), source.searchNames("", 100));
      assertSame(beta, source.definitions("beta"));
      // and one removed is not
      Files.delete(ws.resolve("A.java"));
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), source.searchNames("gamma", 10));
      assertEquals(new StoreSource(index.store()).searchNames("", 100), source.searchNames("", 100));
      assertEquals(List.of(), source.definitions("alpha"));
      assertSame(beta, source.definitions("beta"));
    }
  }

  /**
   * The decoded-facts caches are keyed by the file record's digest of the facts, read with the block in
   * one state instead of hashing the block: that digest is the block's, for every file, after a clean
   * build and after saves that change, add and remove files; and a cached file's facts follow a save.
   */
  @Test
  void aRecordsDigestIsItsFactsBlocksDigest(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws/p");
    try (WorkspaceIndex index = indexOfAandB(tmp)) {
      StoreSource source = new StoreSource(index.store());
      assertEquals(List.of("alpha"), source.facts("p/A.java").definitions().stream()
          .filter(d -> d.kind() == dev.vcr.kernel.model.SymbolKind.METHOD).map(d -> d.name()).toList()); // cached
      for (int round = 0; round < 3; round++) {
        for (String path : index.store().files().keySet()) {
          dev.vcr.kernel.index.IndexReader.DigestedFacts read = index.store().digestedFacts(path);
          byte[] encoded = index.store().encodedFacts(path);
          assertEquals(dev.vcr.kernel.index.FileRecord.digestOf(encoded), read.digest(), path);
          assertEquals(index.store().file(path).factsDigest(), read.digest(), path);
          org.junit.jupiter.api.Assertions.assertArrayEquals(encoded, read.encoded(), path);
        }
        if (round == 0) {
          Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void alpha() {} void gamma() {} }\n");
          Files.writeString(ws.resolve("C.java"), "package p;\nclass C { }\n");
        } else if (round == 1) {
          Files.delete(ws.resolve("C.java"));
        } else {
          Files.writeString(ws.resolve("A.java"), "package p;\nclass A { }\n");
        }
        index.refresh(Indexer.Progress.NONE, () -> false);
        assertEquals(new StoreSource(index.store()).facts("p/A.java"), source.facts("p/A.java"), "round " + round);
      }
      assertEquals(null, index.store().digestedFacts("p/C.java"));
    }
  }

  /** A workspace of A.java (alpha) and B.java (beta, calling alpha), indexed. */
  private static WorkspaceIndex indexOfAandB(Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void alpha() {} }\n");
    Files.writeString(ws.resolve("B.java"), "package p;\nclass B { void beta() { new A().alpha(); } }\n");
    WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"),
        IndexOptions.defaults());
    index.refresh(Indexer.Progress.NONE, () -> false);
    return index;
  }

  /**
   * Use counts (workspace-symbol popularity) are cached per index hash and carried across a save, except
   * those of the ids whose uses the save may have changed: every target of a rewritten links block. A
   * count is never served stale: after each save it equals a fresh source's.
   */
  @Test
  void useCountsSurviveASaveThatDoesNotTouchTheirUses(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.writeString(ws.resolve("A.java"), "package p;\nclass A { static void alpha() {} static void beta() {} }\n");
    Files.writeString(ws.resolve("B.java"), "package p;\nclass B { void b() { A.alpha(); A.alpha(); } }\n");
    Files.writeString(ws.resolve("C.java"), "package p;\nclass C { void c() { A.beta(); } }\n");
    Files.writeString(ws.resolve("D.java"), "package p;\nclass D { void d() { } }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"),
        IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      StoreSource source = new StoreSource(index.store());
      long alpha = index.store().definitionEntries("alpha").get(0).id();
      long beta = index.store().definitionEntries("beta").get(0).id();
      assertEquals(2, source.linkedUseCount(alpha));
      assertEquals(1, source.linkedUseCount(beta));
      assertEquals(2, source.cachedUseCount(alpha));

      // D.java gains a use of alpha: alpha's count is dropped and read again; beta's is kept.
      Files.writeString(ws.resolve("D.java"), "package p;\nclass D { void d() { A.alpha(); } }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(null, source.cachedUseCount(alpha));
      assertEquals(1, source.cachedUseCount(beta));
      assertEquals(3, source.linkedUseCount(alpha));
      assertEquals(new StoreSource(index.store()).linkedUseCount(alpha), source.linkedUseCount(alpha));

      // B.java loses one of its two uses (its target set is unchanged, its count is not): dropped too.
      Files.writeString(ws.resolve("B.java"), "package p;\nclass B { void b() { A.alpha(); } }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(null, source.cachedUseCount(alpha));
      assertEquals(2, source.linkedUseCount(alpha));
      assertEquals(1, source.linkedUseCount(beta));

      // C.java deleted: beta has no uses left.
      Files.delete(ws.resolve("C.java"));
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, source.linkedUseCount(beta));
      assertEquals(2, source.linkedUseCount(alpha));

      // A body-only edit of the declaring file relinks it alone: the counts of what it uses are dropped,
      // and the answers stay those of a fresh source.
      Files.writeString(ws.resolve("A.java"),
          "package p;\nclass A { static void alpha() { beta(); } static void beta() {} }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      StoreSource fresh = new StoreSource(index.store());
      for (String name : List.of("alpha", "beta")) {
        long id = index.store().definitionEntries(name).get(0).id();
        assertEquals(fresh.linkedUseCount(id), source.linkedUseCount(id), name);
      }
      assertEquals(1, source.linkedUseCount(beta));
    }
  }

  /**
   * The store keeps definition postings read with the whole name table (and by single gets); every write of
   * a name's postings forgets that name's, so reads after a save are the table's.
   */
  @Test
  void definitionPostingsReadWithTheNameTableFollowSaves(@TempDir Path tmp) throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws/p"));
    Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void alpha() {} void beta() {} }\n");
    Files.writeString(ws.resolve("D.java"), "package p;\nclass D { void delta() {} }\n");
    try (WorkspaceIndex index = WorkspaceIndex.open(Workspace.of(tmp.resolve("ws")), tmp.resolve("index"),
        IndexOptions.defaults())) {
      index.refresh(Indexer.Progress.NONE, () -> false);
      var store = index.store();
      List<String> names = new java.util.ArrayList<>();
      store.forEachDefinitionName(names::add); // reads the postings too
      assertEquals(List.of("p/A.java"), store.definitionEntries("alpha").stream().map(e -> e.path()).toList());
      int alphaOrdinal = store.definitionEntries("alpha").get(0).ordinal();

      // D.java declares alpha too, before its delta: alpha's postings now name two files
      Files.writeString(ws.resolve("D.java"), "package p;\nclass D { void alpha() {} void delta() {} }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("p/A.java", "p/D.java"), store.definitionEntries("alpha").stream().map(e -> e.path()).toList());
      assertEquals(List.of("p/D.java"), store.filesDefining("delta"));
      assertEquals(alphaOrdinal, store.definitionEntries("alpha").get(0).ordinal());
      names.clear();
      store.forEachDefinitionName(names::add);

      // A.java moves alpha after beta (its ordinal changes), then goes
      Files.writeString(ws.resolve("A.java"), "package p;\nclass A { void beta() {} void alpha() {} }\n");
      index.refresh(Indexer.Progress.NONE, () -> false);
      int moved = store.definitionEntries("alpha").get(0).ordinal();
      assertEquals(store.definitionEntries("beta").get(0).ordinal() + 1, moved);
      Files.delete(ws.resolve("A.java"));
      index.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of("p/D.java"), store.definitionEntries("alpha").stream().map(e -> e.path()).toList());
      assertEquals(List.of(), store.definitionEntries("beta"));
      assertEquals(List.of(), store.filesDefining("beta"));
    }
  }
}
