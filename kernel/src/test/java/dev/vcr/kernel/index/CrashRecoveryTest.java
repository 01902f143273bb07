package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real indexing JVM with SIGKILL ({@link Process#destroyForcibly()}) at pseudo-random moments,
 * then opens its index in this JVM: the open must not throw, and one refresh must bring it to exactly the
 * index a clean build of the same files gives (same hash, same answers).
 *
 * <p>The child ({@link CrashChild}) cycles one index through three workspaces with the same relative
 * paths: C (270 of A's 300 files edited: a rebuild into a new generation and a CURRENT swap), A (the base;
 * again a rebuild), B (30 files of A edited: an in-place refresh in WAL batches of 8 files), A (in place
 * again), and so on. Workspace files never change, so the reference is one clean index of A; after each
 * kill the parent leaves the index at A, so every child starts with a rebuild.
 *
 * <p>The kill moments come from a fixed seed. Half are plain delays of 0–3.5 s after the child starts (most
 * land in JVM start-up, the open or the first, cold run). The other half wait for the n-th time the child
 * enters its "writing" (generation write), "merging" (the external sort's merge into the name tables of a
 * new generation) or "indexing" (parse and in-place batches) phase and then a
 * further 0–60 ms, so that enough kills land inside writes for the test not to be vacuous; the phase the
 * child was really in is taken from its output and counted.
 */
class CrashRecoveryTest {
  static final int FILES = 300;
  /** The suite's 18 kills; scripts/kill9-campaign.sh runs a longer campaign with -Dvcr.crash.kills. */
  static final int KILLS = Integer.getInteger("vcr.crash.kills", 18);
  /** Phases the half of the kills that wait for one aim at ({@code -Dvcr.crash.phases}, comma-separated). */
  static final String[] PHASES = System.getProperty("vcr.crash.phases", "writing,indexing,merging").split(",");
  static final long SEED = Long.getLong("vcr.crash.seed", 20240917L);
  /** How long to wait for a child to reach a phase (a loaded machine can take minutes for a few builds). */
  static final long PHASE_WAIT_MILLIS = Long.getLong("vcr.crash.phaseWaitMillis", 120_000L);

  @TempDir Path tmp;

  @Test
  void killedIndexerNeverLeavesAWrongIndex() throws Exception {
    Path a = tmp.resolve("ws-a");
    Path b = tmp.resolve("ws-b");
    Path c = tmp.resolve("ws-c");
    Fixtures.generate(a, FILES);
    Fixtures.copyTree(a, b);
    Fixtures.copyTree(a, c);
    for (int i = 0; i < 30; i++) {
      Fixtures.write(b, i * 10, 1);
    }
    for (int i = 0; i < FILES; i++) {
      if (i % 10 != 9) {
        Fixtures.write(c, i, 2); // 270 files: over the rebuild threshold of 256
      }
    }
    Map<String, Object> clean = Fixtures.cleanSnapshot(a, tmp.resolve("clean"));
    String cleanHash = (String) clean.get("hash");

    Path idx = tmp.resolve("idx");
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp")); // its tree-sitter .so copies
    Random random = new Random(SEED);
    Map<String, Integer> lastPhases = new TreeMap<>();
    int repaired = 0;
    int maxRuns = 0;
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int k = 0; k < KILLS; k++) {
      String trigger;
      int occurrence = 0;
      long delay;
      if (k % 2 == 0) {
        trigger = "time";
        delay = (long) (random.nextDouble() * 3500);
      } else {
        trigger = PHASES[(k / 2) % PHASES.length];
        occurrence = 1 + random.nextInt(trigger.equals("indexing") ? 4 : 3);
        delay = random.nextInt(61);
      }
      Child child = Child.start(childTmp, idx, c, a, b, a);
      if (!trigger.equals("time")) {
        assertTrue(child.awaitLine("phase " + trigger, occurrence, PHASE_WAIT_MILLIS),
            "the child never reached " + trigger + " #" + occurrence + ": " + child.lines);
      }
      boolean exited = child.process.waitFor(delay, TimeUnit.MILLISECONDS);
      List<String> before = child.snapshot(); // what it had printed when the signal went out
      child.process.destroyForcibly();
      assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "child did not die");
      child.reader.join(5000);
      assertFalse(exited, "the child exited by itself before the kill: " + child.lines);
      assertEquals(137, child.process.exitValue(), "not killed by SIGKILL; output: " + child.lines);
      for (String line : child.lines) {
        assertTrue(line.startsWith("phase "), "child failed: " + String.join("\n", child.lines));
      }
      String phase = "started";
      int runs = 0;
      String at = "";
      for (String line : before) {
        String[] words = line.split(" ");
        phase = words[1];
        at = words[words.length - 1];
        if (phase.equals("done")) {
          runs++;
        }
      }
      maxRuns = Math.max(maxRuns, runs);
      lastPhases.merge(phase, 1, Integer::sum);

      // Recover in this JVM: the open repairs whatever it finds, a refresh re-indexes what is missing.
      try (WorkspaceIndex wi = Fixtures.open(a, idx, 2)) {
        List<String> recovery = wi.store().recoveryLog();
        if (!recovery.isEmpty()) {
          repaired++;
        }
        IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
        String what = "kill " + k + " (" + trigger + (occurrence > 0 ? " #" + occurrence : "") + " +" + delay
            + " ms) in phase " + phase + " (entered " + at + "), runs done " + runs + ", recovery " + recovery;
        log.add(what + " -> " + s.mode() + ", parsed " + s.parsed());
        assertEquals(cleanHash, s.indexHash(), what);
        assertEquals(FILES, s.scanned(), what);
        if (k % 3 == 0) {
          Fixtures.assertSameIndex(clean, Fixtures.snapshot(wi.store()), what);
        }
      }
    }
    System.out.println("[crash] " + KILLS + " kills in " + (System.nanoTime() - t0) / 1_000_000 + " ms, last phases "
        + lastPhases + ", stores repaired on open " + repaired + ", most runs completed by one child " + maxRuns);
    log.forEach(l -> System.out.println("[crash] " + l));
    // Not vacuous: kills must have landed inside index writes, of both kinds.
    // "writing" (the install begins), "sorting" (its links tables written, inside the install) and "merging"
    // (the name tables) are all writes of a new generation; with the build's pages cached in memory the install
    // is short, and a kill aimed at "writing" often lands in "sorting"
    int writing = lastPhases.getOrDefault("writing", 0) + lastPhases.getOrDefault("sorting", 0);
    int indexing = lastPhases.getOrDefault("indexing", 0);
    int merging = lastPhases.getOrDefault("merging", 0);
    assertTrue(writing + merging >= 3, "too few kills during a generation write: " + lastPhases);
    assertTrue(merging >= 1, "no kill during the merge of a build's name tables: " + lastPhases);
    assertTrue(indexing >= 3, "too few kills during indexing: " + lastPhases);
    assertTrue(maxRuns >= 2, "children never got past their first runs: " + maxRuns);
    // The lock died with the killed process: nothing stays locked.
    try (SymbolStore s = SymbolStore.open(idx)) {
      assertEquals(cleanHash, s.indexHash());
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A child JVM running {@link CrashChild} with its output collected line by line. */
  static final class Child {
    final Process process;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Thread reader;

    private Child(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the child died
        }
      }, "crash-child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path childTmp, Path idx, Path... workspaces) throws IOException {
      return start(childTmp, "loop", idx, workspaces);
    }

    static Child start(Path childTmp, String mode, Path idx, Path... workspaces) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xss4m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + childTmp, "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), mode, idx.toString()));
      for (Path w : workspaces) {
        cmd.add(w.toString());
      }
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectErrorStream(true);
      return new Child(pb.start());
    }

    List<String> snapshot() {
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    /** Waits until {@code n} lines starting with {@code prefix} were printed; false on timeout or exit. */
    boolean awaitLine(String prefix, int n, long timeoutMillis) throws InterruptedException {
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
      while (System.nanoTime() < deadline) {
        int seen = 0;
        for (String line : snapshot()) {
          if (line.startsWith(prefix)) {
            seen++;
          }
        }
        if (seen >= n) {
          return true;
        }
        if (process.waitFor(1, TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
      return false;
    }
  }
}
