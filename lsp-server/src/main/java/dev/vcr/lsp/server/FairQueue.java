package dev.vcr.lsp.server;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Fair use of the request pool. Each session's requests wait in a queue of its own, and free threads take
 * from the sessions in turn (round robin), so one editor's storm of requests delays its own answers, not
 * another editor's. Costly kinds of request (an LSP method whose recent runs took {@link #HEAVY_NANOS} of
 * CPU or more on average) run on at most {@code threads - 1} threads at once: a session whose turn it is
 * but whose next request is costly is passed over while costly requests hold those threads, so a cheap
 * request (references, definition, call hierarchy) always finds a thread that no workspace-symbol search
 * holds. At most {@code threads} tasks run at once. Thread-safe.
 *
 * <p>An earlier version also took the cheapest request across sessions first; it broke the fairness above (a
 * session whose storm of requests cost less than another session's one request kept every turn), so the
 * order between sessions is round robin only.
 */
final class FairQueue {
  /** What a kind of request is expected to cost before one has run (1 ms). */
  static final long FIRST_GUESS_NANOS = 1_000_000;
  /** A kind expected to cost this much CPU (8 ms) or more is costly: it may not take the last free thread. */
  static final long HEAVY_NANOS = 8_000_000;
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private record Task(String kind, Runnable body, long queuedAt) {}

  private final Executor pool;
  private final int threads;
  private final LongSupplier clock;
  /** Sessions with queued tasks, in the order of their turns. */
  private final LinkedHashMap<Object, ArrayDeque<Task>> queues = new LinkedHashMap<>();
  /** The moving average of each kind's run time (ns); guarded by this. */
  private final Map<String, Long> expected = new HashMap<>();
  private int running;
  /** Costly tasks running; guarded by this. */
  private int runningHeavy;

  FairQueue(Executor pool, int threads) {
    this(pool, threads, System::nanoTime);
  }

  /** For tests: {@code clock} measures waits, and also run times if it is a {@link TestClock}. */
  FairQueue(Executor pool, int threads, LongSupplier clock) {
    this.pool = pool;
    this.threads = threads;
    this.clock = clock;
  }

  /** Queues a task of {@code owner}; it runs when a thread is free and the scheduling above picks it. */
  void submit(Object owner, String kind, Runnable task) {
    synchronized (this) {
      queues.computeIfAbsent(owner, k -> new ArrayDeque<>()).add(new Task(kind, task, clock.getAsLong()));
    }
    dispatch();
  }

  /** Tasks waiting for a thread (for tests and stats). */
  synchronized int queued() {
    int n = 0;
    for (ArrayDeque<Task> q : queues.values()) {
      n += q.size();
    }
    return n;
  }

  /** Tasks waiting or running. */
  synchronized boolean busy() {
    return running > 0 || !queues.isEmpty();
  }

  /** Records that a task of {@code kind} ran for {@code nanos}. */
  synchronized void ran(String kind, long nanos) {
    Long was = expected.get(kind);
    expected.put(kind, was == null ? nanos : (was * 3 + nanos) / 4);
  }

  synchronized long expected(String kind) {
    return expected.getOrDefault(kind, FIRST_GUESS_NANOS);
  }

  /**
   * Called with this lock held: the first session in turn order whose head task may run now (see the class
   * comment), or null if every head is costly and costly tasks already hold all the threads they may.
   */
  private Map.Entry<Object, ArrayDeque<Task>> pick() {
    boolean heavyAllowed = threads < 2 || runningHeavy < threads - 1;
    for (Map.Entry<Object, ArrayDeque<Task>> e : queues.entrySet()) {
      if (heavyAllowed || expected(e.getValue().peek().kind()) < HEAVY_NANOS) {
        return e;
      }
    }
    return null;
  }

  private void dispatch() {
    while (true) {
      Task next;
      boolean heavy;
      synchronized (this) {
        if (running >= threads || queues.isEmpty()) {
          return;
        }
        Map.Entry<Object, ArrayDeque<Task>> chosen = pick();
        if (chosen == null) {
          return; // only costly tasks wait, and they have their threads: the next to finish dispatches
        }
        Object owner = chosen.getKey();
        ArrayDeque<Task> q = chosen.getValue();
        next = q.poll();
        queues.remove(owner);
        if (!q.isEmpty()) {
          queues.put(owner, q); // to the back: the others' turns come first
        }
        heavy = expected(next.kind()) >= HEAVY_NANOS;
        running++;
        if (heavy) {
          runningHeavy++;
        }
      }
      Task task = next;
      try {
        pool.execute(() -> {
          long cpu0 = cpuTime();
          try {
            task.body().run();
          } finally {
            synchronized (this) {
              running--;
              if (heavy) {
                runningHeavy--;
              }
              ran(task.kind(), cpuTime() - cpu0);
              notifyAll();
            }
            dispatch();
          }
        });
      } catch (RejectedExecutionException closing) {
        synchronized (this) {
          running--; // the server is closing; its sessions cancel what they still wait for
          if (heavy) {
            runningHeavy--;
          }
        }
        return;
      }
    }
  }

  /** This thread's CPU time (ns); the test clock's time where the JVM cannot tell. */
  private long cpuTime() {
    return CPU.isCurrentThreadCpuTimeSupported() && !(clock instanceof TestClock) ? CPU.getCurrentThreadCpuTime()
        : clock.getAsLong();
  }

  /** A clock for tests: run times are then measured on it, not in CPU time. */
  interface TestClock extends LongSupplier {}

  /**
   * Waits while requests run or wait for a thread, at most {@code maxMillis}: called by indexing threads
   * between files during a cold index, so the index gives the cores to requests instead of competing with
   * them, and still advances by a file per thread at least every {@code maxMillis}.
   */
  void yieldToRequests(long maxMillis) {
    long deadline = System.nanoTime() + maxMillis * 1_000_000L;
    synchronized (this) {
      while (busy()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
