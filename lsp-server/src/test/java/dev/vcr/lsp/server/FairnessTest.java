package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;

/**
 * One editor's storm of requests cannot starve another (issue 13): sessions take turns on the request
 * pool ({@link FairQueue}). Session A queues 200 requests that each take 100 ms (held by the server's
 * query hook); session B's one request is answered while most of A's still wait.
 */
class FairnessTest extends ServerTestSupport {
  @Test
  void aStormFromOneSessionDoesNotStarveAnother() throws Exception {
    Path root = fixture("java");
    LspTestClient a = indexed(root);
    LspTestClient b = indexed(root);
    server().queryHook = (method, cancel) -> {
      if (method.equals("workspace/symbol")) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    List<CompletableFuture<?>> storm = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      storm.add(a.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart")));
    }
    Thread.sleep(300); // the storm has the pool's threads
    long t0 = System.nanoTime();
    var symbols = b.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(root.resolve("src/shop/Cart.java")))).get(30, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long done = storm.stream().filter(CompletableFuture::isDone).count();
    assertFalse(symbols.isEmpty());
    assertTrue(done < 100, "B was answered after " + done + " of A's 200 requests (" + millis + " ms)");
    System.out.println("fairness: B answered in " + millis + " ms, after " + done + " of A's 200 requests");
    server().queryHook = (method, cancel) -> { };
    for (CompletableFuture<?> f : storm) {
      f.cancel(true);
    }
  }
}
