package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

/**
 * {@code $/cancelRequest} stops a running request, which fails with RequestCancelled; the server keeps
 * serving. The work is made observable by a test hook that holds {@code workspace/symbol "block"} on the
 * request thread, polling the request's cancel checker, until the request is cancelled.
 */
class CancellationTest extends ServerTestSupport {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CompletableFuture<Throwable> hookOutcome = new CompletableFuture<>();

  private void installHook() throws Exception {
    server().queryHook = (method, cancel) -> {
      if (!method.equals("workspace/symbol") || entered.getCount() == 0) {
        return;
      }
      entered.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LspTestClient.TIMEOUT_SECONDS);
      try {
        while (System.nanoTime() < deadline) {
          cancel.checkCanceled();
          LockSupport.parkNanos(1_000_000);
        }
        hookOutcome.complete(null);
      } catch (CancellationException e) {
        hookOutcome.complete(e);
        throw e;
      }
    };
  }

  @Test
  void cancelRequestOnTheWireAnswersRequestCancelled() throws Exception {
    installHook();
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"cancel-me\",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\"}}");
    assertTrue(entered.await(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS), "request reached the server's work");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"cancel-me\"}}");
    ResponseMessage r = c.awaitResponse("cancel-me");
    assertNotNull(r.getError(), "cancelled request answers with an error");
    assertEquals(ResponseErrorCode.RequestCancelled.getValue(), r.getError().getCode());
    assertInstanceOf(CancellationException.class, hookOutcome.get(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS),
        "the work itself stopped");
    // Still serving.
    assertFalse(get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight().isEmpty());
  }

  @Test
  void clientSideCancelStopsTheWork() throws Exception {
    installHook();
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    CompletableFuture<?> f = c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"));
    assertTrue(entered.await(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    f.cancel(true); // LSP4J sends $/cancelRequest
    assertInstanceOf(CancellationException.class, hookOutcome.get(LspTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    // LSP4J's future sends $/cancelRequest before cancelling itself, so the server's RequestCancelled
    // error may complete it first: both outcomes mean the request was cancelled.
    Exception outcome = assertThrows(Exception.class, () -> get(f));
    if (!(outcome instanceof CancellationException)) {
      Throwable cause = outcome.getCause();
      assertInstanceOf(org.eclipse.lsp4j.jsonrpc.ResponseErrorException.class, cause, "cancelled, not failed: " + outcome);
      assertEquals(ResponseErrorCode.RequestCancelled.getValue(),
          ((org.eclipse.lsp4j.jsonrpc.ResponseErrorException) cause).getResponseError().getCode());
    }
    assertFalse(get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight().isEmpty());
  }
}
