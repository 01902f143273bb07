package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property behind incremental indexing: whatever sequence of edits a workspace goes through, a
 * long-lived index refreshed after each edit ends up equal to a clean index of the same files, in its
 * hash and in every answer (references with and without the declaration, definition at every use, call
 * hierarchy both ways, outlines, workspace symbols), asked through the kernel's public API only.
 *
 * <p>Each run starts from a fixture generated from its seed ({@link PropJavaModel}, {@link PropPythonModel}),
 * builds the long-lived index, then plays {@code vcr.prop.sequences} sequences of 1 to 5 random edits
 * (declarations added, removed, renamed with some of their uses, overloads, changed types and supertypes,
 * imports, files deleted, moved and added, bodies, syntax errors and their fixes). The long-lived index is
 * refreshed after every edit and now and then closed and reopened; after each sequence (after each edit
 * with {@code -Dvcr.prop.everyStep=true}) it is compared with a clean index built in a fresh directory.
 *
 * <p>System properties: {@code vcr.prop.runs} (runs per language, default 6), {@code vcr.prop.sequences}
 * (sequences per run, default 20), {@code vcr.prop.seed} (replay only that run's seed),
 * {@code vcr.prop.everyStep}. A failure prints the seed, the edit log and a diff of the answers.
 */
class IncrementalEqualsCleanTest {
  static final int RUNS = Integer.getInteger("vcr.prop.runs", 6);
  static final int SEQUENCES = Integer.getInteger("vcr.prop.sequences", 20);
  static final Long SEED = Long.getLong("vcr.prop.seed");
  static final boolean EVERY_STEP = Boolean.getBoolean("vcr.prop.everyStep");
  static final int THREADS = Integer.getInteger("vcr.prop.threads", 1);
  static final boolean VERBOSE = Boolean.getBoolean("vcr.prop.verbose");

  @TempDir Path tmp;

  @Test
  void javaEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("java", 1_000, PropJavaModel::new);
  }

  @Test
  void pythonEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("python", 2_000, PropPythonModel::new);
  }

  private void runAll(String lang, long firstSeed, Function<Random, PropModel> factory) throws Exception {
    List<Long> seeds = new ArrayList<>();
    if (SEED != null) {
      seeds.add(SEED);
    } else {
      for (int i = 0; i < RUNS; i++) {
        seeds.add(firstSeed + i);
      }
    }
    long start = System.nanoTime();
    int[] counts = new int[3];
    for (long seed : seeds) {
      run(lang, seed, factory, counts);
    }
    System.out.printf("IncrementalEqualsCleanTest %s: %d runs, %d sequences, %d edits, %d comparisons in %d ms"
        + " (refreshes %d ms, comparisons %d ms of which clean builds %d ms)%n", lang, seeds.size(), counts[0],
        counts[1], counts[2], (System.nanoTime() - start) / 1_000_000, refreshNanos / 1_000_000,
        compareNanos / 1_000_000, buildNanos / 1_000_000);
    System.out.println(java.util.Arrays.toString(java.util.Arrays.stream(PropAnswers.TIMES).map(t -> t / 1_000_000).toArray()));
  }

  /** Mtimes only go forward, one second per write, so a refresh never misses a same-size change. */
  private long clock = Fixtures.BASE_TIME.toMillis();
  private long refreshNanos;
  private long buildNanos;
  private long compareNanos;

  private void run(String lang, long seed, Function<Random, PropModel> factory, int[] counts) throws Exception {
    Path ws = tmp.resolve(lang + "-" + seed + "/ws");
    Path idx = indexRoot().resolve(lang + "-" + seed + "-idx");
    Files.createDirectories(ws);
    Random rnd = new Random(seed);
    PropModel model = factory.apply(rnd);
    List<String> log = new ArrayList<>();
    sync(ws, model.render(), log);
    WorkspaceIndex live = open(ws, idx);
    try {
      live.refresh(Indexer.Progress.NONE, () -> false);
      for (int seq = 0; seq < SEQUENCES; seq++) {
        counts[0]++;
        int steps = 1 + rnd.nextInt(5);
        log.add("sequence " + seq + ":");
        for (int step = 0; step < steps; step++) {
          counts[1]++;
          log.add("  " + model.edit(rnd));
          sync(ws, model.render(), log);
          long r0 = System.nanoTime();
          IndexSummary s = live.refresh(Indexer.Progress.NONE, () -> false);
          refreshNanos += System.nanoTime() - r0;
          assertEquals("incremental", s.mode(), "the long-lived index must take the incremental path");
          if (EVERY_STEP && step < steps - 1) {
            counts[2]++;
            compare(lang, seed, live, ws, model.queries(new Random(seed * 31 + seq)), log);
          }
        }
        counts[2]++;
        compare(lang, seed, live, ws, model.queries(new Random(seed * 31 + seq)), log);
        if (rnd.nextInt(8) == 0) {
          log.add("  (close and reopen the long-lived index)");
          live.close();
          live = open(ws, idx);
        }
      }
    } finally {
      live.close();
    }
    String dump = System.getProperty("vcr.prop.dump");
    if (dump != null) {
      Fixtures.copyTree(ws, Path.of(dump, lang + "-" + seed));
    }
    Fixtures.deleteTree(ws.getParent());
    Fixtures.deleteTree(idx);
  }

  private void compare(String lang, long seed, WorkspaceIndex live, Path ws, List<String> queries, List<String> log)
      throws IOException {
    Path cleanDir = indexRoot().resolve("clean");
    Fixtures.deleteTree(cleanDir);
    SortedMap<String, String> clean;
    long t0 = System.nanoTime();
    try (WorkspaceIndex wi = open(ws, cleanDir)) {
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("rebuild", s.mode());
      buildNanos += System.nanoTime() - t0;
      clean = PropAnswers.collect(wi, ws, queries);
    }
    Fixtures.deleteTree(cleanDir);
    SortedMap<String, String> incremental = PropAnswers.collect(live, ws, queries);
    compareNanos += System.nanoTime() - t0;
    String diff = PropAnswers.diff(clean, incremental, 25);
    if (!diff.isEmpty()) {
      throw new AssertionError("incremental index != clean index (" + lang + ", replay with -Dvcr.prop.seed=" + seed
          + " -Dtest=IncrementalEqualsCleanTest#" + lang + "EditSequencesEndEqualToACleanIndex)\n" + diff
          + "edit log (" + lang + ", seed " + seed + "):\n" + String.join("\n", log));
    }
  }

  private Path indexRoot;

  /** Where indexes go: {@code vcr.prop.indexDir} if set (a tmpfs saves the store's syncs), else the temp dir. */
  private Path indexRoot() throws IOException {
    if (indexRoot == null) {
      String dir = System.getProperty("vcr.prop.indexDir");
      indexRoot = dir == null ? tmp.resolve("indexes") : Files.createTempDirectory(Path.of(dir), "vcr-prop");
    }
    return indexRoot;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static WorkspaceIndex open(Path ws, Path idx) throws IOException {
    try {
      return WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(THREADS));
    } catch (IndexLockedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes the files under {@code ws} those of {@code files}: writes what changed, deletes what is gone. */
  private void sync(Path ws, SortedMap<String, String> files, List<String> log) throws IOException {
    for (String rel : PropAnswers.files(ws)) {
      if (!files.containsKey(rel)) {
        Files.delete(ws.resolve(rel));
      }
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = ws.resolve(e.getKey());
      if (Files.exists(p) && Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) {
        continue;
      }
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      clock += 1000;
      Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
    }
  }
}
