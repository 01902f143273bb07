package dev.vcr.lsp.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Server-initiated work-done progress for one client: {@code window/workDoneProgress/create}, then
 * {@code $/progress} begin, report(percentage)..., end.
 *
 * <p>Nothing here waits for the client: each token's notifications are chained on the client's answer to
 * {@code create}, so they go out in order once the client has accepted the token (and are dropped if it
 * refuses), while the caller (an indexing thread) carries on. Reports are thinned to percentage changes.
 * Thread-safe.
 */
final class WorkDoneProgress {
  private static final Logger LOG = Logger.getLogger(WorkDoneProgress.class.getName());

  private final LanguageClient client;
  private final String prefix;
  private final AtomicInteger next = new AtomicInteger();

  WorkDoneProgress(LanguageClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  Token begin(String title, String message) {
    String id = prefix + "/" + next.incrementAndGet();
    CompletableFuture<Void> created;
    try {
      created = client.createProgress(new WorkDoneProgressCreateParams(Either.forLeft(id)));
    } catch (RuntimeException e) {
      created = CompletableFuture.failedFuture(e);
    }
    Token t = new Token(id, created.exceptionally(e -> {
      LOG.fine(() -> "client refused progress token " + id + ": " + e.getMessage());
      throw new IllegalStateException(e);
    }));
    WorkDoneProgressBegin b = new WorkDoneProgressBegin();
    b.setTitle(title);
    b.setMessage(message);
    b.setPercentage(0);
    b.setCancellable(false);
    t.send(b);
    return t;
  }

  /** One progress token; its notifications go out in call order. */
  final class Token {
    private final String id;
    private CompletableFuture<Void> chain;
    private int lastPercent = -1;
    private boolean ended;

    private Token(String id, CompletableFuture<Void> created) {
      this.id = id;
      this.chain = created;
    }

    String id() {
      return id;
    }

    synchronized void report(int percent, String message) {
      int p = Math.max(0, Math.min(100, percent));
      if (ended || p == lastPercent) {
        return;
      }
      lastPercent = p;
      WorkDoneProgressReport r = new WorkDoneProgressReport();
      r.setPercentage(p);
      r.setMessage(message);
      send(r);
    }

    synchronized void end(String message) {
      if (ended) {
        return;
      }
      ended = true;
      WorkDoneProgressEnd e = new WorkDoneProgressEnd();
      e.setMessage(message);
      send(e);
    }

    private synchronized void send(WorkDoneProgressNotification n) {
      ProgressParams params = new ProgressParams(Either.forLeft(id), Either.forLeft(n));
      chain = chain.thenRun(() -> client.notifyProgress(params));
    }
  }
}
