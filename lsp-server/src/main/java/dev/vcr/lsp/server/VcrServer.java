package dev.vcr.lsp.server;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.IndexLockedException;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.protocol.InitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The server of one process (the daemon, or a {@code --no-daemon} editor connection): creates sessions,
 * owns the thread pools, and shares one {@link WorkspaceIndex} per set of roots between the sessions that
 * opened it (reference-counted: the last session to leave closes it).
 *
 * <p>Pools: {@code vcr-request-*} runs requests (never LSP4J's reader threads, never the common pool);
 * {@code vcr-docs-*} applies document changes (serialised per session); {@code vcr-reindex-*} runs
 * indexing; {@code vcr-connection-*} hosts LSP4J's per-connection reader threads; {@code vcr-timer}
 * debounces re-indexing. All threads are daemons. Thread-safe.
 */
public final class VcrServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VcrServer.class.getName());

  /** How long a query waits for the first index of its workspace before answering from what exists. */
  static final long INDEX_WAIT_MILLIS = Long.getLong("vcr.lsp.indexWaitMillis", 60_000L);

  private final ServerOptions options;
  private final ExecutorService requests;
  /** The request pool shared fairly between sessions (round robin over per-session queues). */
  private final FairQueue fair;
  private final ExecutorService documents;
  private final ExecutorService indexing;
  private final ExecutorService connections;
  private final ScheduledExecutorService timer;
  private final Map<Path, SharedWorkspace> workspaces = new HashMap<>();
  private final Set<VcrSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sessionIds = new AtomicInteger();
  private volatile boolean closed;
  /** Quiet period before a re-index; tests on slow machines raise it to keep a burst in one window. */
  volatile long debounceMillis = SharedWorkspace.DEBOUNCE_MILLIS;
  /** Told the roots of each index this server opens and closes (the daemon answers for them too). */
  private volatile java.util.function.Consumer<List<Path>> opened = roots -> { };
  private volatile java.util.function.Consumer<List<Path>> closedIndex = roots -> { };
  /** Test hook: runs on the request thread just before the handler's work, with the request's context made. */
  volatile BiConsumer<String, CancelChecker> queryHook = (method, cancel) -> { };
  private volatile RequestObserver requestObserver;

  /**
   * Where a request's time went, server-side (nanoseconds): waiting for the document changes sent before it
   * and, if it needs one, a cold index ({@code gate}); waiting for a request thread ({@code queue}, the
   * fair queue); running on it ({@code run}, wall) and the CPU time of that thread ({@code cpu}).
   */
  @FunctionalInterface
  public interface RequestObserver {
    void observed(String method, long gateNanos, long queueNanos, long runNanos, long cpuNanos);
  }

  /** Tells {@code o} the timing of every request answered from now on (benchmarks); null stops. */
  public void observeRequests(RequestObserver o) {
    this.requestObserver = o;
  }

  RequestObserver requestObserver() {
    return requestObserver;
  }

  public VcrServer(ServerOptions options) {
    this.options = options;
    int cores = Runtime.getRuntime().availableProcessors();
    this.requests = Executors.newFixedThreadPool(Math.max(2, cores), threads("vcr-request-"));
    this.fair = new FairQueue(requests, Math.max(2, cores));
    this.documents = Executors.newCachedThreadPool(threads("vcr-docs-"));
    this.indexing = Executors.newCachedThreadPool(threads("vcr-reindex-"));
    this.connections = Executors.newCachedThreadPool(threads("vcr-connection-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(threads("vcr-timer-"));
  }

  public ServerOptions options() {
    return options;
  }

  public VcrSession newSession() {
    if (closed) {
      throw new IllegalStateException("server is closed");
    }
    VcrSession s = new VcrSession(this, sessionIds.incrementAndGet());
    sessions.add(s);
    return s;
  }

  /**
   * Listens for the indexes this server opens and closes, by their roots (real paths, in order): a session
   * whose workspace folders change opens the index of its new roots. Called with the server's lock held.
   */
  public void onWorkspaces(java.util.function.Consumer<List<Path>> opened, java.util.function.Consumer<List<Path>> closed) {
    this.opened = opened;
    this.closedIndex = closed;
  }

  private void tell(java.util.function.Consumer<List<Path>> listener, List<Path> roots) {
    try {
      listener.accept(roots);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a workspace listener failed for " + roots, e);
    }
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** Open documents over all sessions (each holds a tree): 0 once every session has ended. */
  int openDocumentCount() {
    int n = 0;
    for (VcrSession s : sessions) {
      n += s.openDocumentCount();
    }
    return n;
  }

  /** Workspaces with an open index. */
  public synchronized int workspaceCount() {
    return workspaces.size();
  }

  ExecutorService requestPool() {
    return requests;
  }

  /** Runs a session's request body ({@code method}) on the request pool, taking turns with other sessions. */
  void runFairly(Object session, String method, Runnable body) {
    fair.submit(session, method, body);
  }

  /**
   * How long a cold index's thread may wait between files for requests to finish
   * ({@code -Dvcr.lsp.coldYieldMillis}, 20; 0: never).
   */
  static final long COLD_YIELD_MILLIS = Long.getLong("vcr.lsp.coldYieldMillis", 20L);

  /** Called by a cold index's threads between files: requests first (see {@link FairQueue#yieldToRequests}). */
  void yieldToRequests() {
    if (COLD_YIELD_MILLIS > 0) {
      fair.yieldToRequests(COLD_YIELD_MILLIS);
    }
  }

  ExecutorService documentPool() {
    return documents;
  }

  ExecutorService connectionPool() {
    return connections;
  }

  /**
   * A reference to the shared index of these roots, opening it (and starting its first indexing run) if no
   * session has it open. The index lives in {@code <indexDir>/<workspace index name>}, where indexDir comes
   * from the client's options, else the server's, else the per-user cache.
   */
  SharedWorkspace acquire(List<Path> roots, InitOptions init) throws IOException, IndexLockedException {
    return acquire(roots, init, true);
  }

  /**
   * @param allowScratch when the index folder cannot be used (read-only, full, or locked by another process),
   *     index into a temporary folder for this process rather than fail (editor sessions; a command-line
   *     query sent to the daemon gets the failure instead)
   */
  SharedWorkspace acquire(List<Path> roots, InitOptions init, boolean allowScratch) throws IOException,
      IndexLockedException {
    Workspace ws = new Workspace(roots);
    Path base = init.indexDir() != null ? init.indexDir() : options.indexDir();
    Path storeDir = (base == null ? ws.defaultIndexDir() : base.resolve(ws.indexName())).toAbsolutePath().normalize();
    synchronized (this) {
      if (closed) {
        throw new IOException("server is closed");
      }
      SharedWorkspace shared = workspaces.get(storeDir);
      if (shared != null) {
        shared.retain();
        if (init.languages() != null || init.maxFileBytes() != null) {
          LOG.fine(() -> "index " + storeDir + " is already open; this session's languages/maxFileBytes options do not change it");
        }
        return shared;
      }
      WorkspaceIndex index;
      String fallbackNote = null;
      try {
        index = WorkspaceIndex.open(ws, storeDir, indexOptions(init));
      } catch (IOException | IndexLockedException | dev.vcr.kernel.index.StoreUnavailableException e) {
        // Locked: another process holds it, e.g. the daemon of another version this in-process session
        // was started beside (the forwarder's version handshake).
        String problem = e instanceof IndexLockedException ? "it is in use by another Vcr process"
            : e instanceof dev.vcr.kernel.index.StoreUnavailableException u ? u.reason()
            : dev.vcr.kernel.index.StoreFaults.resourceProblem(e);
        if (problem == null || !allowScratch) {
          throw e;
        }
        // The index directory cannot be used (read-only or full cache, and no readable index there): index
        // into a temporary folder for this process rather than fail initialize.
        Path scratch = Files.createTempDirectory("vcr-index-");
        LOG.log(Level.WARNING, "cannot use the index directory " + storeDir + " (" + problem + "); indexing into "
            + scratch + " for this process", e);
        index = WorkspaceIndex.open(ws, scratch.resolve(ws.indexName()), indexOptions(init));
        fallbackNote = "cannot use the index folder " + storeDir + " (" + problem + "); the workspace is indexed"
            + " into a temporary folder for this session, which is not kept.";
      }
      shared = new SharedWorkspace(storeDir, index, timer, indexing, debounceMillis, fallbackNote);
      shared.coldYield(this::yieldToRequests);
      if (options.childBuilds()) {
        shared.buildFirstIndexWith(childJvm(), childBuildMinFiles);
      }
      shared.retain();
      workspaces.put(storeDir, shared);
      LOG.info("opened index " + storeDir + " for " + ws.roots());
      shared.start();
      tell(opened, ws.roots());
      return shared;
    }
  }

  /** Work done on a workspace's index, for {@link #withIndex}. */
  @FunctionalInterface
  public interface IndexWork<T> {
    T apply(WorkspaceIndex index) throws Exception;
  }

  /**
   * Runs {@code work} on the shared index of {@code roots} (opened if no session has it), for the command
   * line's queries sent to a daemon. Like a session's query it waits for a first index to exist, and like
   * a CLI query it first brings the index up to date with the files (incrementally; {@code
   * WorkspaceIndex.refresh} is serialised with the re-index scheduler's runs), so it never answers from a
   * stale index.
   */
  public <T> T withIndex(List<Path> roots, IndexWork<T> work) throws Exception {
    SharedWorkspace shared = acquire(roots, InitOptions.none(), false);
    try {
      shared.awaitReady(() -> { }, INDEX_WAIT_MILLIS);
      shared.index().refresh((done, total, message) -> { }, () -> closed);
      return work.apply(shared.index());
    } finally {
      release(shared);
    }
  }

  /**
   * Drops a reference; the last one closes the index (after any running indexing stops). The close
   * happens under the server's lock, so neither {@link #close()} nor a new {@link #acquire} of the same
   * workspace can run while the index lock is still held.
   */
  void release(SharedWorkspace shared) {
    synchronized (this) {
      if (shared.release() == 0) {
        workspaces.remove(shared.storeDir());
        shared.close();
        LOG.info("closed index " + shared.storeDir());
        tell(closedIndex, shared.index().workspace().roots());
      }
    }
  }

  void sessionEnded(VcrSession s) {
    sessions.remove(s);
  }

  /** Index options: the server's threads, the client's or server's size limit, and the language filter. */
  /** The fewest source files for which a first index is built by a child process (tests lower it). */
  private volatile int childBuildMinFiles = dev.vcr.kernel.ingest.ChildBuild.MIN_FILES;

  void childBuildMinFiles(int n) {
    childBuildMinFiles = n;
  }

  /**
   * How a child process that builds a first index is started: this JVM's binary and options (less those a
   * second process must not share: recordings, logs to files, agents), under the daemon's collector policy
   * (ChildBuild picks the JIT's tiers by the workspace's size).
   */
  public static List<String> childJvm() {
    List<String> keep = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-XX:FlightRecorder") && !a.startsWith("-Xlog")
          && !a.startsWith("-javaagent") && !a.startsWith("-agentpath")) {
        keep.add(a);
      }
    }
    List<String> jvm = new ArrayList<>();
    jvm.add(dev.vcr.lsp.daemon.DaemonStarter.javaBinary());
    jvm.addAll(dev.vcr.lsp.daemon.DaemonStarter.jvmOptions(keep));
    jvm.add("-cp");
    jvm.add(dev.vcr.lsp.daemon.DaemonStarter.absoluteClasspath(System.getProperty("java.class.path")));
    return jvm;
  }

  IndexOptions indexOptions(InitOptions init) {
    long max = init.maxFileBytes() != null ? init.maxFileBytes() : options.maxFileBytes();
    ScanOptions scan = new ScanOptions(max, excludedLanguagePatterns(init.languages()));
    return IndexOptions.defaults().withThreads(options.threads()).withScan(scan);
  }

  /**
   * Ignore patterns that keep the files of languages outside {@code enabled} out of the index: the
   * extensions of every other language, except those an enabled language also claims ({@code .h}).
   */
  static List<String> excludedLanguagePatterns(List<String> enabled) {
    Set<Language> on = enabledLanguages(enabled);
    if (on == null) {
      return List.of();
    }
    Set<String> keep = new TreeSet<>();
    for (Language l : on) {
      keep.addAll(l.extensions());
    }
    Set<String> drop = new TreeSet<>();
    for (Language l : Language.values()) {
      for (String ext : l.extensions()) {
        if (!keep.contains(ext)) {
          drop.add(ext);
        }
      }
    }
    List<String> patterns = new ArrayList<>();
    for (String ext : drop) {
      patterns.add("*." + ext);
    }
    return patterns;
  }

  /**
   * The languages a client enabled (null: all). Ids are Vcr's ({@code Language.forId}, which also takes
   * editor ids such as {@code typescriptreact}); {@code typescript} includes TSX, as editors treat them as
   * one setting. Unknown ids are logged and skipped.
   */
  static Set<Language> enabledLanguages(List<String> ids) {
    if (ids == null) {
      return null;
    }
    Set<Language> on = java.util.EnumSet.noneOf(Language.class);
    for (String id : ids) {
      Optional<Language> l = Language.forId(id);
      if (l.isEmpty()) {
        LOG.warning("unknown language in initializationOptions.languages: " + id);
        continue;
      }
      on.add(l.get());
      if (l.get() == Language.TYPESCRIPT) {
        on.add(Language.TSX);
      }
    }
    return on;
  }

  /** Ends every session, closes every index and stops the pools. */
  @Override
  public void close() {
    closed = true;
    for (VcrSession s : new ArrayList<>(sessions)) {
      s.connectionClosed();
    }
    List<SharedWorkspace> left;
    synchronized (this) {
      left = new ArrayList<>(workspaces.values());
      workspaces.clear();
    }
    for (SharedWorkspace w : left) {
      w.close();
    }
    timer.shutdownNow();
    requests.shutdownNow();
    documents.shutdownNow();
    indexing.shutdownNow();
    connections.shutdownNow();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
