package dev.vcr.lsp.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coalesces re-index requests for one workspace into as few indexing runs as possible.
 *
 * <p>A request starts a run after a quiet period ({@code debounce}): each new request pushes the start back,
 * but never more than {@code maxDelay} after the first pending request, so a steady trickle of changes
 * still gets indexed. A burst of thousands of file events (a branch switch) thus becomes one run. Only one
 * run is active at a time; requests that arrive during a run mark it dirty, and one more run follows it.
 *
 * <p>Thread-safe; the run itself happens on {@code runner}.
 */
final class ReindexScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReindexScheduler.class.getName());

  private final String name;
  private final ScheduledExecutorService timer;
  private final Executor runner;
  private final Runnable run;
  private final long debounceNanos;
  private final long maxDelayNanos;

  private ScheduledFuture<?> scheduled;
  private long generation;
  private long firstPendingNanos;
  private boolean pending;
  private boolean running;
  private boolean dirty;
  private boolean closed;
  private long requests;
  private long runs;

  ReindexScheduler(String name, ScheduledExecutorService timer, Executor runner, Runnable run,
      long debounceMillis, long maxDelayMillis) {
    this.name = name;
    this.timer = timer;
    this.runner = runner;
    this.run = run;
    this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMillis);
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
  }

  /** Asks for a run after the debounce period. */
  void request() {
    request(debounceNanos);
  }

  /** Asks for a run as soon as possible (still coalesced with a run already pending). */
  void requestNow() {
    request(0);
  }

  private synchronized void request(long delayNanos) {
    if (closed) {
      return;
    }
    requests++;
    if (running) {
      dirty = true;
      return;
    }
    long now = System.nanoTime();
    if (!pending) {
      pending = true;
      firstPendingNanos = now;
    }
    long due = Math.min(now + delayNanos, firstPendingNanos + maxDelayNanos);
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    long gen = ++generation;
    scheduled = timer.schedule(() -> fire(gen), Math.max(0, due - now), TimeUnit.NANOSECONDS);
  }

  private void fire(long gen) {
    synchronized (this) {
      if (closed || gen != generation || !pending) {
        return; // superseded by a later request
      }
      if (running) {
        dirty = true;
        return;
      }
      scheduled = null;
      pending = false;
      running = true;
      dirty = false;
      runs++;
    }
    try {
      runner.execute(this::runOnce);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot start indexing of " + name, e);
      finished();
    }
  }

  private void runOnce() {
    try {
      run.run();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "indexing of " + name + " failed", e);
    } finally {
      finished();
    }
  }

  private synchronized void finished() {
    running = false;
    notifyAll();
    if (dirty && !closed) {
      dirty = false;
      request(debounceNanos);
    }
  }

  /** Waits until nothing is running or pending; false on timeout. */
  synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (running || pending) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
    return true;
  }

  /** Whether nothing is running or pending. */
  synchronized boolean idle() {
    return !running && !pending;
  }

  synchronized boolean running() {
    return running;
  }

  synchronized boolean closed() {
    return closed;
  }

  /** Runs started so far. */
  synchronized long runs() {
    return runs;
  }

  /** Requests received so far. */
  synchronized long requests() {
    return requests;
  }

  /** Drops pending requests and waits (bounded) for a running run, which sees {@link #closed()} and stops. */
  @Override
  public synchronized void close() {
    closed = true;
    pending = false;
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean interrupted = false;
    while (running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warning("indexing of " + name + " did not stop within 30 s of closing");
        break;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting: the index must not close under a running run
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
