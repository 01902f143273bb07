package dev.vcr.kernel.bench;

import com.google.common.hash.Hashing;
import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.FileRecord;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.metrics.Distribution;
import dev.vcr.kernel.metrics.ProcessStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Indexes the JDK's {@code java.base} sources cold, warm (nothing changed) and after one file changed, and
 * times {@code ctags -R} over the same files. Prints the figures; it is a measurement, not a test.
 *
 * <p>Sources: {@code --src-zip PATH}, else {@code $VCR_BENCH_SRC_ZIP}, {@code $JAVA_HOME/lib/src.zip}, the
 * running JDK's {@code lib/src.zip}, {@code /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip}, then any
 * {@code /usr/lib/jvm/*}{@code /lib/src.zip}. They are unpacked once into
 * {@code ${VCR_BENCH_DIR:-~/.cache/vcr-bench}}; each run indexes into a fresh directory there and deletes
 * it afterwards (unless {@code --keep-index}). Options: {@code --threads N} (default: processors).
 */
public final class IndexBenchmark {
  private IndexBenchmark() {}

  public static void main(String[] args) throws Exception {
    String zipArg = null;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean keepIndex = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--src-zip":
          zipArg = args[++i];
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--keep-index":
          keepIndex = true;
          break;
        default:
          System.err.println("usage: IndexBenchmark [--src-zip PATH] [--threads N] [--keep-index]");
          System.exit(2);
      }
    }
    Path benchDir = benchDir();
    Path zip = findSrcZip(zipArg);
    Path src = unpack(zip, benchDir);
    Files.createDirectories(benchDir);
    Path idx = Files.createTempDirectory(benchDir, "index-");
    try {
      run(zip, src, idx, threads);
    } finally {
      if (!keepIndex) {
        deleteTree(idx);
      } else {
        System.out.println("index kept in " + idx);
      }
    }
  }

  private static void run(Path zip, Path src, Path idx, int threads) throws Exception {
    IndexOptions options = IndexOptions.defaults().withThreads(threads);
    Workspace workspace = Workspace.of(src);
    System.out.printf(Locale.ROOT, "corpus       %s (java.base from %s)%n", src, zip);
    System.out.printf(Locale.ROOT, "jvm          %s %s, %d processors, max heap %s, %d parser threads%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), mb(Runtime.getRuntime().maxMemory()), threads);

    String loadStart = loadAverage();
    // ctags needs the file list; the scan Vcr does is cheap, so list the files the same way first.
    List<Path> scanned = new ArrayList<>();
    for (dev.vcr.kernel.scan.ScannedFile f : new dev.vcr.kernel.scan.WorkspaceScanner(options.scan())
        .scan(workspace.roots()).files()) {
      scanned.add(f.absolute());
    }
    Ctags before = ctags(scanned, idx);

    // ---- cold: empty index directory
    double cpu0 = processCpuSeconds();
    long t0 = System.nanoTime();
    WorkspaceIndex wi = WorkspaceIndex.open(workspace, idx, options);
    long openNs = System.nanoTime() - t0;
    IndexSummary cold = wi.refresh(Indexer.Progress.NONE, () -> false);
    long coldNs = System.nanoTime() - t0;
    double coldCpuS = processCpuSeconds() - cpu0;
    long heapAfterCold = ProcessStats.heapUsedBytes();
    long sourceBytes = 0;
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, FileRecord> e : wi.store().files().entrySet()) {
      sourceBytes += e.getValue().size();
      files.add(src.resolve(e.getKey()));
    }
    Distribution parse = wi.metrics().distribution("index.parse_micros");
    long indexBytes = wi.store().sizeOnDisk();
    double coldS = coldNs / 1e9;
    System.out.printf(Locale.ROOT, "files        %d indexed (%d scanned, %d skipped, %d warnings), %d parsed%n",
        files.size(), cold.scanned(), cold.skipped().size(), cold.warnings().size(), cold.parsed());
    System.out.printf(Locale.ROOT, "source       %.1f MB; %d definitions, %d references, %d calls%n",
        sourceBytes / 1e6, cold.definitions(), cold.references(), cold.calls());
    System.out.printf(Locale.ROOT, "cold index   %.2f s wall, %.2f s cpu (open %d ms, mode %s): %.0f files/s, %.2f MB/s%n",
        coldS, coldCpuS, openNs / 1_000_000, cold.mode(), cold.parsed() / coldS, sourceBytes / 1e6 / coldS);
    System.out.printf(Locale.ROOT, "parse        per file P50 %d us, P95 %d us, P99 %d us (n=%d, sum %.2f s of parser-thread time)%n",
        parse.percentile(50), parse.percentile(95), parse.percentile(99), parse.count(), parse.sum() / 1e6);
    System.out.printf(Locale.ROOT, "files with parse errors %d%n", wi.metrics().count("index.files_with_errors"));
    System.out.printf(Locale.ROOT, "index size   %.1f MB on disk (%.2f x source)%n", indexBytes / 1e6,
        (double) indexBytes / sourceBytes);

    // ---- warm: nothing changed
    t0 = System.nanoTime();
    IndexSummary warm = wi.refresh(Indexer.Progress.NONE, () -> false);
    long warmNs = System.nanoTime() - t0;
    System.out.printf(Locale.ROOT, "warm refresh %d ms, %d parsed (mode %s)%n", warmNs / 1_000_000, warm.parsed(),
        warm.mode());

    // ---- one file changed (restored afterwards, so the unpacked corpus stays pristine)
    Path touched = src.resolve("java/lang/String.java");
    if (!Files.exists(touched)) {
      touched = files.get(files.size() / 2);
    }
    byte[] original = Files.readAllBytes(touched);
    FileTime originalTime = Files.getLastModifiedTime(touched);
    // A running daemon refreshes after each save: the first round is what a fresh JVM pays, the later ones
    // (a declaration added, then the file restored) what a warm server pays.
    List<Long> oneMs = new ArrayList<>();
    List<Long> restoreMs = new ArrayList<>();
    IndexSummary one = null;
    IndexSummary restored = null;
    for (int round = 0; round < 6; round++) {
      try {
        Files.write(touched, (new String(original, StandardCharsets.UTF_8) + "\nclass VcrBenchTouched" + round
            + " { void touchedMethod" + round + "() {} }\n").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(touched, FileTime.fromMillis(originalTime.toMillis() + 60_000 * (round + 1)));
        t0 = System.nanoTime();
        one = wi.refresh(Indexer.Progress.NONE, () -> false);
        oneMs.add((System.nanoTime() - t0) / 1_000_000);
      } finally {
        Files.write(touched, original);
        Files.setLastModifiedTime(touched, originalTime);
      }
      t0 = System.nanoTime();
      restored = wi.refresh(Indexer.Progress.NONE, () -> false);
      restoreMs.add((System.nanoTime() - t0) / 1_000_000);
    }
    List<Long> later = new ArrayList<>(oneMs.subList(1, oneMs.size()));
    later.sort(null);
    System.out.printf(Locale.ROOT, "one file     %d ms first, then median %d ms, max %d ms (rounds %s), %d parsed (mode %s; %s, %.0f KB, a class added)%n",
        oneMs.get(0), later.get(later.size() / 2), later.get(later.size() - 1), oneMs, one.parsed(), one.mode(),
        src.relativize(touched), original.length / 1024.0);
    System.out.printf(Locale.ROOT, "restored     %s ms, %d parsed, hash %s the cold one%n", restoreMs, restored.parsed(),
        restored.indexHash().equals(cold.indexHash()) ? "equal to" : "DIFFERENT FROM");

    // ---- memory
    long heapNow = ProcessStats.heapUsedBytes();
    System.gc();
    long heapAfterGc = ProcessStats.heapUsedBytes();
    System.out.printf(Locale.ROOT, "heap         %s used after the cold index, %s now, %s after a full GC%n",
        mb(heapAfterCold), mb(heapNow), mb(heapAfterGc));
    System.out.printf(Locale.ROOT, "rss          %s now, peak %s%n", mb(ProcessStats.rssBytes()),
        mb(ProcessStats.peakRssBytes()));

    // ---- reopen, and the cost of reading every facts blob (what a full check on open would pay)
    wi.close();
    t0 = System.nanoTime();
    wi = WorkspaceIndex.open(workspace, idx, options);
    long reopenNs = System.nanoTime() - t0;
    IndexSummary reopened = wi.refresh(Indexer.Progress.NONE, () -> false);
    long reopenRefreshNs = System.nanoTime() - t0 - reopenNs;
    t0 = System.nanoTime();
    long factsBytes = 0;
    int mismatched = 0;
    for (Map.Entry<String, FileRecord> e : wi.store().files().entrySet()) {
      byte[] blob = wi.store().encodedFacts(e.getKey());
      factsBytes += blob.length;
      if (Hashing.farmHashFingerprint64().hashBytes(blob).asLong() != e.getValue().factsDigest()) {
        mismatched++;
      }
    }
    long scanNs = System.nanoTime() - t0;
    wi.close();
    System.out.printf(Locale.ROOT, "reopen       open %d ms (checks included), refresh %d ms, %d parsed, recovery %s%n",
        reopenNs / 1_000_000, reopenRefreshNs / 1_000_000, reopened.parsed(), reopened.recovery());
    System.out.printf(Locale.ROOT, "facts scan   %d ms to read and digest all %.1f MB of facts (%d mismatched)%n",
        scanNs / 1_000_000, factsBytes / 1e6, mismatched);

    // ---- ctags over the same files: once before (see the top of run) and once now; the machine's load
    // changes between runs, so the ratio uses the mean of the two.
    Ctags after = ctags(files, idx);
    System.out.printf(Locale.ROOT, "load         %s at the start, %s at the end (1, 5, 15 min)%n", loadStart, loadAverage());
    if (before != null && after != null) {
      double ctagsWall = (before.wallS + after.wallS) / 2;
      double ctagsCpu = (before.cpuS + after.cpuS) / 2;
      System.out.printf(Locale.ROOT, "ctags        %.2f s / %.2f s wall before / after vcr (cpu %.2f / %.2f s) over the same %d files,"
          + " %d tags: %.0f files/s, %.1f MB/s%n", before.wallS, after.wallS, before.cpuS, after.cpuS, files.size(),
          after.tags, files.size() / ctagsWall, sourceBytes / 1e6 / ctagsWall);
      System.out.printf(Locale.ROOT, "vcr/ctags    %.1f x wall time (cold index vs ctags), %.1f x cpu time%n",
          coldS / ctagsWall, coldCpuS / ctagsCpu);
    }
  }

  /** One ctags run: wall and cpu seconds, tag count. */
  private record Ctags(double wallS, double cpuS, long tags) {}

  private static Ctags ctags(List<Path> files, Path dir) throws InterruptedException {
    try {
      Path list = dir.resolve("ctags-files.txt");
      Path tags = dir.resolve("tags");
      StringBuilder b = new StringBuilder();
      for (Path f : files) {
        b.append(f).append('\n');
      }
      Files.writeString(list, b);
      // bash's time reports the child's user and system cpu time on stderr.
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("bash", "-c",
          "TIMEFORMAT='cpu %3U %3S'; time ctags -f \"$1\" -L \"$2\" >/dev/null 2>&1", "bash", tags.toString(),
          list.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int code = p.waitFor();
      double wall = (System.nanoTime() - t0) / 1e9;
      if (code != 0 || !Files.exists(tags)) {
        System.out.println("ctags        failed (" + code + "): " + out);
        return null;
      }
      String[] cpu = out.substring(out.lastIndexOf("cpu ")).split(" ");
      long count;
      try (java.util.stream.Stream<String> lines = Files.lines(tags, StandardCharsets.ISO_8859_1)) {
        count = lines.filter(l -> !l.startsWith("!_TAG_")).count();
      }
      Files.delete(tags);
      return new Ctags(wall, Double.parseDouble(cpu[1]) + Double.parseDouble(cpu[2]), count);
    } catch (IOException | RuntimeException e) {
      System.out.println("ctags        not run: " + e);
      return null;
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  static Path benchDir() {
    String env = System.getenv("VCR_BENCH_DIR");
    return env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "vcr-bench");
  }

  static Path findSrcZip(String explicit) throws IOException {
    List<Path> candidates = new ArrayList<>();
    if (explicit != null) {
      candidates.add(Path.of(explicit));
    }
    String env = System.getenv("VCR_BENCH_SRC_ZIP");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(Path.of(javaHome, "lib", "src.zip"));
    }
    candidates.add(Path.of(System.getProperty("java.home"), "lib", "src.zip"));
    candidates.add(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip"));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (java.util.stream.Stream<Path> list = Files.list(jvms)) {
        list.sorted().forEach(d -> candidates.add(d.resolve("lib").resolve("src.zip")));
      }
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) { // follows symlinks: a dangling link is skipped
        return c.toRealPath();
      }
    }
    throw new IOException("no JDK src.zip found (tried " + candidates + "); pass --src-zip or set VCR_BENCH_SRC_ZIP");
  }

  /** Unpacks the {@code java.base/} entries once per zip; returns the folder holding them. */
  static Path unpack(Path zip, Path benchDir) throws IOException {
    String id = Hashing.sha256().hashString(zip + ":" + Files.size(zip) + ":" + Files.getLastModifiedTime(zip),
        StandardCharsets.UTF_8).toString().substring(0, 12);
    Path target = benchDir.resolve("java.base-" + id);
    Path done = target.resolve(".complete");
    if (Files.exists(done)) {
      return target.resolve("java.base");
    }
    deleteTree(target);
    Files.createDirectories(target);
    System.out.println("unpacking java.base from " + zip + " into " + target);
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (!e.getName().startsWith("java.base/") || e.isDirectory()) {
          continue;
        }
        Path out = target.resolve(e.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("bad zip entry " + e.getName());
        }
        Files.createDirectories(out.getParent());
        Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
        if (e.getLastModifiedTime() != null) {
          Files.setLastModifiedTime(out, e.getLastModifiedTime());
        }
      }
    }
    Files.writeString(done, zip + "\n");
    return target.resolve("java.base");
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
