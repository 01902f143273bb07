package dev.vcr.lsp.server;

import dev.vcr.kernel.ingest.IndexSummary;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a workspace's indexing runs into one session's work-done progress. The session's first token
 * ("Indexing") opens at {@code initialized} and closes when the workspace's first run has ended (at once
 * if it already has), so a client can always wait for exactly one end; every later run gets its own
 * token ("Re-indexing"). Thread-safe.
 */
final class IndexProgress implements IndexListener {
  private final WorkDoneProgress progress;
  private WorkDoneProgress.Token initial;
  private WorkDoneProgress.Token current;

  IndexProgress(WorkDoneProgress progress) {
    this.progress = progress;
  }

  /** Opens the initial token; it ends when {@code firstRun} completes. */
  void start(CompletableFuture<IndexSummary> firstRun) {
    synchronized (this) {
      initial = progress.begin("Vcr: indexing", "starting");
    }
    firstRun.whenComplete((summary, error) -> {
      synchronized (this) {
        if (initial != null) {
          initial.end(describe(summary));
          initial = null;
        }
      }
    });
  }

  @Override
  public synchronized void runStarted(int run) {
    if (initial == null && current == null) {
      current = progress.begin("Vcr: re-indexing", "scanning");
    }
  }

  @Override
  public synchronized void runProgress(int run, int done, int total, String message) {
    WorkDoneProgress.Token t = initial != null ? initial : current;
    if (t != null) {
      int percent = total > 0 ? (int) (100L * done / total) : 0;
      t.report(percent, total > 0 ? message + " " + done + "/" + total + " files" : message);
    }
  }

  @Override
  public synchronized void runEnded(int run, IndexSummary summary) {
    if (current != null) {
      current.end(describe(summary));
      current = null;
    }
  }

  /** Closes any open token (the session is ending). */
  synchronized void stop() {
    if (initial != null) {
      initial.end("stopped");
      initial = null;
    }
    if (current != null) {
      current.end("stopped");
      current = null;
    }
  }

  private static String describe(IndexSummary s) {
    if (s == null) {
      return "indexing failed (see the server log)";
    }
    return s.scanned() + " files indexed (" + s.parsed() + " parsed)" + (s.cancelled() ? ", cancelled" : "");
  }
}
