package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property behind incremental indexing: whatever edits a workspace goes through, a long-lived index
 * refreshed as they happen ends up equal to a clean index of the same files, in its hash and in every
 * answer (references with and without the declaration, definition at every use, call hierarchy both ways,
 * outlines, workspace symbols), asked through the kernel's public API only ({@link PropAnswers}), so that it
 * holds whatever the index stores (today names resolved at query time; links resolved at index time and
 * updated by interface delta once issue 10 lands).
 *
 * <p>A run is one seed. Its workspace holds {@code vcr.prop.projects} generated projects ({@link
 * PropJavaModel}, {@link PropPythonModel}, {@link PropTsModel}; each in its own folders with its own names,
 * so that one clean build checks several sequences at once). The long-lived index is built, then for each
 * of {@code vcr.prop.rounds} rounds every project gets a sequence of 1 to 5 random edits: declarations
 * added, removed, renamed with some of their uses; overloads; return, field and parameter types;
 * supertypes; imports; files deleted, moved and added (among them files declaring names other files
 * already use); bodies only; syntax errors and their fixes. The index is refreshed at the end of each
 * sequence and after a random third of the other edits (so a refresh sees one change or several), and now
 * and then closed, to be reopened after the next edits. After each round (after each refresh with
 * {@code -Dvcr.prop.everyStep=true}) it is compared with a clean index built in a fresh directory. The
 * summary line counts the answers about files no edit touched that changed between two comparisons: what
 * an index that re-resolved only the edited files would get wrong (every comparison has some).
 *
 * <p>System properties: {@code vcr.prop.runs} (seeds per language, default 2), {@code vcr.prop.rounds}
 * (default 8), {@code vcr.prop.projects} (default 4): runs x rounds x projects sequences per language, 192
 * in all by default, about a minute on two busy cores. {@code vcr.prop.seed=N} replays only seed N (the
 * seeds are 1000, 1001, ... for Java, 2000, ... for Python, 3000, ... for TypeScript, then 4000 C++, 5000
 * Rust, 6000 C#, 7000 PHP, 8000 Ruby, whose workspaces are hand-written files with switches
 * ({@link PropScriptModel}, {@link PropModuleSpecs}); keep the same
 * rounds and projects); {@code vcr.prop.everyStep}; {@code vcr.prop.indexDir} (where the indexes go;
 * default /dev/shm when there is one, as the store's syncs cost more than the rest on a disk);
 * {@code vcr.prop.dump=DIR} keeps each run's final workspace. A failure prints the seed, the whole edit log
 * of the run and the answers that differ.
 *
 * <p>Known, and outside this property: with {@code -Dvcr.prop.sameMtime=true} every write keeps one old mtime,
 * as with a tool that sets modification times. A refresh trusts size and mtime for files modified well
 * before its last scan, so a same-size edit is then not seen (TypeScript seed 3000, Java seed 1001, Python
 * seed 2000). Edits within the clock tick of a scan are seen: see {@code RacyEditTest}.
 */
class IncrementalEqualsCleanTest {
  static final int RUNS = Integer.getInteger("vcr.prop.runs", 2);
  static final int ROUNDS = Integer.getInteger("vcr.prop.rounds", 8);
  static final int PROJECTS = Integer.getInteger("vcr.prop.projects", 4);
  static final Long SEED = Long.getLong("vcr.prop.seed");
  static final boolean EVERY_STEP = Boolean.getBoolean("vcr.prop.everyStep");
  static final int THREADS = Integer.getInteger("vcr.prop.threads", 1);
  /**
   * Every write keeps the same mtime, as on a file system with a coarse clock when saves come within one
   * tick (or with tools that set mtimes). Off by default: today a same-size edit is then missed (see the
   * class comment).
   */
  static final boolean SAME_MTIME = Boolean.getBoolean("vcr.prop.sameMtime");

  @TempDir Path tmp;

  @Test
  void javaEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("java", 1_000, PropJavaModel::new);
  }

  @Test
  void pythonEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("python", 2_000, PropPythonModel::new);
  }

  @Test
  void typescriptEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("typescript", 3_000, PropTsModel::new);
  }

  // C++, Rust, C#, PHP and Ruby: hand-written files whose switches change what other files resolve to
  // (PropScriptModel, PropModuleSpecs): includes, namespaces, modules, use statements, enclosing modules.

  @Test
  void cppEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("cpp", 4_000, PropModuleSpecs::cpp);
  }

  @Test
  void rustEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("rust", 5_000, PropModuleSpecs::rust);
  }

  @Test
  void csharpEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("csharp", 6_000, PropModuleSpecs::csharp);
  }

  @Test
  void phpEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("php", 7_000, PropModuleSpecs::php);
  }

  @Test
  void rubyEditSequencesEndEqualToACleanIndex() throws Exception {
    runAll("ruby", 8_000, PropModuleSpecs::ruby);
  }

  /**
   * Fixed sequences of one switch's flips, each refreshed and then compared with a clean index: edits that
   * once left stale links, and that random sequences reach only now and then (a later flip back, or an edit
   * that re-links the same users, hides the staleness before the round's comparison).
   */
  @Test
  void knownCrossFileEditsEndEqualToACleanIndex() throws Exception {
    // a PHP file's first namespace renamed, its last one (the facts' qualified names) unchanged
    flips("php", PropModuleSpecs.PHP, "two namespaces in one file", 1, 2, 1, 0);
    // a header gains an include, then a using directive: its includers see other declarations
    flips("cpp", PropModuleSpecs.CPP, "util header", 1, 2, 1, 0, 2);
    // a header appears beside the includers and shadows the one they found above, then goes
    flips("cpp", PropModuleSpecs.CPP, "nearer header", 1, 0);
  }

  private void flips(String lang, PropScriptModel.Spec spec, String name, int... alts) throws IOException {
    Path ws = tmp.resolve("flips-" + lang + "/ws");
    Path idx = indexRoot().resolve("flips-" + lang + "-idx");
    Fixtures.deleteTree(ws.getParent());
    Fixtures.deleteTree(idx);
    PropScriptModel model = new PropScriptModel(spec, 0);
    previous = null;
    sync(ws, model.render());
    List<String> log = new ArrayList<>();
    try (WorkspaceIndex live = open(ws, idx)) {
      live.refresh(Indexer.Progress.NONE, () -> false);
      for (int alt : alts) {
        log.add("  " + model.set(name, alt) + "  [refresh]");
        sync(ws, model.render());
        refresh(live);
        compare(lang, 0, live, ws, model.queries(new Random(0)), log);
      }
    }
    Fixtures.deleteTree(idx);
  }

  /** The oracle is not vacuous: an index that missed the last edits differs from a clean one, readably. */
  @Test
  void anIndexThatMissedEditsIsCaught() throws Exception {
    Path ws = tmp.resolve("stale/ws");
    Random rnd = new Random(7);
    PropModel model = new PropJavaModel(rnd, 0);
    sync(ws, model.render());
    try (WorkspaceIndex live = open(ws, indexRoot().resolve("stale-idx"))) {
      live.refresh(Indexer.Progress.NONE, () -> false);
      List<String> log = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        log.add(model.edit(rnd));
      }
      sync(ws, model.render());
      AssertionError e = assertThrows(AssertionError.class,
          () -> compare("java", 7, live, ws, model.queries(rnd), log));
      assertTrue(e.getMessage().contains("answers differ") && e.getMessage().contains(log.get(0)), e.getMessage());
    }
  }

  private void runAll(String lang, long firstSeed, BiFunction<Random, Integer, PropModel> factory) throws Exception {
    List<Long> seeds = new ArrayList<>();
    if (SEED != null) {
      seeds.add(SEED);
    } else {
      for (int i = 0; i < RUNS; i++) {
        seeds.add(firstSeed + i);
      }
    }
    long start = System.nanoTime();
    long cpu = cpuNanos();
    for (long seed : seeds) {
      run(lang, seed, factory);
    }
    System.out.printf("IncrementalEqualsCleanTest %s: %d runs, %d sequences, %d edits, %d refreshes (%d ms),"
        + " %d comparisons (%d ms, of which clean builds %d ms) with %d answers compared, in %d ms (cpu %d ms);"
        + " %d answers about untouched files changed between comparisons, in %d of %d comparisons%n",
        lang, seeds.size(), sequences, edits, refreshes, refreshNanos / 1_000_000, comparisons,
        compareNanos / 1_000_000, buildNanos / 1_000_000, answers, (System.nanoTime() - start) / 1_000_000,
        (cpuNanos() - cpu) / 1_000_000, untouchedChanged, comparisonsWithUntouchedChanges,
        comparisons - seeds.size());
  }

  private int sequences;
  private int edits;
  private int refreshes;
  private int comparisons;
  private long answers;
  private long refreshNanos;
  private long buildNanos;
  private long compareNanos;

  private void run(String lang, long seed, BiFunction<Random, Integer, PropModel> factory) throws Exception {
    Path ws = tmp.resolve(lang + "-" + seed + "/ws");
    Path idx = indexRoot().resolve(lang + "-" + seed + "-idx");
    previous = null;
    Random rnd = new Random(seed);
    List<PropModel> projects = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      projects.add(factory.apply(rnd, p));
    }
    List<String> log = new ArrayList<>();
    sync(ws, render(projects));
    WorkspaceIndex live = open(ws, idx);
    try {
      live.refresh(Indexer.Progress.NONE, () -> false);
      for (int round = 0; round < ROUNDS; round++) {
        for (int p = 0; p < PROJECTS; p++) {
          sequences++;
          int steps = 1 + rnd.nextInt(5);
          log.add("round " + round + ", project p" + p + ":");
          for (int step = 0; step < steps; step++) {
            edits++;
            String what = projects.get(p).edit(rnd);
            sync(ws, render(projects));
            boolean refresh = step == steps - 1 || rnd.nextInt(3) == 0;
            log.add("  " + what + (refresh ? "  [refresh]" : ""));
            if (refresh) {
              if (live == null) {
                live = open(ws, idx);
              }
              refresh(live);
              if (EVERY_STEP && !(p == PROJECTS - 1 && step == steps - 1)) {
                compare(lang, seed, live, ws, queries(projects, seed, round), log);
              }
            }
          }
        }
        compare(lang, seed, live, ws, queries(projects, seed, round), log);
        if (rnd.nextInt(6) == 0) {
          log.add("(the long-lived index is closed; reopened at the next refresh, after edits made meanwhile)");
          live.close();
          live = null;
        }
      }
    } finally {
      if (live != null) {
        live.close();
      }
      String dump = System.getProperty("vcr.prop.dump");
      if (dump != null) { // kept on failure too: that is when it is needed
        Fixtures.copyTree(ws, Path.of(dump, lang + "-" + seed));
      }
    }
    Fixtures.deleteTree(ws.getParent());
    Fixtures.deleteTree(idx);
  }

  private void refresh(WorkspaceIndex live) throws IOException {
    refreshes++;
    long t0 = System.nanoTime();
    IndexSummary s = live.refresh(Indexer.Progress.NONE, () -> false);
    refreshNanos += System.nanoTime() - t0;
    assertEquals("incremental", s.mode(), "the long-lived index must take the incremental path");
  }

  private static SortedMap<String, String> render(List<PropModel> projects) {
    SortedMap<String, String> files = new TreeMap<>();
    for (PropModel m : projects) {
      files.putAll(m.render());
    }
    return files;
  }

  private static List<String> queries(List<PropModel> projects, long seed, int round) {
    Random rnd = new Random(seed * 31 + round);
    List<String> q = new ArrayList<>();
    for (PropModel m : projects) {
      q.addAll(m.queries(rnd));
    }
    return q;
  }

  /** Builds a clean index of the workspace in a fresh directory and asserts that {@code live} answers the same. */
  private void compare(String lang, long seed, WorkspaceIndex live, Path ws, List<String> queries, List<String> log)
      throws IOException {
    comparisons++;
    Path cleanDir = indexRoot().resolve("clean");
    Fixtures.deleteTree(cleanDir);
    long t0 = System.nanoTime();
    // The clean side on another thread: the two indexes share nothing but the files, which stay put.
    CompletableFuture<SortedMap<String, String>> cleanAnswers = CompletableFuture.supplyAsync(() -> {
      try (WorkspaceIndex wi = open(ws, cleanDir)) {
        IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
        assertEquals("rebuild", s.mode());
        synchronized (this) {
          buildNanos += System.nanoTime() - t0;
        }
        return PropAnswers.collect(wi, ws, queries);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    SortedMap<String, String> incremental = PropAnswers.collect(live, ws, queries);
    SortedMap<String, String> clean;
    try {
      clean = cleanAnswers.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    Fixtures.deleteTree(cleanDir);
    compareNanos += System.nanoTime() - t0;
    answers += clean.size();
    countRemoteEffects(clean);
    String diff = PropAnswers.diff(clean, incremental, 25);
    if (!diff.isEmpty()) {
      throw new AssertionError("incremental index != clean index (" + lang + ", seed " + seed + "; replay with"
          + " -Dtest=IncrementalEqualsCleanTest#" + lang + "EditSequencesEndEqualToACleanIndex -Dvcr.prop.seed=" + seed
          + " and the same vcr.prop.rounds/projects)\n" + diff + "edit log:\n" + String.join("\n", log));
    }
  }

  private Path indexRoot;

  /** Where indexes go: {@code vcr.prop.indexDir}, else /dev/shm if there is one, else the test's temp dir. */
  private Path indexRoot() throws IOException {
    if (indexRoot == null) {
      String dir = System.getProperty("vcr.prop.indexDir", "/dev/shm");
      Path base = Path.of(dir);
      indexRoot = Files.isDirectory(base) && Files.isWritable(base)
          ? Files.createTempDirectory(base, "vcr-prop-") : tmp.resolve("indexes");
    }
    return indexRoot;
  }

  @AfterEach
  void deleteIndexes() {
    if (indexRoot != null) {
      Fixtures.deleteTree(indexRoot);
    }
  }

  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  private static WorkspaceIndex open(Path ws, Path idx) throws IOException {
    try {
      return WorkspaceIndex.open(Workspace.of(ws), idx, Fixtures.options(THREADS));
    } catch (IndexLockedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files written or deleted since the last comparison. */
  private final java.util.Set<String> touched = new java.util.HashSet<>();
  /** The clean answers of the last comparison of the current run. */
  private SortedMap<String, String> previous;
  /** Answers about files no edit touched that changed between two comparisons, and the comparisons that had any. */
  private long untouchedChanged;
  private int comparisonsWithUntouchedChanges;

  /**
   * Counts the answers about files that no edit touched since the last comparison, but that changed: what
   * an index that re-resolved only the edited files would get wrong. It shows the edits reach across files.
   */
  private void countRemoteEffects(SortedMap<String, String> clean) {
    if (previous != null) {
      long n = 0;
      for (Map.Entry<String, String> e : clean.entrySet()) {
        String k = e.getKey();
        int colon = k.indexOf(':');
        int space = k.indexOf(' ');
        int end = colon < 0 ? space : space < 0 ? colon : Math.min(colon, space);
        String path = end < 0 ? k : k.substring(0, end);
        if (!k.startsWith("~") && !touched.contains(path) && previous.containsKey(k)
            && !previous.get(k).equals(e.getValue())) {
          n++;
        }
      }
      untouchedChanged += n;
      comparisonsWithUntouchedChanges += n > 0 ? 1 : 0;
    }
    previous = clean;
    touched.clear();
  }

  /** Mtimes only go forward, a second per write, so a refresh never takes a changed file for unchanged. */
  private long clock = Fixtures.BASE_TIME.toMillis();

  /** Makes the files under {@code ws} those of {@code files}: writes what changed, deletes what is gone. */
  private void sync(Path ws, SortedMap<String, String> files) throws IOException {
    Files.createDirectories(ws);
    for (String rel : PropAnswers.files(ws)) {
      if (!files.containsKey(rel)) {
        Files.delete(ws.resolve(rel));
        touched.add(rel);
      }
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = ws.resolve(e.getKey());
      if (Files.exists(p) && Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) {
        continue;
      }
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      touched.add(e.getKey());
      clock += SAME_MTIME ? 0 : 1000;
      Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
    }
  }
}
