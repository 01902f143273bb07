package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource faults are not damage (issue 13): a full disk during an edit or a full build, a read-only index
 * directory, and an OutOfMemoryError in a store write each leave the good index on disk and in use (read-only
 * if it must be), say what ran out, and delete nothing. Faults are injected where the operating system would
 * raise them ({@link StoreFaults#inject}); real damage is still repaired ({@code StoreDamageTest}).
 */
class StoreFaultsTest {
  @TempDir Path tmp;

  @AfterEach
  void clear() {
    StoreFaults.inject(null);
  }

  @Test
  void resourceExhaustionIsToldFromDamage() {
    assertEquals("out of memory", StoreFaults.resourceProblem(new OutOfMemoryError("Java heap space")));
    assertEquals("the disk is full", StoreFaults.resourceProblem(
        new RuntimeException("MapDB", new IOException("No space left on device"))));
    assertEquals("the disk is full", StoreFaults.resourceProblem(StoreFaults.diskFull(tmp)));
    assertEquals("the index directory is read-only", StoreFaults.resourceProblem(StoreFaults.readOnly(tmp)));
    assertEquals("the index directory is not writable",
        StoreFaults.resourceProblem(new java.nio.file.AccessDeniedException("/x/lock")));
    assertEquals("the disk is full", StoreFaults.resourceProblem(new InternalError(
        "a fault occurred in a recent unsafe memory access operation in compiled Java code")));
    assertNull(StoreFaults.resourceProblem(new StoreDamagedException("checksum mismatch", null)));
    assertNull(StoreFaults.resourceProblem(new IllegalStateException("bad node")));
  }

  @Test
  void anImpossibleAllocationWhileReadingIsDamageAndAFullHeapIsNot() {
    // After a kill -9, MapDB can read a node whose size field is garbage and ask for a huge array.
    assertTrue(StoreFaults.absurdAllocation(new OutOfMemoryError("Requested array size exceeds VM limit")));
    System.gc();
    assertTrue(StoreFaults.absurdAllocation(new OutOfMemoryError("Java heap space")), "the test's heap is mostly free");
    assertFalse(StoreFaults.absurdAllocation(new OutOfMemoryError("Metaspace")));
    assertFalse(StoreFaults.absurdAllocation(new OutOfMemoryError("Direct buffer memory")));
  }

  @Test
  void aHeapFilledByTheFailedReadItselfIsDamageOnceCollected() {
    long max = 1000;
    OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
    // Over half full when caught, mostly free once the failed read's arrays are collected: damage.
    assertTrue(StoreFaults.absurdAllocation(heap, max, () -> 100, () -> 900));
    // Full with and without them: the heap is exhausted, not the index damaged.
    assertFalse(StoreFaults.absurdAllocation(heap, max, () -> 100, () -> 200));
    // Mostly free when caught: no collection asked for.
    assertTrue(StoreFaults.absurdAllocation(heap, max, () -> 900, () -> {
      throw new AssertionError("collected needlessly");
    }));
    assertFalse(StoreFaults.absurdAllocation(new OutOfMemoryError("Metaspace"), max, () -> 900, () -> 900));
  }

  @Test
  void aFullDiskDuringAnEditKeepsTheIndexAndSaysSo() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 12);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String hash = wi.store().indexHash();
      Map<String, Long> files = listing(idx);
      String edited = Fixtures.write(ws, 3, 2);
      StoreFaults.inject((point, dir) -> {
        if (point == StoreFaults.Point.COMMIT) {
          throw StoreFaults.diskFull(dir);
        }
      });
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
          () -> wi.refresh(Indexer.Progress.NONE, () -> false));
      assertEquals("the disk is full", e.reason());
      assertEquals(hash, wi.store().indexHash(), "the transaction was rolled back");
      assertNotNull(wi.store().facts(edited), "reads still work");
      assertFalse(wi.store().resetIfDamaged(), "not flagged as damage");
      assertEquals(List.of(), wi.store().recoveryLog());
      assertTrue(listing(idx).keySet().containsAll(files.keySet()), "nothing deleted");

      StoreFaults.inject(null); // space again: the next run catches up
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, s.parsed());
    }
    Fixtures.assertSameIndex(Fixtures.cleanSnapshot(ws, tmp.resolve("clean")), snapshotOf(idx), "after the disk had room");
  }

  @Test
  void aFullDiskDuringAFullBuildKeepsTheOldGeneration() throws Exception {
    Path ws = tmp.resolve("ws");
    List<String> paths = Fixtures.generate(ws, 300);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    for (int i = 0; i < paths.size(); i++) {
      Fixtures.write(ws, i, 2); // every file changed: a full build
    }
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String hash = wi.store().indexHash();
      Map<String, Long> before = listing(idx);
      AtomicInteger added = new AtomicInteger();
      StoreFaults.inject((point, dir) -> {
        if (point == StoreFaults.Point.BUILD && added.incrementAndGet() == 150) {
          throw StoreFaults.diskFull(dir);
        }
      });
      IOException e = assertThrows(IOException.class, () -> wi.refresh(Indexer.Progress.NONE, () -> false));
      assertEquals("the disk is full", StoreFaults.resourceProblem(e), e.toString());
      assertEquals(hash, wi.store().indexHash());
      assertEquals(before.keySet(), listing(idx).keySet(), "the old generation stays; the new one is gone");

      // Full when CURRENT is replaced, after the whole build: still the old generation.
      StoreFaults.inject((point, dir) -> {
        if (point == StoreFaults.Point.CURRENT) {
          throw StoreFaults.diskFull(dir);
        }
      });
      assertThrows(IOException.class, () -> wi.refresh(Indexer.Progress.NONE, () -> false));
      assertEquals(hash, wi.store().indexHash());
      assertEquals(before.keySet(), listing(idx).keySet());
      assertEquals(List.of(), wi.store().recoveryLog());

      StoreFaults.inject(null);
      assertEquals("rebuild", wi.refresh(Indexer.Progress.NONE, () -> false).mode());
    }
    try (SymbolStore again = SymbolStore.open(idx)) {
      assertEquals(List.of(), again.recoveryLog(), "CURRENT named a good generation all along");
    }
    Fixtures.assertSameIndex(Fixtures.cleanSnapshot(ws, tmp.resolve("clean")), snapshotOf(idx), "after the disk had room");
  }

  @Test
  void aReadOnlyIndexDirectoryIsServedReadOnly() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 12);
    Path idx = tmp.resolve("idx");
    IndexSummary built = Fixtures.index(ws, idx, 2);
    Map<String, Long> files = listing(idx);

    // Read-only from the start: the lock file cannot be written.
    StoreFaults.inject((point, dir) -> {
      throw StoreFaults.readOnly(dir);
    });
    try (SymbolStore store = SymbolStore.open(idx)) {
      assertEquals("the index directory is read-only", store.readOnlyReason());
      assertEquals(built.indexHash(), store.indexHash());
      assertFalse(store.definitions("Unit3").isEmpty(), "reads answer");
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
          () -> store.apply(List.of(), List.of(store.files().firstKey()), Linker.NONE));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(List.of(), store.recoveryLog());
    }
    assertEquals(files, listing(idx), "not a byte changed");

    // Writable enough for the lock, but the write test on open fails: read-only too, nothing deleted.
    StoreFaults.inject((point, dir) -> {
      if (point != StoreFaults.Point.OPEN) {
        throw StoreFaults.readOnly(dir);
      }
    });
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      assertEquals("the index directory is read-only", wi.store().readOnlyReason());
      assertEquals(built.indexHash(), wi.store().indexHash());
      Fixtures.write(ws, 2, 2);
      assertThrows(StoreUnavailableException.class, () -> wi.refresh(Indexer.Progress.NONE, () -> false));
      assertEquals(built.indexHash(), wi.store().indexHash());
    }
    assertTrue(listing(idx).keySet().containsAll(files.keySet()), "nothing deleted");

    StoreFaults.inject(null);
    try (SymbolStore store = SymbolStore.open(idx)) {
      assertNull(store.readOnlyReason());
      assertEquals(built.indexHash(), store.indexHash());
      assertEquals(List.of(), store.recoveryLog(), "never treated as damage");
    }
  }

  @Test
  void aReadOnlyDirectoryWithoutAnIndexFailsToOpenAndCreatesNothing() {
    Path idx = tmp.resolve("none");
    StoreFaults.inject((point, dir) -> {
      throw StoreFaults.readOnly(dir);
    });
    IOException e = assertThrows(IOException.class, () -> SymbolStore.open(idx));
    assertEquals("the index directory is read-only", StoreFaults.resourceProblem(e));
    assertFalse(Files.exists(idx));
  }

  @Test
  void outOfMemoryInAStoreWriteIsNotDamage() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 12);
    Path idx = tmp.resolve("idx");
    Fixtures.index(ws, idx, 2);
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      String hash = wi.store().indexHash();
      Fixtures.write(ws, 5, 2);
      StoreFaults.inject((point, dir) -> {
        if (point == StoreFaults.Point.COMMIT) {
          throw new OutOfMemoryError("injected");
        }
      });
      assertThrows(OutOfMemoryError.class, () -> wi.refresh(Indexer.Progress.NONE, () -> false));
      assertEquals(hash, wi.store().indexHash(), "rolled back");
      assertFalse(wi.store().resetIfDamaged(), "not damage");
      assertEquals(List.of(), wi.store().recoveryLog());
      StoreFaults.inject(null);
      assertEquals(1, wi.refresh(Indexer.Progress.NONE, () -> false).parsed());
    }
  }

  private static Map<String, Object> snapshotOf(Path idx) throws Exception {
    try (SymbolStore s = SymbolStore.open(idx)) {
      return Fixtures.snapshot(s);
    }
  }

  /** Every file under the index directory with its size (the lock file aside). */
  private static Map<String, Long> listing(Path idx) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(idx)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().equals("lock")) {
          out.put(idx.relativize(p).toString(), Files.size(p));
        }
      }
    }
    return out;
  }
}
