package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the index directory between runs: the next open repairs it without throwing, says so in its
 * recovery log when the damage was real, and one refresh gives exactly the clean index again. Also: the
 * index directory has a single owner.
 */
class StoreDamageTest {
  static final int FILES = 48;

  @TempDir Path tmp;
  Path ws;
  Map<String, Object> clean;

  @BeforeEach
  void cleanIndex() throws IOException {
    ws = tmp.resolve("ws");
    Fixtures.generate(ws, FILES);
    clean = Fixtures.cleanSnapshot(ws, tmp.resolve("clean"));
  }

  /** A fresh, cleanly closed index of the fixture in its own directory. */
  private Path freshIndex(String name) throws IOException {
    Path idx = tmp.resolve(name);
    IndexSummary s = Fixtures.index(ws, idx, 2);
    assertEquals(clean.get("hash"), s.indexHash());
    return idx;
  }

  private static String current(Path idx) throws IOException {
    return Files.readString(idx.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
  }

  private static Path liveDb(Path idx) throws IOException {
    Path db = idx.resolve(current(idx)).resolve("index.db");
    assertTrue(Files.isRegularFile(db), "live generation file " + db);
    return db;
  }

  private static List<String> generations(Path idx) throws IOException {
    try (Stream<Path> list = Files.list(idx)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gen-")).sorted()
          .collect(Collectors.toList());
    }
  }

  /**
   * Opens the damaged index and checks the guarantees: no exception; either the damage was found (the
   * recovery log says so) or the store answers exactly like a clean one; after one refresh, the clean
   * index. Returns the recovery log of the open.
   */
  private List<String> openAndRecover(Path idx, String what) throws Exception {
    List<String> recovery;
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(2))) {
      recovery = new ArrayList<>(wi.store().recoveryLog());
      if (recovery.isEmpty()) {
        Map<String, Object> asOpened;
        try {
          asOpened = Fixtures.snapshot(wi.store());
        } catch (StoreDamagedException e) {
          asOpened = null; // found on first read: the store knows, and the refresh must rebuild
          recovery.addAll(wi.store().recoveryLog());
          assertFalse(recovery.isEmpty(), what + ": a failed read must be logged");
        }
        if (asOpened != null) {
          Fixtures.assertSameIndex(clean, asOpened, what + " (opened without repair, so it must be intact)");
        }
      }
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(clean.get("hash"), s.indexHash(), what);
      assertEquals(FILES, s.scanned(), what);
      assertTrue(s.skipped().isEmpty(), what + ": " + s.skipped());
      Fixtures.assertSameIndex(clean, Fixtures.snapshot(wi.store()), what + " after refresh");
      assertEquals(1, generations(idx).size(), what + ": generations " + generations(idx));
    }
    // And it stays repaired: the next open needs no repair and parses nothing.
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(2))) {
      assertEquals(List.of(), wi.store().recoveryLog(), what + ": second open");
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed(), what + ": second refresh");
      assertEquals(clean.get("hash"), s.indexHash(), what);
    }
    return recovery;
  }

  @Test
  void truncatedStoreFileIsRebuilt() throws Exception {
    for (double fraction : new double[] {0.0, 0.1, 0.5, 0.9, 0.99}) {
      Path idx = freshIndex("idx-trunc-" + fraction);
      Path db = liveDb(idx);
      // The file is pre-allocated; cut into the data written, not into the zeroed tail.
      long used = nonZeroOffsets(db).stream().mapToLong(Long::longValue).max().orElse(0) + 1;
      long length = (long) (used * fraction);
      try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
        f.setLength(length);
      }
      List<String> recovery = openAndRecover(idx, "truncated to " + length + " of " + used + " bytes written");
      assertFalse(recovery.isEmpty(), "truncation to " + fraction + " of the data must be found and logged");
    }
  }

  @Test
  void overwrittenBytesAreFoundOrHarmless() throws Exception {
    Random random = new Random(42);
    int found = 0;
    List<String> outcomes = new ArrayList<>();
    for (double at : new double[] {0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9}) {
      Path idx = freshIndex("idx-bytes-" + at);
      Path db = liveDb(idx);
      // Aim at bytes actually written (the k-th non-zero byte), not at the zeroed gaps of the file.
      List<Long> written = nonZeroOffsets(db);
      long offset = written.get((int) (written.size() * at));
      byte[] garbage = new byte[64];
      random.nextBytes(garbage);
      try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
        f.seek(offset);
        f.write(garbage);
      }
      List<String> recovery = openAndRecover(idx, "64 bytes overwritten at " + offset + " of " + Files.size(db));
      outcomes.add(offset + ": " + (recovery.isEmpty() ? "intact" : "repaired"));
      if (!recovery.isEmpty()) {
        found++;
      }
    }
    System.out.println("[damage] overwritten bytes: " + outcomes);
    assertTrue(found > 0, "overwriting live data should be found at least once: " + outcomes);
  }

  /**
   * The subtle kind of damage: one character of a stored symbol name changes, so every record still
   * decodes. Each occurrence of the name in the file is damaged in its own copy of the index.
   *
   * <p>MapDB keeps no checksum of its records, so every stored value carries a CRC32C of its key and
   * payload ({@code SymbolStore.seal}); a changed byte in any of the name's plain occurrences (name keys) is found on the first read of that entry and the store rebuilt.
   */
  @Test
  void changedNameBytesAreFoundOrHarmless() throws Exception {
    Path template = freshIndex("idx-name-template");
    byte[] db = Files.readAllBytes(liveDb(template));
    byte[] name = "helper_9".getBytes(StandardCharsets.UTF_8);
    List<Integer> occurrences = new ArrayList<>();
    for (int i = indexOf(db, name, 0); i >= 0; i = indexOf(db, name, i + 1)) {
      occurrences.add(i);
    }
    // Facts blocks are stored compressed (Compression), so the name appears in plain bytes in the name
    // tables' keys; a damaged compressed block is the random overwrite of the test above.
    assertTrue(occurrences.size() >= 1, "the name is stored in plain bytes: " + occurrences);
    List<String> outcomes = new ArrayList<>();
    for (int k = 0; k < occurrences.size(); k++) {
      Path idx = tmp.resolve("idx-name-" + k);
      Fixtures.copyTree(template, idx);
      int at = occurrences.get(k) + name.length - 1;
      try (RandomAccessFile f = new RandomAccessFile(liveDb(idx).toFile(), "rw")) {
        f.seek(at);
        f.write('X'); // helper_9 -> helper_X
      }
      List<String> recovery = openAndRecover(idx, "'helper_9' renamed at byte " + at);
      outcomes.add(at + ": " + (recovery.isEmpty() ? "intact" : "repaired"));
    }
    System.out.println("[damage] changed name bytes: " + outcomes);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static List<Long> nonZeroOffsets(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < b.length; i++) {
      if (b[i] != 0) {
        out.add((long) i);
      }
    }
    return out;
  }

  @Test
  void deletedCurrentIsRebuilt() throws Exception {
    Path idx = freshIndex("idx-nocurrent");
    Files.delete(idx.resolve("CURRENT"));
    List<String> recovery = openAndRecover(idx, "CURRENT deleted");
    assertFalse(recovery.isEmpty(), "an index without CURRENT lost its live generation: say so");
  }

  @Test
  void garbageInCurrentIsRebuilt() throws Exception {
    Path idx = freshIndex("idx-garbage-text");
    Files.writeString(idx.resolve("CURRENT"), "gen-xyz\nnot a generation\n");
    assertFalse(openAndRecover(idx, "CURRENT holds text garbage").isEmpty());

    Path idx2 = freshIndex("idx-garbage-bytes");
    byte[] garbage = new byte[64];
    new Random(7).nextBytes(garbage);
    garbage[0] = (byte) 0xC3; // an invalid UTF-8 sequence
    garbage[1] = (byte) 0x28;
    Files.write(idx2.resolve("CURRENT"), garbage);
    assertFalse(openAndRecover(idx2, "CURRENT holds binary garbage").isEmpty());

    Path idx3 = freshIndex("idx-current-elsewhere");
    Files.writeString(idx3.resolve("CURRENT"), "gen-999999\n"); // well-formed, but no such generation
    assertFalse(openAndRecover(idx3, "CURRENT names a missing generation").isEmpty());
  }

  @Test
  void deletedLiveGenerationIsRebuilt() throws Exception {
    Path idx = freshIndex("idx-nogen");
    Fixtures.deleteTree(idx.resolve(current(idx)));
    assertFalse(openAndRecover(idx, "live generation deleted").isEmpty());
  }

  @Test
  void strayHalfBuiltGenerationIsRemovedAndTheLiveOneKept() throws Exception {
    Path idx = freshIndex("idx-stray");
    String live = current(idx);
    // What a build killed before its CURRENT swap leaves: a later generation with a partial store file.
    Path stray = Files.createDirectories(idx.resolve("gen-000777"));
    byte[] db = Files.readAllBytes(liveDb(idx));
    Files.write(stray.resolve("index.db"), java.util.Arrays.copyOf(db, db.length / 3));
    Files.write(stray.resolve("index.db.wal.0"), new byte[] {1, 2, 3});
    Files.writeString(idx.resolve("CURRENT.tmp"), "gen-000777\n");
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(2))) {
      assertFalse(Files.exists(stray), "the stray generation is deleted on open");
      assertEquals(live, current(idx));
      List<String> recovery = wi.store().recoveryLog();
      assertTrue(recovery.stream().anyMatch(r -> r.contains("gen-000777")), "recovery log: " + recovery);
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(0, s.parsed(), "the live generation was intact: nothing to re-index");
      assertEquals(clean.get("hash"), s.indexHash());
      Fixtures.assertSameIndex(clean, Fixtures.snapshot(wi.store()), "after a stray generation");
    }
  }

  @Test
  void secondOpenInSameJvmIsRefusedAndFirstStaysIntact() throws Exception {
    Path idx = freshIndex("idx-lock");
    try (WorkspaceIndex first = WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(2))) {
      IndexLockedException e = assertThrows(IndexLockedException.class, () -> SymbolStore.open(idx));
      assertTrue(e.getMessage().contains(idx.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("in use by another Vcr process"), e.getMessage());
      assertThrows(IndexLockedException.class,
          () -> WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(2)).close());
      // The refused opens touched nothing: the first store still answers, and can still write.
      Fixtures.assertSameIndex(clean, Fixtures.snapshot(first.store()), "after refused opens");
      Fixtures.write(ws, 3, 1);
      IndexSummary s = first.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(1, s.parsed());
      assertTrue(first.store().recoveryLog().isEmpty());
    }
    // Released on close.
    try (SymbolStore again = SymbolStore.open(idx)) {
      assertNotNull(again.indexHash());
    }
  }

  @Test
  void secondOpenFromAnotherProcessIsRefused() throws Exception {
    Path idx = freshIndex("idx-lock-child");
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
    try (SymbolStore first = SymbolStore.open(idx)) {
      CrashRecoveryTest.Child child = CrashRecoveryTest.Child.start(childTmp, "lock", idx);
      assertTrue(child.process.waitFor(60, TimeUnit.SECONDS));
      child.reader.join(5000);
      assertEquals(3, child.process.exitValue(), "output: " + child.lines);
      String out = String.join("\n", child.lines);
      assertTrue(out.startsWith("LOCKED the index at " + idx + " is in use by another Vcr process"), out);
      assertEquals(clean.get("hash"), first.indexHash());
      assertEquals(FILES, first.fileCount());
      assertTrue(first.recoveryLog().isEmpty());
    }
    // Once released, the other process gets it.
    CrashRecoveryTest.Child child = CrashRecoveryTest.Child.start(childTmp, "lock", idx);
    assertTrue(child.process.waitFor(60, TimeUnit.SECONDS));
    child.reader.join(5000);
    assertEquals(0, child.process.exitValue(), "output: " + child.lines);
    assertEquals(List.of("OPENED"), child.lines);
  }
}
