package dev.vcr.kernel.ingest;

import dev.vcr.kernel.index.StoreDamagedException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The indexer's parser threads: a task per path runs on a pool, and the outcomes come back in path order
 * to one consumer on the calling thread, with a small window of files in flight (so memory does not grow
 * with the workspace). Used for parsing and for the link pass.
 */
final class ParserPool {
  private ParserPool() {
  }

  /** Consumes outcomes in order; called on the indexing thread. */
  interface Sink<T> {
    void accept(int index, T o) throws IOException;
  }

  /**
   * Runs {@code task} over {@code paths} on the parser threads and hands the outcomes to {@code sink} in
   * path order, keeping at most a few files per thread in flight. Returns true when cancelled.
   */
  static <T> boolean run(int threads, List<String> paths, java.util.function.Function<String, T> task,
      BooleanSupplier cancelled, Sink<T> sink) throws IOException {
    int window = threads * 4 + 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads, threads());
    java.util.ArrayDeque<Future<T>> inFlight = new java.util.ArrayDeque<>();
    try {
      int next = 0;
      for (int i = 0; i < paths.size(); i++) {
        while (next < paths.size() && inFlight.size() < window) {
          String p = paths.get(next++);
          inFlight.add(pool.submit(() -> task.apply(p)));
        }
        T o;
        try {
          o = inFlight.poll().get();
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause();
          if (cause instanceof CancellationException) {
            return true;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          if (cause instanceof StoreDamagedException sde) {
            throw sde;
          }
          throw new IOException("indexing failed: " + cause, cause);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return true;
        }
        sink.accept(i, o);
        if (cancelled.getAsBoolean()) {
          return true;
        }
      }
      return false;
    } finally {
      for (Future<T> f : inFlight) {
        f.cancel(true);
      }
      pool.shutdownNow();
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "vcr-index-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
