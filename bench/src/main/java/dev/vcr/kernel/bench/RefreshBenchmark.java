package dev.vcr.kernel.bench;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Navigator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a running daemon pays when one file is saved: the index is opened (and brought up to date) once,
 * then each round changes one file on disk, refreshes, and asks for the references of a declaration the
 * change added; the file is restored and refreshed again. Prints each round and the medians of the rounds
 * after the first (a warm JVM, as a daemon is). A measurement, not a test.
 *
 * <pre>bench/run.sh refresh --dir DIR [--file REL] [--index-dir DIR] [--rounds N] [--saved]</pre>
 *
 * <p>{@code --saved}: each refresh is told the saved file, as the daemon is by a save or a watcher
 * ({@code WorkspaceIndex.refreshChanged}, no scan); without it each refresh scans, as {@code vcr index} does.
 *
 * <p>{@code --file} defaults to {@code java/lang/String.java} or {@code kernel/sched/core.c} when present.
 * The change appends a declaration in the file's language (Java: a class with a method; C: a function),
 * so the interface of the file changes and the relink pass has work to do. {@code --index-dir} keeps the
 * index between runs (default: a fresh folder under the bench cache, deleted afterwards).
 */
public final class RefreshBenchmark {
  private RefreshBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    String file = null;
    Path indexDir = null;
    int rounds = 8;
    boolean saved = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--file" -> file = args[++i];
        case "--index-dir" -> indexDir = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--saved" -> saved = true;
        default -> {
          System.err.println("usage: RefreshBenchmark --dir DIR [--file REL] [--index-dir DIR] [--rounds N] [--saved]");
          System.exit(2);
        }
      }
    }
    if (dir == null) {
      System.err.println("RefreshBenchmark: --dir DIR is required");
      System.exit(2);
    }
    if (file == null) {
      file = Files.exists(dir.resolve("java/lang/String.java")) ? "java/lang/String.java" : "kernel/sched/core.c";
    }
    Path touched = dir.resolve(file);
    boolean isJava = file.endsWith(".java");
    boolean ownIndex = indexDir == null;
    if (ownIndex) {
      Files.createDirectories(IndexBenchmark.benchDir());
      indexDir = Files.createTempDirectory(IndexBenchmark.benchDir(), "refresh-index-");
    }
    byte[] original = Files.readAllBytes(touched);
    FileTime originalTime = Files.getLastModifiedTime(touched);
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(dir), indexDir, IndexOptions.defaults())) {
      long t0 = System.nanoTime();
      IndexSummary first = wi.refresh(Indexer.Progress.NONE, () -> false);
      System.out.printf(Locale.ROOT, "open+refresh %d ms (mode %s, %d parsed) over %s%n",
          (System.nanoTime() - t0) / 1_000_000, first.mode(), first.parsed(), dir);
      List<Long> change = new ArrayList<>();
      List<Long> changeCpu = new ArrayList<>();
      List<Long> answer = new ArrayList<>();
      List<Long> restore = new ArrayList<>();
      List<Long> nothing = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        String name = "vcrBenchAdded" + round;
        String added = isJava
            ? "\nclass VcrBenchTouched" + round + " { void " + name + "() {} }\n"
            : "\nint " + name + "(void) { return 0; }\n";
        IndexSummary s;
        try {
          Files.write(touched, (new String(original, StandardCharsets.UTF_8) + added).getBytes(StandardCharsets.UTF_8));
          Files.setLastModifiedTime(touched, FileTime.fromMillis(originalTime.toMillis() + 60_000L * (round + 1)));
          t0 = System.nanoTime();
          double cpu0 = IndexBenchmark.processCpuSeconds();
          s = refresh(wi, saved, file);
          change.add((System.nanoTime() - t0) / 1_000_000);
          changeCpu.add(Math.round((IndexBenchmark.processCpuSeconds() - cpu0) * 1000));
          t0 = System.nanoTime();
          Navigator nav = wi.navigator();
          int defs = nav.definitionsNamed(name).size();
          answer.add((System.nanoTime() - t0) / 1_000_000);
          if (defs != 1 || s.parsed() != 1) {
            throw new IllegalStateException("round " + round + ": " + defs + " definitions of " + name + ", "
                + s.parsed() + " files parsed");
          }
        } finally {
          Files.write(touched, original);
          Files.setLastModifiedTime(touched, originalTime);
        }
        t0 = System.nanoTime();
        refresh(wi, saved, file);
        restore.add((System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        refresh(wi, saved, file);
        nothing.add((System.nanoTime() - t0) / 1_000_000);
      }
      System.out.printf(Locale.ROOT, "%s (%.0f KB), %d rounds, %s; ms per round, then the median of rounds 2..%d"
          + " (load average %.2f):%n", file, original.length / 1024.0, rounds,
          saved ? "refreshing the saved file alone (--saved)" : "each refresh scanning the tree", rounds,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      row("declaration added, refresh", change);
      row("  its CPU time (all threads)", changeCpu);
      row("definition lookup after it", answer);
      row("restored, refresh", restore);
      row("nothing changed, refresh", nothing);
      System.out.println("  kept decoded by the relinks: " + dev.vcr.kernel.query.StoreLinker.INSTANCE.carriedContents());
      long withCarried = heapAfterGc();
      dev.vcr.kernel.query.StoreLinker.INSTANCE.forgetCarried();
      System.out.printf(Locale.ROOT, "  which weigh about %.0f MB of heap (live heap after a full GC: %.0f MB, %.0f MB without them)%n",
          (withCarried - heapAfterGc()) / 1e6, withCarried / 1e6, heapAfterGc() / 1e6);
    } finally {
      Files.write(touched, original);
      Files.setLastModifiedTime(touched, originalTime);
      if (ownIndex) {
        IndexBenchmark.deleteTree(indexDir);
      }
    }
  }

  private static IndexSummary refresh(WorkspaceIndex wi, boolean saved, String file) throws java.io.IOException {
    return saved ? wi.refreshChanged(List.of(file), Indexer.Progress.NONE, () -> false)
        : wi.refresh(Indexer.Progress.NONE, () -> false);
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    java.lang.management.MemoryUsage h = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return h.getUsed();
  }

  private static void row(String label, List<Long> ms) {
    List<Long> later = new ArrayList<>(ms.subList(Math.min(1, ms.size()), ms.size()));
    later.sort(null);
    long median = later.isEmpty() ? ms.get(0) : later.get(later.size() / 2);
    System.out.printf(Locale.ROOT, "  %-28s %s  median %d%n", label, ms, median);
  }
}
