package dev.vcr.bench;

import dev.vcr.kernel.bench.IndexBenchmark;
import dev.vcr.kernel.metrics.ProcessStats;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Request latency of Vcr's LSP server on the JDK's {@code java.base} sources, measured from an in-process
 * client exactly as an editor sees it (LSP4J over piped streams, UTF-16 positions, work-done progress).
 * Prints p50/p90/p99/max per operation; a measurement, not a test: nothing is asserted about times.
 *
 * <ol>
 *   <li>Cold start (empty index directory) until the initial indexing progress ends; the session closes and
 *       a second server over the same index directory gives the warm start.
 *   <li>Keystroke to fresh references on a ~2,000-line file ({@code java/lang/Integer.java} by default):
 *       an incremental {@code didChange} immediately followed by {@code textDocument/references}, timed
 *       from sending the change to the response. Two kinds of edit, alternately applied and undone: one
 *       character inside an identifier (references of {@code parseInt}), and a whole call
 *       {@code toUnsignedString0(0, 1);} (references of {@code toUnsignedString0}, whose count must grow by exactly
 *       one with the call and shrink back without it: checked on every iteration, the run fails otherwise).
 *   <li>On the warm index: references, prepareCallHierarchy, incomingCalls, outgoingCalls over a seeded
 *       sample of declarations from {@code documentSymbol} of seeded files, plus very common names
 *       ({@code size}, {@code get}, {@code toString}, {@code equals}, {@code hashCode}); workspace/symbol
 *       over exact names, prefixes and camel-hump initials of the sampled names. Before them, un-timed, the
 *       same operations over other files' declarations warm the server up (its JIT), as a long-running
 *       server is; the measured targets' own data is not read by the warm-up.
 * </ol>
 *
 * <p>Options: {@code --src-zip PATH} (else as {@link IndexBenchmark}), {@code --n N} samples per operation
 * (200), {@code --seed S} (42), {@code --warmup N} un-timed iterations before each keystroke series (20),
 * {@code --warm-files F} files whose declarations warm the index queries up, un-timed (20; see {@code indexQueries}),
 * {@code --keep-index}, {@code --index-dir DIR} (the server's index location, used and kept: a second run
 * over the same tree starts from its index); {@code --dir DIR --ext EXT} measures another tree instead of java.base (its files
 * ending in {@code .EXT}; no keystroke series and no common JDK names), e.g. the Linux sources with
 * {@code --ext c}. Also prints the server-side time of each request (VcrSession's FINE log: from the
 * request's arrival on the request pool, including the wait for earlier document changes, to its result).
 */
public final class LatencyBenchmark {
  private static final String FILE = "java/lang/Integer.java";

  private final Path root;
  /** The extension of the files sampled; java.base's own series run only for "java" over java.base. */
  private String ext = "java";
  private boolean javaBase = true;
  private final int n;
  private final long seed;
  private final int warmup;
  private final long profileMs;
  private final Map<String, Series> series = new LinkedHashMap<>();
  /** Whether the server runs in a daemon process of its own (see {@link DaemonProcess}), not in this one. */
  private boolean daemon;
  private LanguageServer remote;
  private TextDocumentService docs;

  private LatencyBenchmark(Path root, int n, long seed, int warmup, long profileMs) {
    this.root = root;
    this.profileMs = profileMs;
    this.n = n;
    this.seed = seed;
    this.warmup = warmup;
  }

  public static void main(String[] args) throws Exception {
    String zipArg = null;
    int n = 200;
    long seed = 42;
    int warmup = 20;
    boolean keepIndex = false;
    long profileMs = 1000;
    String dirArg = null;
    String extArg = "java";
    String indexArg = null;
    int warmFiles = 20;
    boolean daemon = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dirArg = args[++i];
        case "--ext" -> extArg = args[++i];
        case "--src-zip" -> zipArg = args[++i];
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--keep-index" -> keepIndex = true;
        case "--index-dir" -> indexArg = args[++i];
        case "--profile-ms" -> profileMs = Long.parseLong(args[++i]);
        case "--warm-files" -> warmFiles = Integer.parseInt(args[++i]);
        case "--daemon" -> daemon = true;
        default -> {
          System.err.println("usage: LatencyBenchmark [--src-zip PATH | --dir DIR --ext EXT] [--n N] [--seed S] "
              + "[--warmup N] [--warm-files F] [--keep-index | --index-dir DIR] [--profile-ms MS] [--daemon]");
          System.exit(2);
        }
      }
    }
    Path benchDir = (Path) shared("benchDir", new Class<?>[0]);
    Path zip = dirArg != null ? null : (Path) shared("findSrcZip", new Class<?>[] {String.class}, zipArg);
    Path src = dirArg != null ? Path.of(dirArg).toRealPath()
        : ((Path) shared("unpack", new Class<?>[] {Path.class, Path.class}, zip, benchDir)).toRealPath();
    Files.createDirectories(benchDir);
    // --index-dir: the server's index location (it keeps a folder per workspace in it), kept, so that a
    // second run's "cold" start only checks the index (a cold Linux build takes longer than the queries)
    keepIndex |= indexArg != null;
    Path idx = indexArg != null ? Path.of(indexArg) : Files.createTempDirectory(benchDir, "latency-index-");
    ServerTiming.install();
    boolean ok = false;
    try {
      LatencyBenchmark b = new LatencyBenchmark(src, n, seed, warmup, profileMs);
      b.ext = extArg;
      b.javaBase = dirArg == null;
      b.warmFiles = warmFiles;
      b.daemon = daemon;
      b.run(zip, idx);
      ok = true;
    } finally {
      if (!keepIndex) {
        shared("deleteTree", new Class<?>[] {Path.class}, idx);
      } else {
        System.out.println("index kept in " + idx);
      }
    }
    System.exit(ok ? 0 : 1);
  }

  /** Calls one of {@link IndexBenchmark}'s (package-private) corpus helpers, so both find the same sources. */
  static Object shared(String name, Class<?>[] types, Object... args) throws Exception {
    Method m = IndexBenchmark.class.getDeclaredMethod(name, types);
    m.setAccessible(true);
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }

  private void run(Path zip, Path idx) throws Exception {
    System.out.printf(Locale.ROOT, "corpus       %s (%s)%n", root, javaBase ? "java.base from " + zip : "." + ext + " files");
    System.out.printf(Locale.ROOT, "jvm          %s %s, %d processors, max heap %s; load %s%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), mb(Runtime.getRuntime().maxMemory()), loadAverage());

    System.out.printf(Locale.ROOT, "server       %s%n", daemon
        ? "a daemon process of its own (server-side timings are not collected)" : "in this process");
    try (LspSession cold = session(idx)) {
      System.out.printf(Locale.ROOT, "cold start   %.1f s from initialize to the end of indexing progress (%s)%n",
          cold.readyNanos() / 1e9, cold.indexEndMessage());
    }
    try (LspSession warm = session(idx)) {
      System.out.printf(Locale.ROOT, "warm start   %.2f s from initialize to the end of indexing progress (%s), "
          + "new server over the same index directory%n", warm.readyNanos() / 1e9, warm.indexEndMessage());
      remote = warm.remote();
      docs = remote.getTextDocumentService();
      ServerTiming.reset();
      try {
        if (!javaBase) {
          throw new IllegalStateException("the keystroke series edits java.base's Integer.java");
        }
        keystrokes();
      } catch (IllegalStateException e) {
        // The keystroke series edits fixed places of JDK 17's Integer.java; other JDK updates move them.
        System.out.printf(Locale.ROOT, "keystrokes   skipped: %s%n", e.getMessage());
      }
      ServerTiming.phase = "index";
      indexQueries();
      if (javaBase) {
        saveToConsistent();
      }
      printTable();
      profileSlow();
      System.out.printf(Locale.ROOT, "load         %s (1, 5, 15 min) at the end%n", loadAverage());
      System.out.printf(Locale.ROOT, "heap         %s used now; ", mb(ProcessStats.heapUsedBytes()));
      System.gc();
      System.out.printf(Locale.ROOT, "%s after a full GC%n", mb(ProcessStats.heapUsedBytes()));
      System.out.printf(Locale.ROOT, "rss          %s now, peak %s%n", mb(ProcessStats.rssBytes()),
          mb(ProcessStats.peakRssBytes()));
    }
  }

  /** A new server over {@code idx} and a session on it: in this process, or a daemon process with --daemon. */
  private LspSession session(Path idx) throws Exception {
    if (!daemon) {
      return LspSession.open(root, idx);
    }
    // the daemon takes its index folder itself, not a folder of workspaces' indexes
    DaemonProcess d = DaemonProcess.start(root, idx.resolve("daemon"));
    try {
      return LspSession.connect(d.socket(), root, true).closing(d);
    } catch (Exception e) {
      System.err.println("daemon (alive: " + d.alive() + ") log, last lines:\n" + d.logTail(40));
      d.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------ keystrokes

  private void keystrokes() throws Exception {
    Path file = root.resolve(FILE);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    String uri = file.toUri().toString();
    System.out.printf(Locale.ROOT, "keystrokes   %s, %d lines, %.0f KB; %d warm-up iterations per series, then %d timed%n",
        FILE, lines.size(), text.length() / 1024.0, warmup, n);

    Position parseInt = find(lines, "public static int parseInt(String s)", "parseInt", 0);
    // (Integer.java has had this private method since JDK 8; parallelSuffix, used before, is gone from 17.0.21)
    Position privateMethod = find(lines, "private static String toUnsignedString0(int val, int shift)",
        "toUnsignedString0", 0);
    // one character inside an identifier: chars <-> chxars, in toUnsignedString0's body
    Position charAt = find(lines, "int chars = Math.max(((mag + (shift - 1)) / shift), 1);", "chars", 2);
    // a whole call at the start of signum's body (no line break, so no declaration moves)
    Position signum = find(lines, "public static int signum(int i) {", "signum", 0);
    Position callAt = new Position(signum.getLine() + 1, 0);
    String call = "toUnsignedString0(0, 1);";

    ServerTiming.phase = "keystroke setup (baseline and parseInt freshness)";
    int[] version = {1};
    docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", version[0], text)));
    int baseParse = references(uri, parseInt, false).size();
    int baseSuffix = references(uri, privateMethod, false).size();
    System.out.printf(Locale.ROOT, "             references (without the declaration) before editing: parseInt(String) %d, "
        + "toUnsignedString0 %d%n", baseParse, baseSuffix);

    // Freshness, once for the widely used method: a call added makes its reference count grow by one.
    change(uri, version, callAt, "", "parseInt(\"1\");");
    int withCall = references(uri, parseInt, false).size();
    change(uri, version, callAt, "parseInt(\"1\");", "");
    int without = references(uri, parseInt, false).size();
    check(withCall == baseParse + 1 && without == baseParse, "references of parseInt after adding a call: " + withCall
        + " (expected " + (baseParse + 1) + "), after removing it: " + without + " (expected " + baseParse + ")");

    ServerTiming.phase = "keystroke (1 char) → references";
    Series charSeries = series("keystroke → references (1 char, parseInt)");
    for (int i = 0; i < warmup + n; i++) {
      boolean insert = i % 2 == 0;
      long t0 = System.nanoTime();
      change(uri, version, charAt, insert ? "" : "x", insert ? "x" : "");
      List<? extends Location> refs = references(uri, parseInt, true);
      long t = System.nanoTime() - t0;
      if (i >= warmup) {
        charSeries.add(t, refs.size(), "iteration " + i);
      }
    }
    check(warmup % 2 == 0 && (warmup + n) % 2 == 0, "warm-up and sample counts must be even (edits undone)");

    // The cost of applying a change alone: the same keystroke, then a request that only needs the new outline.
    ServerTiming.phase = "keystroke (1 char) → documentSymbol";
    Series outlineSeries = series("keystroke → documentSymbol (1 char, same file)");
    TextDocumentIdentifier self = new TextDocumentIdentifier(uri);
    for (int i = 0; i < warmup + n; i++) {
      boolean insert = i % 2 == 0;
      long t0 = System.nanoTime();
      change(uri, version, charAt, insert ? "" : "x", insert ? "x" : "");
      List<Either<SymbolInformation, DocumentSymbol>> outline = docs.documentSymbol(new DocumentSymbolParams(self))
          .get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
      long t = System.nanoTime() - t0;
      if (i >= warmup) {
        outlineSeries.add(t, outline == null ? 0 : outline.size(), "iteration " + i);
      }
    }

    ServerTiming.phase = "keystroke (call) → references";
    Series callSeries = series("keystroke → references (add/remove call, toUnsignedString0)");
    int checked = 0;
    for (int i = 0; i < warmup + n; i++) {
      boolean insert = i % 2 == 0;
      long t0 = System.nanoTime();
      change(uri, version, callAt, insert ? "" : call, insert ? call : "");
      List<? extends Location> refs = references(uri, privateMethod, false);
      long t = System.nanoTime() - t0;
      int expected = baseSuffix + (insert ? 1 : 0);
      check(refs.size() == expected, "iteration " + i + ": " + refs.size() + " references of toUnsignedString0, expected "
          + expected + " (stale answer)");
      if (insert) {
        boolean atNewCall = refs.stream().anyMatch(l -> l.getUri().equals(uri)
            && l.getRange().getStart().getLine() == callAt.getLine() && l.getRange().getStart().getCharacter() == 0);
        check(atNewCall, "iteration " + i + ": the added call at line " + (callAt.getLine() + 1) + " is not among the references");
      }
      checked++;
      if (i >= warmup) {
        callSeries.add(t, refs.size(), "iteration " + i);
      }
    }
    System.out.printf(Locale.ROOT, "freshness    OK: parseInt %d -> %d -> %d with a call added and removed; toUnsignedString0 "
        + "count and location checked after each of %d edits%n", baseParse, withCall, without, checked);
    docs.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
  }

  private void change(String uri, int[] version, Position at, String old, String replacement) {
    Position end = new Position(at.getLine(), at.getCharacter() + old.length());
    version[0]++;
    docs.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version[0]),
        List.of(new TextDocumentContentChangeEvent(new Range(at, end), replacement))));
  }

  private List<? extends Location> references(String uri, Position pos, boolean includeDeclaration) throws Exception {
    List<? extends Location> r = docs.references(new ReferenceParams(new TextDocumentIdentifier(uri), pos,
        new ReferenceContext(includeDeclaration))).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
    return r == null ? List.of() : r;
  }

  /**
   * Save → consistent: a call to {@code Integer.parseInt(String)} is added to another file on disk and the
   * server told (didChangeWatchedFiles, as an editor's save reaches it), then references are asked every
   * 5 ms until they include it; then the file is restored and the same is timed back. Five rounds; the
   * time includes the server's debounce of file events.
   */
  private void saveToConsistent() throws Exception {
    Path integer = root.resolve(FILE);
    List<String> lines = Files.readString(integer, StandardCharsets.UTF_8).lines().toList();
    Position parseInt = find(lines, "public static int parseInt(String s)", "parseInt", 0);
    String intUri = integer.toUri().toString();
    Path other = root.resolve("java/lang/Void.java");
    String original = Files.readString(other, StandardCharsets.UTF_8);
    int close = original.lastIndexOf('}');
    String edited = original.substring(0, close) + "    static int vcrBench() { return Integer.parseInt(\"1\"); }\n"
        + original.substring(close);
    int base = references(intUri, parseInt, false).size();
    List<Double> added = new ArrayList<>();
    List<Double> removed = new ArrayList<>();
    try {
      for (int round = 0; round < 5; round++) {
        added.add(saveAndWait(other, edited, intUri, parseInt, base + 1));
        removed.add(saveAndWait(other, original, intUri, parseInt, base));
      }
    } finally {
      Files.writeString(other, original, StandardCharsets.UTF_8);
    }
    System.out.printf(Locale.ROOT, "save→fresh   a call added on disk, until references include it: %s ms; removed again: %s ms%n",
        added.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList(),
        removed.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList());
  }

  private double saveAndWait(Path file, String text, String uri, Position pos, int expected) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    remote.getWorkspaceService().didChangeWatchedFiles(new org.eclipse.lsp4j.DidChangeWatchedFilesParams(
        List.of(new org.eclipse.lsp4j.FileEvent(file.toUri().toString(), org.eclipse.lsp4j.FileChangeType.Changed))));
    while (references(uri, pos, false).size() != expected) {
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
        throw new IllegalStateException("references did not reach " + expected + " within 60 s");
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static Position find(List<String> lines, String line, String token, int offset) {
    for (int i = 0; i < lines.size(); i++) {
      int c = lines.get(i).indexOf(line);
      if (c >= 0) {
        return new Position(i, c + line.indexOf(token) + offset);
      }
    }
    throw new IllegalStateException(FILE + " has no line with: " + line);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("freshness check failed: " + what);
    }
  }

  // ------------------------------------------------------------------------------------ index queries

  /** A declaration found by documentSymbol. */
  private record Target(String path, String name, SymbolKind kind, Position pos) {
    String label() {
      return path + ":" + (pos.getLine() + 1) + " " + name;
    }
  }

  /**
   * The index queries. First an un-timed warm-up ({@code --warm-files F} files, default 20, taken after the
   * measured files in the same seeded shuffle, so no warm-up target is a measured one): the same operations
   * as the timed part, in the same proportions, over declarations of those files. A long-running server has
   * compiled its request paths; without it, the first call-hierarchy and workspace-symbol requests pay
   * for the JIT (and the call hierarchy was never warmed before, while references and workspace symbol
   * were). What each measured target's own answer reads (its files' facts and links) stays as cold as it
   * was: the warm-up reads other files. {@code --warm-files 0} measures without it.
   */
  private void indexQueries() throws Exception {
    List<String> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = new ArrayList<>(s.filter(p -> p.toString().endsWith("." + ext)).map(p -> root.relativize(p).toString())
          .sorted().toList());
    }
    Collections.shuffle(all, new Random(seed));
    List<String> files = all.subList(0, Math.min(60, all.size()));
    List<String> warmFiles = all.subList(files.size(), Math.min(files.size() + warmFiles(), all.size()));
    if (!warmFiles.isEmpty()) {
      String phase = ServerTiming.phase;
      ServerTiming.phase = "warm-up";
      long t0 = System.nanoTime();
      Sample warm = sample(warmFiles, List.of(), null, Math.max(20, n / 4));
      Map<String, Series> timed = new LinkedHashMap<>(series);
      measure(warm, new Random(seed + 1));
      series.clear();
      series.putAll(timed);
      System.out.printf(Locale.ROOT, "warm-up      %d other files, %d reference / %d call-hierarchy targets, %d workspace "
          + "symbol queries, un-timed: %.1f s%n", warmFiles.size(), warm.refTargets().size(), warm.callTargets().size(),
          warm.wsQueries(), (System.nanoTime() - t0) / 1e9);
      ServerTiming.phase = phase;
    }
    String[][] wanted = {
        {"java/lang/Object.java", "toString"}, {"java/lang/Object.java", "equals"},
        {"java/lang/Object.java", "hashCode"}, {"java/util/Collection.java", "size"},
        {"java/util/List.java", "get"}, {"java/util/Map.java", "get"}, {"java/util/ArrayList.java", "size"},
        {"java/lang/String.java", "equals"}, {"java/lang/String.java", "length"}, {"java/util/HashMap.java", "put"}};
    Sample timed = sample(files, javaBase ? List.of(wanted) : List.of(), series("documentSymbol"), n);
    System.out.printf(Locale.ROOT, "index        %d files sampled (seed %d), %d symbols, %d methods/types; %d reference "
        + "targets, %d call-hierarchy targets (%d common names first)%n", files.size(), seed, timed.symbols(),
        timed.declared().size(), timed.refTargets().size(), timed.callTargets().size(), timed.common());
    try (GcPauses gc = new GcPauses()) {
      measure(timed, new Random(seed));
      System.out.printf(Locale.ROOT, "gc           during the timed index queries, %s: %s%n",
          daemon ? "this (client) process" : "client and server", gc.summary());
    }
  }

  /** How many files the un-timed warm-up of the index queries draws its targets from. */
  private int warmFiles = 20;

  private int warmFiles() {
    return warmFiles;
  }

  /** The targets drawn from some files: declarations, reference and call-hierarchy targets. */
  private record Sample(int symbols, List<Target> declared, List<Target> refTargets, List<Target> callTargets,
      int common, int count, boolean timed) {
    int wsQueries() {
      return count;
    }
  }

  private Sample sample(List<String> files, List<String[]> wanted, Series outline, int count) throws Exception {
    List<Target> symbols = new ArrayList<>();
    for (String f : files) {
      long t0 = System.nanoTime();
      List<Target> got = documentSymbols(f);
      if (outline != null) {
        outline.add(System.nanoTime() - t0, got.size(), f);
      }
      symbols.addAll(got);
    }
    List<Target> common = new ArrayList<>();
    for (String[] w : wanted) {
      documentSymbols(w[0]).stream().filter(t -> t.name().equals(w[1]) && t.kind() == SymbolKind.Method).findFirst()
          .ifPresent(common::add);
    }
    List<Target> declared = symbols.stream().filter(t -> isMethod(t.kind()) || isType(t.kind())).toList();
    List<Target> methods = symbols.stream()
        .filter(t -> t.kind() == SymbolKind.Method || t.kind() == SymbolKind.Function).toList();
    List<Target> refTargets = new ArrayList<>(common);
    refTargets.addAll(everyKth(declared, count - common.size()));
    List<Target> callTargets = new ArrayList<>(common);
    callTargets.addAll(everyKth(methods, count - common.size()));
    return new Sample(symbols.size(), declared, refTargets, callTargets, common.size(), count, outline != null);
  }

  /** Asks references, call hierarchy and workspace symbol of a sample, timing each into the series. */
  private void measure(Sample sample, Random r) throws Exception {
    List<Target> declared = sample.declared();
    Series refs = series("references (index)");
    for (Target t : sample.refTargets()) {
      long t0 = System.nanoTime();
      int c = referencesOf(t).size();
      refs.add(System.nanoTime() - t0, c, t.label(), () -> referencesOf(t));
    }

    Series prepare = series("prepareCallHierarchy");
    Series incoming = series("incomingCalls");
    Series outgoing = series("outgoingCalls");
    Series prepareIncoming = series("prepare + incomingCalls");
    int noItem = 0;
    for (Target t : sample.callTargets()) {
      TextDocumentIdentifier doc = new TextDocumentIdentifier(root.resolve(t.path()).toUri().toString());
      long t0 = System.nanoTime();
      List<CallHierarchyItem> items = docs.prepareCallHierarchy(new CallHierarchyPrepareParams(doc, t.pos()))
          .get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
      long tp = System.nanoTime() - t0;
      prepare.add(tp, items == null ? 0 : items.size(), t.label());
      if (items == null || items.isEmpty()) {
        noItem++;
        continue;
      }
      long t1 = System.nanoTime();
      List<CallHierarchyIncomingCall> in = docs.callHierarchyIncomingCalls(
          new CallHierarchyIncomingCallsParams(items.get(0))).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
      long ti = System.nanoTime() - t1;
      CallHierarchyItem item = items.get(0);
      incoming.add(ti, in == null ? 0 : in.size(), t.label(), () -> docs.callHierarchyIncomingCalls(
          new CallHierarchyIncomingCallsParams(item)).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS));
      prepareIncoming.add(tp + ti, in == null ? 0 : in.size(), t.label());
      long t2 = System.nanoTime();
      List<CallHierarchyOutgoingCall> out = docs.callHierarchyOutgoingCalls(
          new CallHierarchyOutgoingCallsParams(items.get(0))).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
      outgoing.add(System.nanoTime() - t2, out == null ? 0 : out.size(), t.label(), () -> docs.callHierarchyOutgoingCalls(
          new CallHierarchyOutgoingCallsParams(item)).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS));
    }
    if (noItem > 0) {
      System.out.printf(Locale.ROOT, "             %d call-hierarchy targets had no item%n", noItem);
    }

    // workspace/symbol: exact names, prefixes and camel-hump initials of the sampled names
    int n = sample.count();
    // the timed queries start with four very common names; the warm-up's leave them out (it asks only its own)
    Set<String> names = new LinkedHashSet<>(sample.timed() ? List.of("size", "get", "toString", "equals") : List.of());
    for (Target t : everyKth(declared, declared.size())) {
      names.add(t.name());
    }
    List<String> nameList = new ArrayList<>(names);
    int fixed = sample.timed() ? 4 : 0;
    List<String> exact = new ArrayList<>(nameList.subList(0, Math.min(fixed, nameList.size())));
    exact.addAll(everyKth(nameList.subList(exact.size(), nameList.size()), n / 3 - exact.size()));
    List<String> prefixes = new ArrayList<>();
    List<String> humps = new ArrayList<>();
    List<String> shuffled = new ArrayList<>(nameList);
    Collections.shuffle(shuffled, r);
    for (String name : shuffled) {
      if (prefixes.size() < n / 3 && name.length() >= 5) {
        prefixes.add(name.substring(0, 3 + r.nextInt(2)));
      }
      String h = humps(name);
      if (humps.size() < n - 2 * (n / 3) && h != null) {
        humps.add(h);
      }
    }
    Series ws = series("workspace/symbol (all)");
    for (Object[] kind : new Object[][] {{"exact", exact}, {"prefix", prefixes}, {"camel humps", humps}}) {
      Series s = series("workspace/symbol (" + kind[0] + ")");
      @SuppressWarnings("unchecked")
      List<String> queries = (List<String>) kind[1];
      for (String q : queries) {
        long t0 = System.nanoTime();
        int c = workspaceSymbol(q);
        long t = System.nanoTime() - t0;
        s.add(t, c, "'" + q + "'", () -> workspaceSymbol(q));
        ws.add(t, c, "'" + q + "'");
      }
    }
    series.remove("workspace/symbol (all)");
    series.put("workspace/symbol (all)", ws);
  }

  private List<Target> documentSymbols(String path) throws Exception {
    List<Either<SymbolInformation, DocumentSymbol>> got = docs.documentSymbol(
        new DocumentSymbolParams(new TextDocumentIdentifier(root.resolve(path).toUri().toString())))
        .get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
    List<Target> out = new ArrayList<>();
    if (got != null) {
      for (Either<SymbolInformation, DocumentSymbol> e : got) {
        if (e.isRight()) {
          flatten(path, e.getRight(), out);
        } else {
          SymbolInformation si = e.getLeft();
          out.add(new Target(path, si.getName(), si.getKind(), si.getLocation().getRange().getStart()));
        }
      }
    }
    return out;
  }

  private static void flatten(String path, DocumentSymbol s, List<Target> out) {
    out.add(new Target(path, s.getName(), s.getKind(), s.getSelectionRange().getStart()));
    if (s.getChildren() != null) {
      for (DocumentSymbol c : s.getChildren()) {
        flatten(path, c, out);
      }
    }
  }

  private List<? extends Location> referencesOf(Target t) throws Exception {
    return references(root.resolve(t.path()).toUri().toString(), t.pos(), true);
  }

  private int workspaceSymbol(String query) throws Exception {
    Either<List<? extends SymbolInformation>, List<? extends WorkspaceSymbol>> r = remote.getWorkspaceService()
        .symbol(new WorkspaceSymbolParams(query)).get(LspSession.TIMEOUT_S, TimeUnit.SECONDS);
    return r == null ? 0 : r.isLeft() ? r.getLeft().size() : r.getRight().size();
  }

  private static boolean isMethod(SymbolKind k) {
    return k == SymbolKind.Method || k == SymbolKind.Constructor || k == SymbolKind.Function;
  }

  private static boolean isType(SymbolKind k) {
    return k == SymbolKind.Class || k == SymbolKind.Interface || k == SymbolKind.Enum || k == SymbolKind.Struct;
  }

  /** First letter plus the upper-case letters of a name with at least two humps ({@code iOIC}), else null. */
  static String humps(String name) {
    StringBuilder b = new StringBuilder().append(name.charAt(0));
    for (int i = 1; i < name.length(); i++) {
      if (Character.isUpperCase(name.charAt(i)) && !Character.isUpperCase(name.charAt(i - 1))) {
        b.append(name.charAt(i));
      }
    }
    return b.length() >= 3 ? b.toString() : null;
  }

  /** {@code count} elements spread evenly over the list (all of it if shorter). */
  static <T> List<T> everyKth(List<T> list, int count) {
    if (count <= 0 || list.isEmpty()) {
      return new ArrayList<>();
    }
    if (list.size() <= count) {
      return new ArrayList<>(list);
    }
    List<T> out = new ArrayList<>(count);
    double k = (double) list.size() / count;
    for (int i = 0; i < count; i++) {
      out.add(list.get((int) (i * k)));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ profile

  /**
   * For each operation whose p99 is at least {@code --profile-ms}: asks its five slowest requests again
   * (three times each) while sampling the server's request threads every 5 ms, and prints where they spend
   * their time (the Vcr methods on the stack, inclusive, and the top frames) and, for each such target, how
   * often its name occurs in the corpus as a word.
   */
  private void profileSlow() throws Exception {
    if (!javaBase) {
      return; // the word counts below read the whole corpus into memory: java.base's 49 MB, not Linux's 1 GB
    }
    Map<String, String> corpus = null;
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series s = e.getValue();
      if (s.samples.isEmpty() || s.p99() < profileMs * 1_000_000 || s.replays.stream().allMatch(r -> r == null)) {
        continue;
      }
      if (corpus == null) {
        corpus = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
            corpus.put(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
          }
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < s.samples.size(); i++) {
        if (s.replays.get(i) != null) {
          order.add(i);
        }
      }
      order.sort((a, b) -> Long.compare(s.samples.get(b)[0], s.samples.get(a)[0]));
      List<Integer> slowest = order.subList(0, Math.min(5, order.size()));
      System.out.printf(Locale.ROOT, "profile      %s: p99 %.0f ms; its 5 slowest asked again 3 times each under a 5 ms "
          + "stack sampler of the request threads%n", e.getKey(), ms(s.p99()));
      Sampler sampler = new Sampler();
      sampler.start();
      for (int i : slowest) {
        long[] again = new long[3];
        for (int k = 0; k < again.length; k++) {
          long t0 = System.nanoTime();
          s.replays.get(i).call();
          again[k] = System.nanoTime() - t0;
        }
        String label = s.labels.get(i);
        String name = label.substring(label.lastIndexOf(' ') + 1).replace("'", "");
        Pattern word = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
        int occurrences = 0;
        int inFiles = 0;
        for (String text : corpus.values()) {
          Matcher m = word.matcher(text);
          int before = occurrences;
          while (m.find()) {
            occurrences++;
          }
          inFiles += occurrences > before ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "             %-60s %7.0f ms first, again %5.0f / %5.0f / %5.0f ms; %d results; "
            + "'%s' occurs %d times in %d files%n", label, ms(s.samples.get(i)[0]), ms(again[0]), ms(again[1]),
            ms(again[2]), s.samples.get(i)[1], name, occurrences, inFiles);
      }
      sampler.stop();
      sampler.print();
    }
  }

  /** Samples the stacks of the server's request threads; counts busy samples per method. */
  private static final class Sampler implements Runnable {
    private final Map<String, Integer> inclusive = new LinkedHashMap<>();
    private final Map<String, Integer> self = new LinkedHashMap<>();
    private volatile boolean running = true;
    private int busy;
    private Thread thread;

    void start() {
      thread = new Thread(this, "vcr-bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    @Override
    public void run() {
      while (running) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
          StackTraceElement[] st = e.getValue();
          if (!e.getKey().getName().startsWith("vcr-request-") || st.length == 0 || idle(st)) {
            continue;
          }
          busy++;
          self.merge(frame(st[0]), 1, Integer::sum);
          Set<String> seen = new LinkedHashSet<>();
          for (StackTraceElement f : st) {
            if (f.getClassName().startsWith("dev.vcr.") && seen.add(frame(f))) {
              inclusive.merge(frame(f), 1, Integer::sum);
            }
          }
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException x) {
          return;
        }
      }
    }

    private static boolean idle(StackTraceElement[] st) {
      for (StackTraceElement f : st) {
        if (f.getMethodName().equals("getTask") && f.getClassName().endsWith("ThreadPoolExecutor")) {
          return true;
        }
      }
      return false;
    }

    private static String frame(StackTraceElement f) {
      String c = f.getClassName();
      return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
    }

    void print() {
      System.out.printf(Locale.ROOT, "             %d busy samples; Vcr methods on the stack (inclusive):%n", busy);
      top(inclusive, 14);
      System.out.printf(Locale.ROOT, "             top frames (self):%n");
      top(self, 8);
    }

    private void top(Map<String, Integer> counts, int k) {
      counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(k).forEach(x ->
          System.out.printf(Locale.ROOT, "               %5.1f%%  %s%n", 100.0 * x.getValue() / Math.max(1, busy), x.getKey()));
    }
  }

  // ------------------------------------------------------------------------------------ report

  /** One operation's samples: latency, result count, and what was asked. */
  private static final class Series {
    final List<long[]> samples = new ArrayList<>(); // {nanos, results}
    final List<String> labels = new ArrayList<>();
    final List<Callable<?>> replays = new ArrayList<>();

    void add(long nanos, int results, String label) {
      add(nanos, results, label, null);
    }

    /** {@code replay}: asks the same again (for profiling the slowest). */
    void add(long nanos, int results, String label, Callable<?> replay) {
      samples.add(new long[] {nanos, results});
      labels.add(label);
      replays.add(replay);
    }

    long p99() {
      long[] ns = samples.stream().mapToLong(x -> x[0]).sorted().toArray();
      return ns.length == 0 ? 0 : pct(ns, 99);
    }
  }

  private Series series(String name) {
    return series.computeIfAbsent(name, k -> new Series());
  }

  private void printTable() {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-58s %5s %8s %8s %8s %8s %9s  %s%n", "operation (client-observed, ms)", "n", "p50",
        "p90", "p99", "max", "results", "slowest");
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series s = e.getValue();
      if (s.samples.isEmpty()) {
        continue;
      }
      long[] ns = s.samples.stream().mapToLong(x -> x[0]).sorted().toArray();
      double meanResults = s.samples.stream().mapToLong(x -> x[1]).average().orElse(0);
      long maxResults = s.samples.stream().mapToLong(x -> x[1]).max().orElse(0);
      int slowest = 0;
      for (int i = 1; i < s.samples.size(); i++) {
        if (s.samples.get(i)[0] > s.samples.get(slowest)[0]) {
          slowest = i;
        }
      }
      System.out.printf(Locale.ROOT, "%-58s %5d %8.2f %8.2f %8.2f %8.2f %4.0f/%-4d  %s (%d results)%n", e.getKey(),
          ns.length, ms(pct(ns, 50)), ms(pct(ns, 90)), ms(pct(ns, 99)), ms(ns[ns.length - 1]), meanResults,
          maxResults, s.labels.get(slowest), s.samples.get(slowest)[1]);
    }
    System.out.println("(results: mean/max per request; p = nearest rank)");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-58s %5s %8s %8s %8s %8s%n", "server-side, per LSP method (ms)", "n", "p50", "p90",
        "p99", "max");
    for (Map.Entry<String, List<Long>> e : ServerTiming.snapshot().entrySet()) {
      long[] us = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(Locale.ROOT, "%-58s %5d %8.2f %8.2f %8.2f %8.2f%n", e.getKey(), us.length, pct(us, 50) / 1e3,
          pct(us, 90) / 1e3, pct(us, 99) / 1e3, us[us.length - 1] / 1e3);
    }
    System.out.println("(server-side: from the request's start on the request pool, including its wait for earlier "
        + "document changes, to its result; excludes JSON-RPC transport; (cpu): the CPU time of the request's "
        + "thread, which a busy machine does not inflate; (KiB allocated): what the request's thread allocated, "
        + "in KiB, not ms)");
    System.out.println();
  }

  private static long pct(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Collects VcrSession's FINE "session-N: method in X µs, cpu Y µs, alloc Z KiB" lines (not printed) per method. */
  private static final class ServerTiming extends Handler {
    private static final Pattern LINE =
        Pattern.compile("^session-\\d+: (\\S+) in (\\d+) µs, cpu (\\d+) µs(?:, alloc (\\d+) KiB)?$");
    private static final Logger SESSION_LOG = Logger.getLogger("dev.vcr.lsp.server.VcrSession");
    private static final Map<String, List<Long>> MICROS = new ConcurrentHashMap<>();
    static volatile String phase = "";

    static void install() {
      SESSION_LOG.setLevel(Level.FINE);
      ServerTiming h = new ServerTiming();
      h.setLevel(Level.FINE);
      SESSION_LOG.addHandler(h);
    }

    static void reset() {
      MICROS.clear();
    }

    static Map<String, List<Long>> snapshot() {
      return new java.util.TreeMap<>(MICROS);
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel() != Level.FINE || record.getMessage() == null) {
        return;
      }
      Matcher m = LINE.matcher(record.getMessage());
      if (m.matches()) {
        MICROS.computeIfAbsent(phase + ": " + m.group(1), k -> new CopyOnWriteArrayList<>()).add(Long.parseLong(m.group(2)));
        MICROS.computeIfAbsent(phase + ": " + m.group(1) + " (cpu)", k -> new CopyOnWriteArrayList<>())
            .add(Long.parseLong(m.group(3)));
        if (m.group(4) != null) {
          // KiB, stored x1000 so that the table (which divides by 1,000) prints KiB
          MICROS.computeIfAbsent(phase + ": " + m.group(1) + " (KiB allocated)", k -> new CopyOnWriteArrayList<>())
              .add(Long.parseLong(m.group(4)) * 1000);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
