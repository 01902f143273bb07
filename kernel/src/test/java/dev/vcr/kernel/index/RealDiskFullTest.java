package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk and a really read-only folder, not injected ones (see {@link StoreFaultsTest}). Full disk: the index lives on a small tmpfs that the test fills up, then
 * edits files and refreshes in the same long-lived store (as a daemon would). Whatever MapDB meets
 * (ENOSPC, or SIGBUS on its memory-mapped write-ahead log, which the JVM raises as an InternalError), the
 * refresh fails as a resource problem, nothing is treated as damage, and once there is room the next
 * refresh catches up to exactly a clean index. Needs root (mount); skipped elsewhere.
 */
class RealDiskFullTest {
  @TempDir Path tmp;
  Path mnt;
  boolean mounted;

  @BeforeEach
  void mount() throws Exception {
    Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux tmpfs");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    Process p;
    try {
      p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt.toString())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("no mount command: " + e.getMessage());
      return;
    }
    boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(ok, "cannot mount a tmpfs here (not root?)");
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRealFullDiskDuringEditsKeepsTheIndexAndCatchesUpLater() throws Exception {
    Path ws = tmp.resolve("ws");
    List<String> paths = Fixtures.generate(ws, 60);
    Path idx = mnt.resolve("idx");
    Path filler = mnt.resolve("filler");
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      String hash = wi.store().indexHash();
      fill(filler);
      for (int i = 0; i < 20; i++) {
        Fixtures.write(ws, i, 2);
      }
      Throwable failure = null;
      for (int attempt = 0; attempt < 3 && failure == null; attempt++) {
        try {
          wi.refresh(Indexer.Progress.NONE, () -> false);
          fill(filler); // it found room somewhere (page cache, rounding): fill again and retry
        } catch (IOException | RuntimeException | Error e) {
          failure = e;
        }
      }
      assertNotNull(failure, "a full disk made the refresh fail");
      assertNotNull(StoreFaults.resourceProblem(failure), "a resource problem, not damage: " + failure);
      assertEquals(List.of(), wi.store().recoveryLog(), "nothing was treated as damage");
      assertEquals(hash, wi.store().indexHash(), "the index is as it was");
      assertNotNull(wi.store().facts(paths.get(40)), "and still answers");

      Files.delete(filler);
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals(List.of(), wi.store().recoveryLog());
      assertTrue(s.parsed() <= 20, "only the edited files were parsed: " + s.parsed());
    }
    Path clean = tmp.resolve("clean");
    Fixtures.assertSameIndex(Fixtures.cleanSnapshot(ws, clean), snapshotOf(idx), "after the disk had room");
  }

  @Test
  void aRealFullDiskDuringAFirstBuildIsAResourceProblemAndTheNextBuildIsClean() throws Exception {
    // a first build on a full disk (a small workspace's writes through memory maps; MapDB clears each new
    // slice of a mapped file with ordinary writes first, so the disk's fullness shows as ENOSPC there, and a
    // later SIGBUS would come as an InternalError): a resource problem, told apart from damage
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 60);
    Path idx = mnt.resolve("idx");
    Path filler = mnt.resolve("filler");
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      fill(filler);
      Throwable failure = null;
      try {
        wi.refresh(Indexer.Progress.NONE, () -> false);
      } catch (IOException | RuntimeException | Error e) {
        failure = e;
      }
      assertNotNull(failure, "a full disk made the first build fail");
      assertNotNull(StoreFaults.resourceProblem(failure), "a resource problem, not damage: " + failure);
      assertEquals(List.of(), wi.store().recoveryLog(), "nothing was treated as damage");
      Files.delete(filler);
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("rebuild", s.mode());
      assertEquals(List.of(), wi.store().recoveryLog());
    }
    Fixtures.assertSameIndex(Fixtures.cleanSnapshot(ws, tmp.resolve("clean")), snapshotOf(idx), "after the disk had room");
  }

  @Test
  void aReallyReadOnlyIndexFolderIsServedReadOnly() throws Exception {
    Path ws = tmp.resolve("ws");
    Fixtures.generate(ws, 30);
    Path idx = mnt.resolve("idx");
    IndexSummary built = Fixtures.index(ws, idx, 2);
    remount("ro");
    try {
      Fixtures.write(ws, 3, 2);
      try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
        assertEquals("the index directory is read-only", wi.store().readOnlyReason());
        assertEquals(built.indexHash(), wi.store().indexHash());
        assertTrue(!wi.store().definitions("Unit7").isEmpty(), "reads answer");
        StoreUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(StoreUnavailableException.class,
            () -> wi.refresh(Indexer.Progress.NONE, () -> false));
        assertEquals("the index directory is read-only", e.reason());
        assertEquals(List.of(), wi.store().recoveryLog());
      }
    } finally {
      remount("rw");
    }
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      assertEquals(built.indexHash(), wi.store().indexHash(), "kept, byte for byte");
      assertEquals(1, wi.refresh(Indexer.Progress.NONE, () -> false).parsed());
      assertEquals(List.of(), wi.store().recoveryLog());
    }
  }

  private void remount(String mode) throws Exception {
    Process p = new ProcessBuilder("mount", "-o", "remount," + mode, mnt.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "remount " + mode);
  }

  private static java.util.Map<String, Object> snapshotOf(Path idx) throws Exception {
    try (SymbolStore s = SymbolStore.open(idx)) {
      return Fixtures.snapshot(s);
    }
  }

  /** Writes zeros until the file system says it is full. */
  private static void fill(Path filler) {
    byte[] block = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // full now
    }
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // to the last byte
    }
  }
}
