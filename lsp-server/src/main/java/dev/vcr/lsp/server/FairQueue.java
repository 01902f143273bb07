package dev.vcr.lsp.server;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fair use of the request pool between sessions: each session's requests wait in a queue of its own, and
 * free threads take from the sessions in turn (round robin), so one editor's storm of requests delays its
 * own answers, not another editor's. At most {@code threads} tasks run at once. Thread-safe.
 */
final class FairQueue {
  private final Executor pool;
  private final int threads;
  /** Sessions with queued tasks, in the order they get a thread next. */
  private final LinkedHashMap<Object, ArrayDeque<Runnable>> queues = new LinkedHashMap<>();
  private int running;

  FairQueue(Executor pool, int threads) {
    this.pool = pool;
    this.threads = threads;
  }

  /** Queues a task of {@code owner}; it runs when a thread is free and the owners before it had a turn. */
  void submit(Object owner, Runnable task) {
    synchronized (this) {
      queues.computeIfAbsent(owner, k -> new ArrayDeque<>()).add(task);
    }
    dispatch();
  }

  /** Tasks waiting for a thread (for tests and stats). */
  synchronized int queued() {
    int n = 0;
    for (ArrayDeque<Runnable> q : queues.values()) {
      n += q.size();
    }
    return n;
  }

  private void dispatch() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (running >= threads || queues.isEmpty()) {
          return;
        }
        Iterator<Map.Entry<Object, ArrayDeque<Runnable>>> it = queues.entrySet().iterator();
        Map.Entry<Object, ArrayDeque<Runnable>> first = it.next();
        next = first.getValue().poll();
        it.remove();
        if (!first.getValue().isEmpty()) {
          queues.put(first.getKey(), first.getValue()); // to the back: the next owner goes first
        }
        running++;
      }
      Runnable task = next;
      try {
        pool.execute(() -> {
          try {
            task.run();
          } finally {
            synchronized (this) {
              running--;
            }
            dispatch();
          }
        });
      } catch (RejectedExecutionException closing) {
        synchronized (this) {
          running--; // the server is closing; its sessions cancel what they still wait for
        }
        return;
      }
    }
  }
}
