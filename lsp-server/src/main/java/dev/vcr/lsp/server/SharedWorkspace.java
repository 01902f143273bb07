package dev.vcr.lsp.server;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.ChildBuild;
import dev.vcr.kernel.ingest.IndexSummary;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.scan.WorkspaceScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * One workspace's index as shared by the sessions of a {@link VcrServer}: the {@link WorkspaceIndex}, its
 * re-index scheduler, an optional file-system watcher, and the listeners that report indexing progress to
 * clients. Reference-counted by the server; the last release closes it.
 *
 * <p>Readiness: when the store is empty at open (first index of this workspace), queries wait for the
 * first run to finish (bounded, see {@link #awaitReady}); a store left by an earlier run answers at once
 * while the first run brings it up to date incrementally.
 *
 * <p>Thread-safe.
 */
final class SharedWorkspace {
  private static final Logger LOG = Logger.getLogger(SharedWorkspace.class.getName());
  static final long DEBOUNCE_MILLIS = 200;
  static final long MAX_DELAY_MILLIS = 2_000;

  private final Path storeDir;
  private final WorkspaceIndex index;
  private final ReindexScheduler scheduler;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<IndexSummary> firstRun = new CompletableFuture<>();
  private final List<IndexListener> listeners = new ArrayList<>();
  private FileWatcher watcher;
  private int refs;
  private int runNumber;
  private boolean running;
  private int lastDone;
  private int lastTotal;
  private String lastMessage = "";
  private volatile boolean closed;
  /** Why the index cannot be written now (shown to every session once per episode), or null. */
  private String degraded; // guarded by this
  /** Where sessions want warnings for the user (window/showMessage). */
  private final List<java.util.function.Consumer<String>> warners = new ArrayList<>();
  /** Run between files by the first index's threads (the server's requests go first). */
  private volatile Runnable coldYield = () -> { };
  /** How to start a child process that builds the first index, or null to build it in this process. */
  private volatile List<String> childJvm;
  /** The fewest source files for which the first index is built by a child process. */
  private volatile int childMinFiles;
  /** Set when the index lives in a temporary folder because its own could not be used. */
  private final String fallbackNote;

  SharedWorkspace(Path storeDir, WorkspaceIndex index, ScheduledExecutorService timer, Executor runner,
      long debounceMillis) {
    this(storeDir, index, timer, runner, debounceMillis, null);
  }

  /** @param fallbackNote why the index is not where it belongs (it is in a temporary folder), or null */
  SharedWorkspace(Path storeDir, WorkspaceIndex index, ScheduledExecutorService timer, Executor runner,
      long debounceMillis, String fallbackNote) {
    this.fallbackNote = fallbackNote;
    this.storeDir = storeDir;
    this.index = index;
    this.scheduler = new ReindexScheduler(storeDir.getFileName().toString(), timer, runner, this::refresh,
        debounceMillis, Math.max(MAX_DELAY_MILLIS, 10 * debounceMillis));
    if (index.store().fileCount() > 0) {
      ready.complete(null);
    }
    String ro = index.store().readOnlyReason();
    if (ro != null) {
      degraded = "Vcr: the index of " + roots() + " cannot be written (" + ro + "); navigation answers from it as it is"
          + " and from your open documents, but it is not updated.";
    } else if (fallbackNote != null) {
      degraded = "Vcr: " + fallbackNote;
    }
  }

  private String roots() {
    List<Path> r = index.workspace().roots();
    return r.size() == 1 ? r.get(0).getFileName().toString() : r.toString();
  }

  /**
   * Adds a session's way to warn its user; if the index is degraded (read-only, disk full, in a temporary
   * folder) it hears so at once, and again whenever a new problem starts.
   */
  void addWarner(java.util.function.Consumer<String> w) {
    String now;
    synchronized (this) {
      warners.add(w);
      now = degraded;
    }
    if (now != null) {
      w.accept(now);
    }
  }

  synchronized void removeWarner(java.util.function.Consumer<String> w) {
    warners.remove(w);
  }

  /** The current degradation message, or null. */
  synchronized String degraded() {
    return degraded;
  }

  /** An indexing run failed for want of a resource: keep serving, and tell every session once. */
  private void degrade(String reason, Throwable cause) {
    String message = "Vcr: cannot update the index of " + roots() + " (" + reason + "); navigation answers from"
        + " the index as it was and from your open documents until " + (reason.contains("memory")
            ? "memory allows." : "it can be written again.");
    List<java.util.function.Consumer<String>> tell;
    synchronized (this) {
      // Read-only from the start: the sessions were told when they joined.
      boolean again = message.equals(degraded) || index.store().readOnlyReason() != null && degraded != null;
      degraded = message;
      tell = again ? List.of() : new ArrayList<>(warners);
    }
    LOG.log(Level.WARNING, "indexing " + index.workspace().roots() + " failed (" + reason + "); serving the index as it was",
        cause);
    for (java.util.function.Consumer<String> w : tell) {
      w.accept(message);
    }
  }

  /**
   * Builds the first index (when the store is empty and the workspace has at least {@code minFiles} source
   * files) in a child process started with {@code jvm} ({@link ChildBuild}); call before {@link #start}.
   */
  void buildFirstIndexWith(List<String> jvm, int minFiles) {
    childJvm = List.copyOf(jvm);
    childMinFiles = minFiles;
  }

  Path storeDir() {
    return storeDir;
  }

  WorkspaceIndex index() {
    return index;
  }

  ReindexScheduler scheduler() {
    return scheduler;
  }

  /** Completes when queries may run (see class comment). */
  CompletableFuture<Void> ready() {
    return ready;
  }

  /** Completes when the first indexing run of this workspace has ended (with null if it failed). */
  CompletableFuture<IndexSummary> firstRun() {
    return firstRun;
  }

  int refs() {
    return refs;
  }

  void retain() {
    refs++;
  }

  /** Sets what the first index's threads run between files (see {@link VcrServer#yieldToRequests}). */
  void coldYield(Runnable r) {
    this.coldYield = r;
  }

  /** Returns the remaining references; guarded by the server's lock. */
  int release() {
    return --refs;
  }

  /** Starts the first indexing run right away. */
  void start() {
    scheduler.requestNow();
  }

  /** Above this many files reported changed, the next run scans (a branch switch, a build's output). */
  static final int MAX_CHANGED_PATHS = 256;

  /**
   * The files reported changed since the last run started (index keys), for a run that need not scan;
   * guarded by this. {@link #scanNext}: the next run scans the workspace whatever was reported.
   */
  private final java.util.TreeSet<String> changedPaths = new java.util.TreeSet<>();
  private boolean scanNext = true;

  /** Files changed, which of them not known (a watcher's overflow): re-index after the debounce period. */
  void changed() {
    changed((java.util.Collection<String>) null);
  }

  /**
   * Files changed (saved, or seen by a watcher), by index key, or null when which is not known: re-index
   * after the debounce period; when every file is known, the run re-reads those alone (see
   * {@link dev.vcr.kernel.ingest.Indexer#runChanged}, which scans when that cannot decide).
   */
  void changed(java.util.Collection<String> keys) {
    synchronized (this) {
      if (keys == null || changedPaths.size() + keys.size() > MAX_CHANGED_PATHS) {
        scanNext = true;
        changedPaths.clear();
      } else if (!scanNext) {
        changedPaths.addAll(keys);
      }
    }
    scheduler.request();
  }

  /** As {@link #changed(java.util.Collection)}, for absolute paths (a watcher's). */
  void filesChanged(List<Path> files) {
    if (files == null) {
      changed();
      return;
    }
    List<String> keys = new ArrayList<>();
    for (Path f : files) {
      java.util.Optional<String> key = index.workspace().keyOf(f);
      if (key.isEmpty()) {
        changed();
        return;
      }
      keys.add(key.get());
    }
    changed(keys);
  }

  /** An explicit re-index ({@code vcr/reindex}): start as soon as possible. */
  void reindexNow() {
    synchronized (this) {
      scanNext = true;
      changedPaths.clear();
    }
    scheduler.requestNow();
  }

  /** Starts watching the file system, once; used when a session's client cannot watch files for us. */
  synchronized void ensureWatcher() {
    if (watcher != null || closed) {
      return;
    }
    FileWatcher w = new FileWatcher(index.workspace().roots(), new WorkspaceScanner(index.options().scan()),
        storeDir, this::filesChanged);
    try {
      w.start();
      watcher = w;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot watch " + index.workspace().roots() + "; changes on disk are picked up on save "
          + "or vcr/reindex only", e);
    }
  }

  synchronized boolean watching() {
    return watcher != null;
  }

  /**
   * Waits until queries may run, checking for cancellation; after {@code timeoutMillis} gives up and lets
   * the query answer from the index as it is (logged).
   */
  void awaitReady(CancelChecker cancel, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!ready.isDone()) {
      cancel.checkCanceled();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warning("initial indexing of " + index.workspace().roots() + " is still running after " + timeoutMillis
            + " ms; answering from the partial index");
        return;
      }
      try {
        ready.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // poll the cancellation again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel.checkCanceled();
        return;
      } catch (ExecutionException e) {
        return;
      }
    }
  }

  /** Adds a listener; if a run is under way it hears about it at once. */
  synchronized void addListener(IndexListener l) {
    listeners.add(l);
    if (running) {
      l.runStarted(runNumber);
      l.runProgress(runNumber, lastDone, lastTotal, lastMessage);
    }
  }

  synchronized void removeListener(IndexListener l) {
    listeners.remove(l);
  }

  private void refresh() {
    int run;
    synchronized (this) {
      if (closed) {
        return;
      }
      run = ++runNumber;
      running = true;
      lastDone = 0;
      lastTotal = 0;
      lastMessage = "scanning";
      for (IndexListener l : listeners) {
        l.runStarted(run);
      }
    }
    IndexSummary summary = null;
    java.util.List<String> only;
    synchronized (this) {
      only = scanNext || changedPaths.isEmpty() ? null : new ArrayList<>(changedPaths);
      scanNext = false;
      changedPaths.clear();
    }
    try {
      boolean cold = !ready.isDone();
      Runnable yield = coldYield;
      Indexer.Progress progress = (done, total, message) -> progress(run, done, total, message);
      java.util.function.BooleanSupplier stop = () -> {
        if (cold && !closed) {
          yield.run(); // between files of the first index: requests first
        }
        return closed;
      };
      List<String> jvm = childJvm;
      int adopted = 0;
      if (cold && only == null && jvm != null && index.store().fileCount() == 0
          && index.store().readOnlyReason() == null && ChildBuild.hasAtLeast(index.workspace().roots(), childMinFiles)) {
        adopted = buildInChild(jvm, progress);
      }
      summary = only == null ? index.refresh(progress, stop) : index.refreshChanged(only, progress, stop);
      if (adopted > 0) {
        summary = summary.plusParsed(adopted); // what the first index cost, as when it is built here
      }
      IndexSummary s = summary;
      LOG.info(() -> "indexed " + index.workspace().roots() + ": " + s.scanned() + " files, " + s.parsed() + " parsed, "
          + s.deleted() + " deleted, " + s.mode() + (s.cancelled() ? " (cancelled)" : "") + " in " + s.millis() + " ms");
      synchronized (this) {
        if (degraded != null && index.store().readOnlyReason() == null && fallbackNote == null) {
          LOG.info("the index of " + index.workspace().roots() + " is written again");
          degraded = null; // the next problem warns again
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      String problem = e instanceof dev.vcr.kernel.index.StoreUnavailableException u ? u.reason()
          : dev.vcr.kernel.index.StoreFaults.resourceProblem(e);
      if (problem != null) {
        degrade(problem, e);
      } else if (e instanceof Error err) {
        throw err;
      } else {
        LOG.log(Level.SEVERE, "indexing " + index.workspace().roots() + " failed", e);
      }
    } finally {
      synchronized (this) {
        running = false;
        if (summary == null || summary.cancelled()) {
          scanNext = true; // what this run did not finish, the next one finds by scanning
        }
        for (IndexListener l : listeners) {
          l.runEnded(run, summary);
        }
      }
      ready.complete(null);
      firstRun.complete(summary);
    }
    if (summary != null && !summary.cancelled()) {
      prepareNames();
    }
  }

  /** Set while a thread brings the name table up to date. */
  private final java.util.concurrent.atomic.AtomicBoolean preparingNames =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Brings the workspace-symbol name table up to the new index on a background thread of low priority, so
   * that the first workspace/symbol after a start does not take seconds (Linux: 2-3 s, 1.3 GB allocated)
   * and the next indexing run does not wait for it. After a save it is a small update.
   */
  private void prepareNames() {
    if (closed || !preparingNames.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        boolean again = true;
        while (again) {
          long t0 = System.nanoTime();
          try {
            index.prepareNames();
          } finally {
            preparingNames.set(false);
          }
          LOG.fine(() -> "name table of " + index.workspace().roots() + " ready in "
              + (System.nanoTime() - t0) / 1_000_000 + " ms");
          // a run that ended meanwhile found this thread busy: bring the table up to its index as well
          again = !closed && !index.namesCurrent() && preparingNames.compareAndSet(false, true);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "name table of " + index.workspace().roots() + " not prepared", e);
      } catch (Error e) {
        // out of memory, most likely: the first workspace/symbol request will try again and say so
        LOG.log(Level.WARNING, "name table of " + index.workspace().roots() + " not prepared", e);
      }
    }, "vcr-names");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * The first index, built by a child process and adopted; the refresh that follows finds what changed
   * meanwhile. If the child cannot do it, the refresh builds it here. Returns how many files the adopted
   * index has (0 when none was adopted).
   */
  private int buildInChild(List<String> jvm, Indexer.Progress progress) {
    long t0 = System.nanoTime();
    try (ExtractorWarmup warm = ExtractorWarmup.start(index.workspace().roots(), coldYield)) {
      if (ChildBuild.build(index, jvm, progress, () -> closed)) {
        int files = index.store().fileCount();
        LOG.info(() -> "first index of " + index.workspace().roots() + " built by a child process in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms: " + files + " files");
        return files;
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "the first index of " + index.workspace().roots() + " could not be built by a child"
          + " process; building it here", e);
    }
    return 0;
  }

  private synchronized void progress(int run, int done, int total, String message) {
    lastDone = done;
    lastTotal = total;
    lastMessage = message;
    for (IndexListener l : listeners) {
      l.runProgress(run, done, total, message);
    }
  }

  /** Stops watching and indexing (waiting for a running run to notice), then closes the index. */
  void close() {
    closed = true;
    synchronized (this) {
      if (watcher != null) {
        watcher.close();
        watcher = null;
      }
      listeners.clear();
      warners.clear();
    }
    scheduler.close();
    ready.complete(null);
    firstRun.complete(null);
    // The store's file channels close themselves on an interrupt; close it with the flag cleared.
    boolean interrupted = Thread.interrupted();
    try {
      index.close();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
