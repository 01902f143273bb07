package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;

/** When a session ends (exit, or the connection drops) its epoch closes: no open documents (trees) remain. */
class SessionEndTest extends ServerTestSupport {
  private static void openTwo(LspTestClient c, Path root) throws Exception {
    c.open(root.resolve("src/shop/Cart.java"), "java");
    c.open(root.resolve("src/shop/Item.java"), "java");
    // A request waits for the changes before it, so the documents are open (parsed) now.
    get(c.server().getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(root.resolve("src/shop/Cart.java")))));
    assertEquals(2, c.session().openDocumentCount());
  }

  @Test
  void exitClosesTheEpoch() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    openTwo(c, root);
    assertEquals(2, server.openDocumentCount());
    c.shutdownAndExit();
    assertEquals(0, c.session().openDocumentCount());
    assertEquals(0, server.openDocumentCount());
    assertEquals(0, server.sessionCount());
    assertEquals(0, server.workspaceCount(), "the last session released the index");
  }

  @Test
  void droppedConnectionClosesTheEpoch() throws Exception {
    Path root = fixture("java");
    LspTestClient stays = indexed(root);
    LspTestClient drops = indexed(root);
    openTwo(drops, root);
    stays.open(root.resolve("src/shop/Checkout.java"), "java");
    drops.close(); // the stream ends without shutdown or exit
    get(drops.session().exited());
    get(drops.sessionDone());
    assertEquals(0, drops.session().openDocumentCount());
    assertEquals(1, server.sessionCount());
    assertEquals(1, server.workspaceCount(), "still used by the other session");
    stays.shutdownAndExit();
    assertEquals(0, server.openDocumentCount());
    assertEquals(0, server.workspaceCount());
  }

  @Test
  void exitWithoutShutdownAlsoEnds() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    openTwo(c, root);
    c.server().exit();
    get(c.session().exited());
    get(c.sessionDone());
    assertEquals(0, server.openDocumentCount());
    assertEquals(0, server.sessionCount());
  }

  /**
   * Issue 13: a request still running when its session exits (the last one on the index) must not fail
   * inside the closed index ("this.gen is null"), and the log must not then say the index is damaged. The
   * request is held on the request thread, not looking at its cancel checker (kernel work between checks),
   * until the session has ended or a second has passed; the session waits for it before closing the index.
   */
  @Test
  void requestsRunningAtExitFinishBeforeTheIndexCloses() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server().queryHook = (method, cancel) -> {
      if (method.equals("workspace/symbol") && entered.getCount() > 0) {
        entered.countDown();
        try {
          release.await(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (logged) {
          logged.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger.getLogger("").addHandler(capture);
    Logger sessionLog = Logger.getLogger(VcrSession.class.getName());
    Level before = sessionLog.getLevel();
    sessionLog.setLevel(Level.FINE); // to see a request stopped by the closed index
    try {
      Path root = fixture("java");
      LspTestClient c = indexed(root);
      c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"));
      assertTrue(entered.await(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS), "the request is running");
      c.server().exit();
      try {
        c.session().exited().get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // the session is waiting for the request: let it go on
      }
      release.countDown();
      get(c.session().exited());
      get(c.sessionDone());
      assertEquals(0, server.workspaceCount(), "the index was released");
      // The request's own outcome (answered, cancelled, or stopped by the closed index) is logged when its
      // work ends, which may be after the session ended if the session did not wait for it.
      String outcome = awaitLogged(logged, m -> m.contains("workspace/symbol "));
      assertTrue(outcome.contains("workspace/symbol in ") || outcome.contains("workspace/symbol cancelled"),
          "the request ended before the index closed: " + outcome);
    } finally {
      release.countDown();
      Logger.getLogger("").removeHandler(capture);
      sessionLog.setLevel(before);
    }
    synchronized (logged) {
      for (LogRecord r : logged) {
        String text = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
        assertTrue(r.getLevel().intValue() < Level.WARNING.intValue() && !text.contains("rebuilt")
            && !text.contains("damaged") && !text.contains("gen is null") && !text.contains("index was closed"),
            "logged " + r.getLevel() + " " + r.getLoggerName() + ": " + text);
      }
    }
  }

  private static String awaitLogged(List<LogRecord> logged, java.util.function.Predicate<String> p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LspTestClient.TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      synchronized (logged) {
        for (LogRecord r : logged) {
          String m = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
          if (p.test(m)) {
            return m;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no such log record");
  }
}
