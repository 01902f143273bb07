package dev.vcr.bench;

import dev.vcr.kernel.metrics.ProcessStats;
import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.VcrServer;
import dev.vcr.kernel.bench.IndexBenchmark;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Shows that a session's memory goes when the session ends (issue 3): one long-lived {@link VcrServer}, as
 * in the daemon, serves several sessions one after another; each opens every Java file of java.base's
 * {@code java/util} (their tree-sitter trees are native memory, invisible to the GC), answers a request,
 * and exits. RSS and heap are printed with the documents open and after each session ended. If trees
 * leaked, RSS would climb by roughly the per-session amount every cycle; freed, it plateaus (glibc keeps
 * freed pages for reuse, so RSS need not drop to the first baseline, but it must not grow).
 *
 * <p>Run: {@code bench/run.sh memory [--cycles N]}.
 */
public final class SessionMemoryBenchmark {
  private SessionMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cycles = 5;
    boolean histogram = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--cycles")) {
        cycles = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--histogram")) {
        histogram = true;
      }
    }
    Path benchDir = (Path) shared("benchDir", new Class<?>[0]);
    Path zip = (Path) shared("findSrcZip", new Class<?>[] {String.class}, (Object) null);
    Path src = ((Path) shared("unpack", new Class<?>[] {Path.class, Path.class}, zip, benchDir)).toRealPath();
    Path root = src.resolve("java/util");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    Path idx = Files.createTempDirectory(benchDir, "memory-index-");
    System.out.printf(Locale.ROOT, "workspace    %s: %d Java files, %.1f MB opened per session%n", root, files.size(), bytes / 1e6);
    VcrServer server = new VcrServer(new ServerOptions(idx, 2, ServerOptions.defaults().maxFileBytes()));
    try {
      gc();
      System.out.printf(Locale.ROOT, "baseline     rss %s, heap %s (server up, no session)%n", mb(ProcessStats.rssBytes()), mb(heap()));
      System.out.printf(Locale.ROOT, "%-6s %14s %14s %14s %14s%n", "cycle", "rss open", "heap open", "rss ended", "heap ended");
      java.util.Map<String, Long> first = null;
      java.util.Map<String, Long> last = null;
      for (int c = 1; c <= cycles; c++) {
        long[] m = cycle(server, root, files);
        System.out.printf(Locale.ROOT, "%-6d %14s %14s %14s %14s%n", c, mb(m[0]), mb(m[1]), mb(m[2]), mb(m[3]));
        if (histogram && c == 2) {
          first = classHistogram();
        } else if (histogram && c == cycles) {
          last = classHistogram();
        }
      }
      if (first != null && last != null) {
        System.out.println("live bytes grown from cycle 2 to the last, by class:");
        java.util.Map<String, Long> f = first;
        last.entrySet().stream()
            .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - f.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
            .forEach(e -> System.out.printf(Locale.ROOT, "  %10d  %s%n", e.getValue(), e.getKey()));
      }
      System.out.printf(Locale.ROOT, "sessions left open: %d%n", server.sessionCount());
    } finally {
      server.close();
      shared("deleteTree", new Class<?>[] {Path.class}, idx);
    }
    System.exit(0);
  }

  /** One session: open every file, ask once, exit. Returns rss/heap with documents open, then after the end. */
  private static long[] cycle(VcrServer server, Path root, List<Path> files) throws Exception {
    long rssOpen;
    long heapOpen;
    try (LspSession session = LspSession.open(server, root)) {
      LanguageServer remote = session.remote();
      for (Path f : files) {
        remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
            new TextDocumentItem(f.toUri().toString(), "java", 1, Files.readString(f, StandardCharsets.UTF_8))));
      }
      // Requests wait for the document changes sent before them: this returns once every file is parsed.
      remote.getTextDocumentService().documentSymbol(new DocumentSymbolParams(
          new TextDocumentIdentifier(files.get(files.size() - 1).toUri().toString()))).get(300, TimeUnit.SECONDS);
      gc();
      rssOpen = ProcessStats.rssBytes();
      heapOpen = heap();
    }
    gc();
    return new long[] {rssOpen, heapOpen, ProcessStats.rssBytes(), heap()};
  }

  /** Live bytes per class, from the JVM's own class histogram (after a full GC). */
  private static java.util.Map<String, Long> classHistogram() throws Exception {
    javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
    String text = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(name,
        "gcClassHistogram", new Object[] {null}, new String[] {String[].class.getName()});
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        out.merge(f[3], Long.parseLong(f[2]), Long::sum);
      }
    }
    return out;
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }

  private static long heap() {
    return ProcessStats.heapUsedBytes();
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }

  private static Object shared(String name, Class<?>[] types, Object... args) throws Exception {
    Method m = IndexBenchmark.class.getDeclaredMethod(name, types);
    m.setAccessible(true);
    return m.invoke(null, args);
  }
}
