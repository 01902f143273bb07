package dev.vcr.bench;

import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.VcrServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Issue 13's load benchmark: many editor sessions on one server (what the daemon hosts), each sending a
 * mixed stream of requests with edits, over java.base. A measurement, not a test.
 *
 * <ol>
 *   <li>Warm: one session builds (or reuses) the index; then {@code --sessions} sessions (20) each open a
 *       file and send {@code --requests} (50) requests drawn at random: references, definition, prepare +
 *       incoming calls, outgoing calls, workspace/symbol, documentSymbol, and edits to their open document
 *       (each edit a {@code didChange} followed at once by references in that document, timed together).
 *       All sessions run at once. p50/p99/max per kind, client-observed.
 *   <li>Cold: a new server on an empty index directory; while its first index runs, the same number of
 *       sessions send documentSymbol requests for random files; p50/p99/max of those answered while the
 *       index was still being built.
 * </ol>
 *
 * <p>Options: {@code --src DIR} (default {@code ~/.cache/vcr-bench/java.base-17/java.base}, else java.base
 * unpacked from the JDK's src.zip as the latency benchmark does),
 * {@code --sessions N}, {@code --requests N}, {@code --seed S}, {@code --skip-cold}, {@code --cold-only}, {@code --think-ms M},
 * {@code --daemon}, {@code --warmup N}, {@code --cold-rounds N} (the cold phase N times, each against a fresh
 * server, with the p99 of each and their median).
 *
 * <p>By default the server runs in this process, where its requests' server-side times can be observed.
 * {@code --daemon} runs it as editors get it: a daemon process of its own, with the daemon's JVM options,
 * each session a connection to its socket as {@code vcr lsp} forwards one; the clients' JSON parsing then no
 * longer allocates in the server's heap. The server-side table is then not available; the daemon's
 * collections are read from its GC log. {@code --warmup N} first runs as many sessions of N requests each,
 * not recorded, so that the measured sessions meet a server that has been serving for a while. With
 * {@code --daemon --cold-only} a first cold round, not recorded, runs against a throwaway daemon: it
 * compiles this process's client code, as an editor's client is (without it, the benchmark's own
 * compilations shared the two cores with the daemon it measured; the warm phase does it otherwise).
 *
 * <p>By default each session sends its next request as soon as the last is answered (a closed loop: 20
 * sessions keep 20 requests in flight, which measures the server at saturation). {@code --think-ms M} paces
 * each session like a person at an editor: before each request it pauses for a random time, exponentially
 * distributed with mean M ms (capped at 5 M), drawn from a seeded generator of its own, so the requests
 * drawn are the same with and without pauses.
 */
public final class LoadBenchmark {
  private final Path root;
  private final int sessions;
  private final int requests;
  private final long seed;
  private final long thinkMillis;
  private final boolean daemon;
  private final int warmup;
  private final Map<String, List<Long>> micros = new ConcurrentHashMap<>();
  /** Server-side, per LSP method: gate, queue, run and CPU µs of each request (VcrServer.RequestObserver). */
  private final Map<String, List<long[]>> server = new ConcurrentHashMap<>();
  private long gcCount0;
  private long gcMillis0;
  private final AtomicInteger errors = new AtomicInteger();
  private final List<String> errorSamples = new CopyOnWriteArrayList<>();

  private LoadBenchmark(Path root, int sessions, int requests, long seed, long thinkMillis, boolean daemon,
      int warmup) {
    this.root = root;
    this.sessions = sessions;
    this.requests = requests;
    this.seed = seed;
    this.thinkMillis = thinkMillis;
    this.daemon = daemon;
    this.warmup = warmup;
  }

  /** Where sessions are opened: a server in this process, or a daemon process. */
  private interface Host extends AutoCloseable {
    /** A new session, returned once the first index is done, or at once ({@code awaitIndexed} false). */
    LspSession session(boolean awaitIndexed) throws Exception;

    /** Starts the phase's server-side figures (timings in process; collections either way). */
    void observe() throws Exception;

    /** Prints the phase's server-side figures. */
    void report() throws Exception;
  }

  private Host host(Path idx) throws Exception {
    if (daemon) {
      DaemonProcess d = DaemonProcess.start(root, idx);
      return new Host() {
        java.util.SortedMap<String, double[]> gc0 = new java.util.TreeMap<>();

        @Override
        public LspSession session(boolean awaitIndexed) throws Exception {
          return LspSession.connect(d.socket(), root, awaitIndexed);
        }

        @Override
        public void observe() throws Exception {
          gc0 = d.collections();
        }

        @Override
        public void report() throws Exception {
          System.out.printf(Locale.ROOT, "gc        pauses, count / total: %s (the daemon process, since the phase"
              + " began); daemon peak RSS %d MB%n", DaemonProcess.collectionsBetween(gc0, d.collections()),
              d.peakRssBytes() >> 20);
        }

        @Override
        public void close() throws Exception {
          d.close();
        }
      };
    }
    VcrServer server = new VcrServer(new ServerOptions(idx, Runtime.getRuntime().availableProcessors(),
        ServerOptions.defaults().maxFileBytes(), ServerOptions.childBuildsByDefault()));
    return new Host() {
      @Override
      public LspSession session(boolean awaitIndexed) throws Exception {
        return awaitIndexed ? LspSession.open(server, root) : LspSession.start(server, root);
      }

      @Override
      public void observe() {
        LoadBenchmark.this.observe(server);
      }

      @Override
      public void report() {
        serverTable();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /** The pause before a session's next request: none, or exponential with mean {@code thinkMillis}. */
  private void think(Random r) throws InterruptedException {
    if (thinkMillis > 0) {
      double pause = -Math.log(1 - r.nextDouble()) * thinkMillis;
      Thread.sleep((long) Math.min(pause, 5.0 * thinkMillis));
    }
  }

  public static void main(String[] args) throws Exception {
    // Sessions opening and closing by the dozen: keep the server's INFO lines out of the table.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Path src = Path.of(System.getProperty("user.home"), ".cache", "vcr-bench", "java.base-17", "java.base");
    int sessions = 20;
    int requests = 50;
    long seed = 42;
    long think = 0;
    boolean cold = true;
    boolean warmPhase = true;
    boolean daemon = false;
    int warmup = 0;
    int coldRounds = 1;
    boolean srcGiven = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--src" -> {
          src = Path.of(args[++i]);
          srcGiven = true;
        }
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--skip-cold" -> cold = false;
        case "--cold-only" -> warmPhase = false;
        case "--think-ms" -> think = Long.parseLong(args[++i]);
        case "--daemon" -> daemon = true;
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--cold-rounds" -> coldRounds = Math.max(1, Integer.parseInt(args[++i]));
        default -> {
          System.err.println("usage: LoadBenchmark [--src DIR] [--sessions N] [--requests N] [--seed S] [--skip-cold] [--cold-only]"
              + " [--think-ms M] [--daemon] [--warmup N] [--cold-rounds N]");
          System.exit(2);
        }
      }
    }
    if (!Files.isDirectory(src)) {
      if (srcGiven) {
        System.err.println("no sources at " + src);
        System.exit(2);
      }
      // As the latency benchmark does: java.base from the JDK's src.zip, unpacked once under the bench dir.
      Path benchDir = (Path) LatencyBenchmark.shared("benchDir", new Class<?>[0]);
      Path zip = (Path) LatencyBenchmark.shared("findSrcZip", new Class<?>[] {String.class}, (Object) null);
      src = (Path) LatencyBenchmark.shared("unpack", new Class<?>[] {Path.class, Path.class}, zip, benchDir);
      System.err.println("no sources at the default folder; using java.base from " + zip + ": " + src);
    }
    LoadBenchmark b = new LoadBenchmark(src.toRealPath(), sessions, requests, seed, think, daemon, warmup);
    Path base = Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache", "vcr-bench"));
    Path idx = Files.createTempDirectory(base, "load-index-");
    Path coldIdx = Files.createTempDirectory(base, "load-cold-index-");
    try {
      if (warmPhase) {
        b.warm(idx);
      }
      if (cold) {
        if (!warmPhase && b.daemon) {
          // This process's client code is as cold as the daemon; an editor's is not. A first round against
          // a throwaway daemon, not recorded, compiles it (as the warm phase does when it runs first). In
          // process it would compile the server's code too, so it runs with --daemon only.
          Path c2 = Files.createTempDirectory(base, "load-cold-index-");
          b.clientWarmup = true;
          b.cold(c2);
          b.clientWarmup = false;
          deleteTree(c2);
        }
        for (int round = 0; round < coldRounds; round++) {
          if (round > 0) {
            deleteTree(coldIdx);
            Files.createDirectories(coldIdx);
          }
          b.cold(coldIdx);
        }
        if (coldRounds > 1) {
          b.roundsSummary();
        }
      }
    } finally {
      deleteTree(idx);
      deleteTree(coldIdx);
    }
    System.exit(0);
  }

  record Target(String uri, String name, Position pos) {}

  private void warm(Path idx) throws Exception {
    System.out.printf(Locale.ROOT, "corpus    %s; %d sessions x %d requests; %s; server %s; %d processors; load %s%n",
        root, sessions, requests, thinkMillis > 0 ? "think time " + thinkMillis + " ms (mean)" : "no think time",
        daemon ? "in a daemon process" : "in this process", Runtime.getRuntime().availableProcessors(), load());
    try (Host server = host(idx)) {
      long t0 = System.nanoTime();
      LspSession first = server.session(true);
      System.out.printf(Locale.ROOT, "index     %.1f s (cold, first session)%n", (System.nanoTime() - t0) / 1e9);
      server.observe();
      List<Path> files = javaFiles();
      Random r = new Random(seed);
      List<Path> sample = new ArrayList<>(files);
      Collections.shuffle(sample, r);
      sample = sample.subList(0, Math.min(60, sample.size()));
      List<Target> targets = new ArrayList<>();
      for (Path f : sample) {
        targets.addAll(symbols(first.remote().getTextDocumentService(), f));
      }
      List<String> names = targets.stream().map(Target::name).distinct().toList();
      if (warmup > 0) {
        // Editors that came before: the same mix, not recorded, so that the measured phase meets a daemon
        // whose code is compiled and whose caches hold what such requests read.
        long u0 = System.nanoTime();
        editors(server, sample, targets, names, warmup, seed + 1_000_003);
        System.out.printf(Locale.ROOT, "warm-up   %d sessions x %d requests in %.1f s, not recorded%n", sessions, warmup,
            (System.nanoTime() - u0) / 1e9);
        micros.clear();
        errors.set(0);
        errorSamples.clear();
        server.observe();
      }
      try {
        long w0 = System.nanoTime();
        editors(server, sample, targets, names, requests, seed);
        System.out.printf(Locale.ROOT, "warm      %d sessions done in %.1f s; %d errors %s%n", sessions,
            (System.nanoTime() - w0) / 1e9, errors.get(), errorSamples.subList(0, Math.min(3, errorSamples.size())));
        server.report();
        table();
      } finally {
        first.close();
      }
    }
  }

  /** {@code sessions} editors at once, each a new session sending {@code n} requests; closed at the end. */
  private void editors(Host server, List<Path> sample, List<Target> targets, List<String> names, int n, long seed)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(sessions);
    List<LspSession> open = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        int id = i;
        done.add(pool.submit(() -> {
          LspSession s = server.session(true);
          open.add(s);
          editorSession(s, new Random(seed * 31 + id), new Random(seed * 37 + id), sample.get(id % sample.size()),
              targets, names, n);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.MINUTES);
      }
    } finally {
      for (LspSession s : open) {
        s.close();
      }
      pool.shutdownNow();
    }
  }

  /** One editor: opens a file, then a random mix of requests and edits. */
  private void editorSession(LspSession s, Random r, Random pace, Path file, List<Target> targets,
      List<String> names, int requests)
      throws Exception {
    TextDocumentService docs = s.remote().getTextDocumentService();
    String uri = file.toUri().toString();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int lines = (int) text.lines().count();
    docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, text)));
    List<Target> own = symbols(docs, file);
    int version = 1;
    boolean edited = false;
    for (int i = 0; i < requests; i++) {
      think(pace);
      int k = r.nextInt(100);
      Target t = targets.get(r.nextInt(targets.size()));
      TextDocumentIdentifier doc = new TextDocumentIdentifier(t.uri());
      long t0 = System.nanoTime();
      try {
        if (k < 25) {
          docs.references(new ReferenceParams(doc, t.pos(), new ReferenceContext(true))).get(5, TimeUnit.MINUTES);
          record("references", t0);
        } else if (k < 40) {
          docs.definition(new DefinitionParams(doc, t.pos())).get(5, TimeUnit.MINUTES);
          record("definition", t0);
        } else if (k < 55) {
          List<CallHierarchyItem> items = docs.prepareCallHierarchy(new CallHierarchyPrepareParams(doc, t.pos()))
              .get(5, TimeUnit.MINUTES);
          if (items != null && !items.isEmpty()) {
            docs.callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(items.get(0))).get(5, TimeUnit.MINUTES);
          }
          record("prepare + incoming calls", t0);
        } else if (k < 65) {
          List<CallHierarchyItem> items = docs.prepareCallHierarchy(new CallHierarchyPrepareParams(doc, t.pos()))
              .get(5, TimeUnit.MINUTES);
          long t1 = System.nanoTime();
          if (items != null && !items.isEmpty()) {
            docs.callHierarchyOutgoingCalls(new CallHierarchyOutgoingCallsParams(items.get(0))).get(5, TimeUnit.MINUTES);
          }
          record("outgoing calls", t1);
        } else if (k < 78) {
          String name = names.get(r.nextInt(names.size()));
          String q = r.nextBoolean() || name.length() < 4 ? name : name.substring(0, 3);
          s.remote().getWorkspaceService().symbol(new WorkspaceSymbolParams(q)).get(5, TimeUnit.MINUTES);
          record("workspace/symbol", t0);
        } else if (k < 88) {
          docs.documentSymbol(new DocumentSymbolParams(doc)).get(5, TimeUnit.MINUTES);
          record("documentSymbol", t0);
        } else {
          // An edit to the open document (a comment line added, then removed), then references in it.
          Position at = new Position(lines, 0);
          String change = edited ? "" : "// edit\n";
          Range range = edited ? new Range(at, new Position(lines + 1, 0)) : new Range(at, at);
          docs.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, ++version),
              List.of(new TextDocumentContentChangeEvent(range, change))));
          edited = !edited;
          Target mine = own.isEmpty() ? t : own.get(r.nextInt(own.size()));
          docs.references(new ReferenceParams(new TextDocumentIdentifier(mine.uri()), mine.pos(),
              new ReferenceContext(true))).get(5, TimeUnit.MINUTES);
          record("edit + references", t0);
        }
      } catch (Exception e) {
        errors.incrementAndGet();
        if (errorSamples.size() < 10) {
          errorSamples.add(e.toString());
        }
      }
    }
  }

  /** Whether {@link #cold} runs to compile this process's client code only (reports nothing). */
  private boolean clientWarmup;

  /** documentSymbol for random files while a cold index runs, from as many sessions at once. */
  private void cold(Path idx) throws Exception {
    micros.clear();
    errors.set(0);
    List<Path> files = javaFiles();
    try (Host server = host(idx)) {
      long t0 = System.nanoTime();
      server.observe();
      LspSession starter = server.session(false);
      ExecutorService pool = Executors.newFixedThreadPool(sessions);
      List<LspSession> open = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger whileIndexing = new AtomicInteger();
      AtomicInteger after = new AtomicInteger();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
          int id = i;
          done.add(pool.submit(() -> {
            LspSession s = server.session(false);
            open.add(s);
            Random r = new Random(seed * 17 + id);
            Random pace = new Random(seed * 19 + id);
            for (int k = 0; k < requests; k++) {
              think(pace);
              Path f = files.get(r.nextInt(files.size()));
              long q0 = System.nanoTime();
              boolean indexing = !starter.indexed();
              try {
                s.remote().getTextDocumentService().documentSymbol(new DocumentSymbolParams(
                    new TextDocumentIdentifier(f.toUri().toString()))).get(5, TimeUnit.MINUTES);
                if (indexing && !starter.indexed()) {
                  record(COLD_ALL, q0);
                  // the daemon's own warm-up (class loading, compilation) is in the first seconds
                  record(q0 - t0 < 5_000_000_000L ? COLD_FIRST_5S : "documentSymbol during it, after 5 s", q0);
                  whileIndexing.incrementAndGet();
                } else {
                  record("documentSymbol after it", q0);
                  after.incrementAndGet();
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.MINUTES);
        }
        if (clientWarmup) {
          System.out.printf(Locale.ROOT, "warm-up   %d documentSymbol requests from %d sessions to a throwaway daemon, not"
              + " recorded: this process's client code compiled, as an editor's is (%.1f s)%n",
              whileIndexing.get() + after.get(), sessions, (System.nanoTime() - t0) / 1e9);
          return;
        }
        System.out.printf(Locale.ROOT, "cold      %d documentSymbol requests answered while the first index ran, %d after"
            + " it; %d errors; index still running at the end: %s (%.1f s since initialize)%n", whileIndexing.get(),
            after.get(), errors.get(), !starter.indexed(), (System.nanoTime() - t0) / 1e9);
        server.report();
        table();
        for (String kind : List.of(COLD_ALL, COLD_FIRST_5S)) {
          roundP99.computeIfAbsent(kind, k -> new ArrayList<>()).add(p99(kind));
        }
      } finally {
        for (LspSession s : open) {
          s.close();
        }
        starter.close();
        pool.shutdownNow();
      }
    }
  }

  private static final String COLD_ALL = "documentSymbol during the cold index";
  private static final String COLD_FIRST_5S = "documentSymbol during it, first 5 s";

  /** The cold phase's p99 (ms) per kind, one per round ({@code --cold-rounds}). */
  private final Map<String, List<Double>> roundP99 = new TreeMap<>();

  private double p99(String kind) {
    List<Long> v = new ArrayList<>(micros.getOrDefault(kind, List.of()));
    Collections.sort(v);
    return v.isEmpty() ? Double.NaN : pct(v, 99) / 1000.0;
  }

  /**
   * The cold phase's p99 of each round and their median: a p99 of a few hundred requests in a fresh
   * daemon's first seconds is set by a handful of them, and moved by 2x from one run to the next on the same
   * code (session 24), so a comparison needs several rounds.
   */
  private void roundsSummary() {
    for (Map.Entry<String, List<Double>> e : roundP99.entrySet()) {
      List<Double> v = new ArrayList<>(e.getValue());
      StringBuilder each = new StringBuilder();
      for (double d : v) {
        each.append(each.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", d));
      }
      Collections.sort(v);
      double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
      System.out.printf(Locale.ROOT, "rounds    %s, p99 ms per round: %s; median %.1f%n", e.getKey(), each, median);
    }
  }

  private void record(String kind, long t0) {
    micros.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
        .add((System.nanoTime() - t0) / 1000);
  }

  /** Records the server-side timing of every request from now on, and the GC figures' starting point. */
  private void observe(VcrServer s) {
    this.server.clear();
    s.observeRequests((method, gate, queue, run, cpu) -> this.server
        .computeIfAbsent(method, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(new long[] {gate / 1000, queue / 1000, run / 1000, cpu / 1000}));
    gcCount0 = gcCount();
    gcMillis0 = gcMillis();
  }

  private static long gcCount() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  /**
   * Where the server-side time went, per LSP method: p50 / p99 ms of the wait for earlier document changes
   * and a cold index (gate), of the wait for a request thread (queue), of the run (wall) and its CPU time.
   */
  private void serverTable() {
    System.out.printf(Locale.ROOT, "%-40s %6s %15s %15s %15s %15s%n", "server-side p50 / p99 (ms)", "n", "gate", "queue",
        "run", "cpu");
    for (Map.Entry<String, List<long[]>> e : new TreeMap<>(server).entrySet()) {
      List<long[]> v;
      synchronized (e.getValue()) {
        v = new ArrayList<>(e.getValue());
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-40s %6d", e.getKey(), v.size()));
      for (int col = 0; col < 4; col++) {
        int c = col;
        List<Long> sorted = v.stream().map(x -> x[c]).sorted().toList();
        line.append(String.format(Locale.ROOT, " %7.1f/%7.1f", pct(sorted, 50) / 1000.0, pct(sorted, 99) / 1000.0));
      }
      System.out.println(line);
    }
    System.out.printf(Locale.ROOT, "gc        %d collections, %d ms (this JVM, since the phase began)%n",
        gcCount() - gcCount0, gcMillis() - gcMillis0);
  }

  private void table() {
    System.out.printf(Locale.ROOT, "%-40s %6s %9s %9s %9s%n", "request (ms)", "n", "p50", "p99", "max");
    for (Map.Entry<String, List<Long>> e : new TreeMap<>(micros).entrySet()) {
      List<Long> v;
      synchronized (e.getValue()) {
        v = new ArrayList<>(e.getValue());
      }
      Collections.sort(v);
      System.out.printf(Locale.ROOT, "%-40s %6d %9.1f %9.1f %9.1f%n", e.getKey(), v.size(), pct(v, 50) / 1000.0,
          pct(v, 99) / 1000.0, v.get(v.size() - 1) / 1000.0);
    }
    System.out.printf(Locale.ROOT, "load      %s%n", load());
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private List<Path> javaFiles() throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<Target> symbols(TextDocumentService docs, Path file) throws Exception {
    List<Either<SymbolInformation, DocumentSymbol>> got = docs.documentSymbol(
        new DocumentSymbolParams(new TextDocumentIdentifier(file.toUri().toString()))).get(5, TimeUnit.MINUTES);
    List<Target> out = new ArrayList<>();
    if (got != null) {
      for (Either<SymbolInformation, DocumentSymbol> e : got) {
        if (e.isRight()) {
          flatten(file.toUri().toString(), e.getRight(), out);
        }
      }
    }
    return out;
  }

  private static void flatten(String uri, DocumentSymbol s, List<Target> out) {
    out.add(new Target(uri, s.getName(), s.getSelectionRange().getStart()));
    if (s.getChildren() != null) {
      for (DocumentSymbol c : s.getChildren()) {
        flatten(uri, c, out);
      }
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "?";
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
