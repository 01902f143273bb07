package dev.vcr.bench;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.kernel.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extraction throughput (parse + query + FileFacts, no index) over java.base, through tree-sitter-ng and
 * through the native fast path, with 1 and 2 threads. Files are read into memory first; passes alternate
 * between the paths so that load from other processes hits both alike.
 *
 * <pre>bench/run.sh extract [--src-zip PATH] [--passes N]</pre>
 * needs {@code -Dvcr.native=<libvcrts.so>} (bench/run.sh passes it when native/build.sh can build it).
 */
public final class ExtractBenchmark {
  private ExtractBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    int passes = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--src-zip": zip = Path.of(args[++i]); break;
        case "--passes": passes = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!Files.isRegularFile(zip)) {
      zip = Path.of("/usr/lib/jvm/openjdk-17/lib/src.zip");
    }
    List<byte[]> files = read(zip);
    long bytes = files.stream().mapToLong(b -> b.length).sum();
    System.out.printf(Locale.ROOT, "java.base: %d files, %.1f MB; native extractor: %s%n",
        files.size(), bytes / 1e6, NativeExtractor.describe());
    boolean fast = SymbolExtractor.usesNative(Language.JAVA);
    if (!fast) {
      System.out.println("the native path is not available; measuring tree-sitter-ng only");
    }
    // Warm-up: JIT, parsers, queries; and a check that both paths agree on every file.
    long captures = checksum(files, false);
    if (fast && checksum(files, true) != captures) {
      throw new IllegalStateException("the two paths give different facts");
    }
    int[] threadCounts = {1, 2};
    int paths = fast ? 2 : 1;
    // [path][threads][pass]: wall MB/s, and MB per CPU-second of the worker threads (less sensitive to other
    // processes on the machine than wall time).
    double[][][] wall = new double[paths][threadCounts.length][passes];
    double[][][] cpu = new double[paths][threadCounts.length][passes];
    for (int p = 0; p < passes; p++) {
      for (int t = 0; t < threadCounts.length; t++) {
        for (int path = 0; path < paths; path++) {
          double[] r = run(files, bytes, path == 1, threadCounts[t]);
          wall[path][t][p] = r[0];
          cpu[path][t][p] = r[1];
        }
      }
    }
    System.out.printf(Locale.ROOT, "median of %d passes (alternating paths); MB/s of wall time, and MB per CPU-second%n", passes);
    System.out.printf(Locale.ROOT, "%-8s %-22s %-22s %s%n", "threads", "tree-sitter-ng", "native -O2", "ratio (wall, cpu)");
    for (int t = 0; t < threadCounts.length; t++) {
      double w0 = median(wall[0][t]);
      double c0 = median(cpu[0][t]);
      double w1 = fast ? median(wall[1][t]) : Double.NaN;
      double c1 = fast ? median(cpu[1][t]) : Double.NaN;
      System.out.printf(Locale.ROOT, "%-8d %6.1f MB/s %6.1f/cpu-s  %6.1f MB/s %6.1f/cpu-s  %.2fx, %.2fx%n",
          threadCounts[t], w0, c0, w1, c1, w1 / w0, c1 / c0);
    }
    System.out.printf(Locale.ROOT, "2 threads / 1 thread (wall): tree-sitter-ng %.2fx, native %.2fx%n",
        median(wall[0][1]) / median(wall[0][0]), fast ? median(wall[1][1]) / median(wall[1][0]) : Double.NaN);
    if (fast) {
      // Where the native path's time goes: the one JNI call (parse + query in C) without building FileFacts.
      String query;
      try (InputStream in = Language.class.getResourceAsStream(Language.JAVA.queryResource())) {
        query = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + "\n(ERROR) @error\n";
      }
      NativeExtractor.Query q = NativeExtractor.compile(Language.JAVA, query);
      double[] only = new double[passes];
      for (int p = 0; p < passes; p++) {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (byte[] f : files) {
          q.run(f);
        }
        only[p] = bytes / 1e6 / ((ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "native parse + query alone (no FileFacts), 1 thread: %.1f MB per CPU-second%n",
          median(only));
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static List<byte[]> read(Path zip) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      z.stream().filter(e -> e.getName().startsWith("java.base/") && e.getName().endsWith(".java"))
          .forEach(entries::add);
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry e : entries) {
        try (InputStream in = z.getInputStream(e)) {
          out.add(Utf8.sanitize(in.readAllBytes()));
        }
      }
    }
    return out;
  }

  /** A cheap digest of every file's facts, to check that both paths agree. */
  private static long checksum(List<byte[]> files, boolean nativePath) {
    long h = 0;
    for (byte[] f : files) {
      FileFacts facts = SymbolExtractor.extract(Language.JAVA, f, nativePath);
      h = h * 31 + facts.hashCode();
    }
    return h;
  }

  /** One pass over every file on {@code threads} threads; returns {wall MB/s, MB per CPU-second}. */
  private static double[] run(List<byte[]> files, long bytes, boolean nativePath, int threads) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      AtomicLong defs = new AtomicLong();
      AtomicLong cpuNanos = new AtomicLong();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          long cpu0 = mx.getCurrentThreadCpuTime();
          for (int i; (i = next.getAndIncrement()) < files.size(); ) {
            defs.addAndGet(SymbolExtractor.extract(Language.JAVA, files.get(i), nativePath).definitions().size());
          }
          cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new double[] {bytes / 1e6 / seconds, bytes / 1e6 / (cpuNanos.get() / 1e9)};
    } finally {
      pool.shutdownNow();
    }
  }
}
