package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Path;
import org.eclipse.lsp4j.DocumentSymbolParams;
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
}
