package dev.vcr.lsp.daemon;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** A trivial in-process server for transport tests: answers initialize with its name and session number. */
final class StubHost implements SessionHost {
  final String name;
  final AtomicInteger sessions = new AtomicInteger();
  final AtomicInteger opened = new AtomicInteger();
  volatile boolean closed;

  StubHost(String name) {
    this.name = name;
  }

  @Override
  public void serve(InputStream in, OutputStream out) throws Exception {
    int number = opened.incrementAndGet();
    sessions.incrementAndGet();
    CompletableFuture<Void> exited = new CompletableFuture<>();
    LanguageServer server = new LanguageServer() {
      @Override
      public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        return CompletableFuture.completedFuture(
            new InitializeResult(new ServerCapabilities(), new ServerInfo(name, String.valueOf(number))));
      }

      @Override
      public CompletableFuture<Object> shutdown() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void exit() {
        exited.complete(null);
      }

      @Override
      public TextDocumentService getTextDocumentService() {
        return null;
      }

      @Override
      public WorkspaceService getWorkspaceService() {
        return null;
      }
    };
    try {
      var listening = LSPLauncher.createServerLauncher(server, in, out).startListening();
      CompletableFuture.anyOf(exited, CompletableFuture.runAsync(() -> {
        try {
          listening.get();
        } catch (Exception e) {
          // stream ended
        }
      })).get(60, TimeUnit.SECONDS);
      listening.cancel(true);
    } finally {
      sessions.decrementAndGet();
    }
  }

  @Override
  public int sessionCount() {
    return sessions.get();
  }

  @Override
  public void close() {
    closed = true;
  }
}
