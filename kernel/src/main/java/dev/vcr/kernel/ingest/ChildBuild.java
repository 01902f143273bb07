package dev.vcr.kernel.ingest;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.scan.ScanOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A workspace's first index, built by a child process: a server that indexes in its own JVM pays for the
 * build's collections in the heap its requests use and for the build's compilations on the cores they
 * need. The child (this class's {@link #main}) builds into an index directory of its own beside the
 * server's, at a lower OS priority when {@code nice} is there, and reports progress on its standard
 * output; the server then adopts the child's generation ({@link SymbolStore#adopt}) and runs an ordinary
 * refresh, which finds what changed during the build. Either side failing leaves the server's index as it
 * was; the caller then builds in process.
 */
public final class ChildBuild {
  private static final Logger LOG = Logger.getLogger(ChildBuild.class.getName());
  /** The OS priority the child runs at ({@code nice -n}): below the server's requests. */
  static final int NICENESS = 10;

  /**
   * Below this many source files a first index is built in process: it takes a few seconds at most, and a
   * child JVM's start (1.5 s) would make a small workspace's first answers later, not sooner.
   */
  public static final int MIN_FILES = 1000;

  /**
   * From this many source files on ({@code vcr.optimisingJitFiles}, else 20,000), a build runs long enough
   * for the JIT's optimising tier to pay for its compilations; below it the child runs on the first tier
   * alone. Measured cold, 2 cores: java.base (3,102
   * files) 14.3 s and 19 CPU-s on the first tier against 18.1 s and 30 CPU-s with both; Linux (55,373
   * files) 420 s against 294 s; linux-10k about even (58 s against 60 s).
   */
  public static int optimisingJitFiles() {
    return Integer.getInteger("vcr.optimisingJitFiles", 20_000); // a system property for tests
  }

  private ChildBuild() {}

  /** The system property with which {@code bin/vcr} marks a tier option as its own choice, not the user's. */
  public static final String LAUNCHER_TIER = "-Dvcr.launcherTier=true";

  /**
   * {@code jvm} with the JIT tiers a build of {@code roots} should run on: both from
   * {@link #optimisingJitFiles} source files on, else the first alone. A tier option the user gave (any
   * {@code Tiered} option without {@link #LAUNCHER_TIER}) is kept as it is; the launcher's is replaced.
   */
  public static List<String> withJitFor(List<String> jvm, List<Path> roots) {
    return withJitFor(jvm, roots, optimisingJitFiles());
  }

  static List<String> withJitFor(List<String> jvm, List<Path> roots, int optimisingFrom) {
    boolean launchers = jvm.contains(LAUNCHER_TIER);
    if (!launchers && jvm.stream().anyMatch(a -> a.contains("Tiered"))) {
      return jvm;
    }
    List<String> out = new ArrayList<>(jvm.size() + 1);
    out.add(jvm.get(0));
    out.add("-XX:TieredStopAtLevel=" + (hasAtLeast(roots, optimisingFrom) ? 4 : 1));
    for (String a : jvm.subList(1, jvm.size())) {
      if (!a.startsWith("-XX:TieredStopAtLevel=") && !a.equals(LAUNCHER_TIER)) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * {@code jvm} with a build's heap options ({@link #BUILD_HEAP}): the ratios unless it names a HeapFreeRatio
   * (then both are left out: the JVM refuses a minimum above the maximum), the growth step unless it names one.
   */
  static List<String> withBuildHeap(List<String> jvm) {
    List<String> add = new ArrayList<>(BUILD_HEAP.size());
    for (String option : BUILD_HEAP) {
      String flag = option.contains("HeapFreeRatio") ? "HeapFreeRatio" : option.substring(4, option.indexOf('='));
      if (jvm.stream().noneMatch(a -> a.contains(flag))) {
        add.add(option);
      }
    }
    List<String> out = new ArrayList<>(jvm.size() + add.size());
    out.add(jvm.get(0));
    out.addAll(add);
    out.addAll(jvm.subList(1, jvm.size()));
    return out;
  }

  /**
   * A build keeps its heap close to its live set: the serial collector grows the old generation until 20-40 %
   * of it is free after a full collection, not the default 40-70 %. Linux's cold index: peak RSS 1,644 MB
   * with the default ratios, 1,328 MB with these, in about the same time (262 / 259 s). It grows by at least
   * 64 MB a step (the JVM's default is 4 MB): a build's live set only grows while it links, and each step
   * costs a full collection. java.base's cold index: 11-12 full collections (0.96-1.14 s) became 4 (0.58-0.59
   * s), 9.55 / 11.60 s wall against 8.75 / 8.82, the same peak RSS; linux-10k, whose steps are larger anyway,
   * the same time and RSS. bin/vcr gives its batch commands the same. The parallel collector, which
   * {@code vcr index} and so its child run on, ignores the ratios (it sizes the heap by its own goals).
   */
  static final List<String> BUILD_HEAP = List.of("-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
      "-XX:MinHeapDeltaBytes=64m");

  /**
   * Whether the roots hold at least {@code n} files of a language Vcr indexes (dot folders and
   * {@code node_modules} not counted); stops counting at {@code n}.
   */
  public static boolean hasAtLeast(List<Path> roots, int n) {
    if (n <= 0) {
      return true;
    }
    int[] count = {0};
    try {
      SourceFiles.walk(roots, (file, language, size) -> ++count[0] < n);
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not count the files under " + roots, e);
    }
    return count[0] >= n;
  }


  /**
   * Builds the index of {@code index}'s workspace in a child process and makes it {@code index}'s live
   * generation. {@code jvm} is the command that starts a JVM with this class on its class path (the java
   * binary, its options, {@code -cp} and the class path). Returns false, having changed nothing, when the
   * child failed or {@code cancelled} said so before it finished (the child is then killed).
   */
  public static boolean build(WorkspaceIndex index, List<String> jvm, Indexer.Progress progress,
      BooleanSupplier cancelled) throws IOException {
    return build(index, jvm, progress, cancelled, warning -> { }, true);
  }

  /**
   * As {@link #build(WorkspaceIndex, List, Indexer.Progress, BooleanSupplier)}, passing on the build's
   * warnings; {@code background}: the child runs at a lower OS priority (a server's, below its requests),
   * else at the caller's (a command the user waits for).
   */
  public static boolean build(WorkspaceIndex index, List<String> jvm, Indexer.Progress progress,
      BooleanSupplier cancelled, java.util.function.Consumer<String> warnings, boolean background)
      throws IOException {
    Path storeDir = index.store().directory().toAbsolutePath();
    deleteLeftovers(storeDir);
    Path work = Files.createTempDirectory(storeDir.getParent(), storeDir.getFileName() + ".build-");
    try {
      Path childDir = work.resolve("index");
      List<String> cmd = command(withJitFor(jvm, index.workspace().roots()), childDir, index.workspace(),
          index.options(), background);
      Process child;
      try {
        child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot start a process to build the index of " + index.workspace().roots(), e);
        return false;
      }
      // The child's standard input stays open while this process lives: the child stops when it ends.
      Thread reader = new Thread(() -> relay(child, progress, warnings), "vcr-child-build-progress");
      reader.setDaemon(true);
      reader.start();
      try {
        while (!child.waitFor(100, TimeUnit.MILLISECONDS)) {
          if (cancelled.getAsBoolean()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
          }
        }
        reader.join(2_000);
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
        return false;
      }
      child.getOutputStream().close();
      if (child.exitValue() != 0) {
        LOG.warning("the process building the index of " + index.workspace().roots() + " exited with "
            + child.exitValue() + "; building it here instead");
        return false;
      }
      index.adopt(childDir);
      return true;
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Deletes the build folders a previous holder of this index left (its process ended during a build): only
   * the process that holds an index's lock starts builds for it, and that is this one.
   */
  private static void deleteLeftovers(Path storeDir) {
    String prefix = storeDir.getFileName() + ".build-";
    try (java.util.stream.Stream<Path> siblings = Files.list(storeDir.getParent())) {
      for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        LOG.fine("deleting " + p + ", left by a build that did not finish");
        deleteTree(p);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not look for unfinished builds beside " + storeDir, e);
    }
  }

  /**
   * The child's command line: {@code nice} when the machine has it and the build runs in the
   * {@code background}, then the JVM, this class and its arguments.
   */
  static List<String> command(List<String> jvm, Path childDir, Workspace ws, IndexOptions options,
      boolean background) {
    List<String> cmd = new ArrayList<>();
    for (String nice : background ? List.of("/usr/bin/nice", "/bin/nice") : List.<String>of()) {
      if (Files.isExecutable(Path.of(nice))) {
        cmd.add(nice);
        cmd.add("-n");
        cmd.add(Integer.toString(NICENESS));
        break;
      }
    }
    cmd.addAll(withBuildHeap(jvm));
    cmd.add(ChildBuild.class.getName());
    cmd.add("--index-dir=" + childDir.toAbsolutePath());
    cmd.add("--threads=" + options.threads());
    cmd.add("--batch-files=" + options.batchFiles());
    cmd.add("--sort-budget=" + options.sortBudgetBytes());
    cmd.add("--max-file-bytes=" + options.scan().maxFileBytes());
    for (String p : options.scan().extraIgnorePatterns()) {
      cmd.add("--ignore=" + p);
    }
    cmd.add("--");
    for (Path r : ws.roots()) {
      cmd.add(r.toAbsolutePath().toString());
    }
    return cmd;
  }

  /**
   * Passes the child's progress lines ({@code progress DONE TOTAL MESSAGE}, the message followed by a NUL
   * and {@code BYTES_DONE BYTES_TOTAL} while files are indexed) and its warnings ({@code warning TEXT}) on;
   * ignores anything else.
   */
  private static void relay(Process child, Indexer.Progress progress, java.util.function.Consumer<String> warnings) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String read; (read = in.readLine()) != null; ) {
        String line = read;
        if (line.startsWith("warning ")) {
          warnings.accept(line.substring("warning ".length()));
          continue;
        }
        String[] f = line.split(" ", 4);
        if (f.length >= 3 && f[0].equals("progress")) {
          try {
            String message = f.length > 3 ? f[3] : "";
            int bytesAt = message.indexOf('\u0000'); // the source bytes done and in all, for a rate
            if (bytesAt >= 0) {
              String[] b = message.substring(bytesAt + 1).split(" ");
              progress.report(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(b[0]),
                  Long.parseLong(b[1]), message.substring(0, bytesAt));
              continue;
            }
            progress.report(Integer.parseInt(f[1]), Integer.parseInt(f[2]), message);
          } catch (RuntimeException e) {
            LOG.fine(() -> "child build: odd progress line " + line);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "child build: progress stream ended", e);
    }
  }

  /** {@code text} on one protocol line: its line breaks as spaces. */
  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * The child: builds the index of the roots after {@code --} into {@code --index-dir}, printing
   * {@code progress DONE TOTAL MESSAGE} lines and finally the build's {@code warning TEXT} lines and
   * {@code done HASH}; exit status 0 when the index is complete. Logs go to standard error.
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err); // nothing but the protocol on standard output
    dev.vcr.kernel.Logging.configure(); // VCR_LOG, on standard error, as in the process that started it
    Thread orphan = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent: end of input means the server that started this build is gone
        }
      } catch (IOException e) {
        // the same
      }
      LOG.warning("the server that started this build is gone; stopping");
      Runtime.getRuntime().halt(3);
    }, "vcr-child-build-parent");
    orphan.setDaemon(true);
    orphan.start();
    try {
      Path dir = null;
      IndexOptions options = IndexOptions.defaults();
      ScanOptions scan = ScanOptions.defaults();
      List<String> ignore = new ArrayList<>();
      List<Path> roots = new ArrayList<>();
      boolean rootsNext = false;
      for (String a : args) {
        if (rootsNext) {
          roots.add(Path.of(a));
        } else if (a.equals("--")) {
          rootsNext = true;
        } else if (a.startsWith("--index-dir=")) {
          dir = Path.of(value(a));
        } else if (a.startsWith("--threads=")) {
          options = options.withThreads(Integer.parseInt(value(a)));
        } else if (a.startsWith("--batch-files=")) {
          options = new IndexOptions(options.threads(), options.scan(), Integer.parseInt(value(a)),
              options.sortBudgetBytes());
        } else if (a.startsWith("--sort-budget=")) {
          options = options.withSortBudget(Long.parseLong(value(a)));
        } else if (a.startsWith("--max-file-bytes=")) {
          scan = scan.withMaxFileBytes(Long.parseLong(value(a)));
        } else if (a.startsWith("--ignore=")) {
          ignore.add(value(a));
        } else {
          throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (dir == null || roots.isEmpty()) {
        throw new IllegalArgumentException("usage: ChildBuild --index-dir=DIR [options] -- ROOT...");
      }
      options = options.withScan(scan.withExtraIgnorePatterns(ignore));
      try (WorkspaceIndex index = WorkspaceIndex.open(new Workspace(roots), dir, options)) {
        IndexSummary s = index.refresh(new Indexer.Progress() {
          @Override
          public void report(int done, int total, String message) {
            report(done, total, -1, -1, message);
          }

          @Override
          public void report(int done, int total, long bytesDone, long bytesTotal, String message) {
            synchronized (out) {
              out.println("progress " + done + " " + total + " " + oneLine(message)
                  + (bytesTotal > 0 ? "\u0000" + bytesDone + " " + bytesTotal : ""));
            }
          }
        }, () -> false);
        synchronized (out) {
          for (String w : s.warnings()) {
            out.println("warning " + oneLine(w));
          }
          out.println("done " + s.indexHash());
        }
      }
      out.flush();
      System.exit(0);
    } catch (Throwable t) {
      LOG.log(Level.SEVERE, "building the index failed", t);
      out.flush();
      System.exit(1);
    }
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }

  private static void deleteTree(Path p) {
    try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
      List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path q : all) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not delete " + p, e);
    }
  }
}
