package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.junit.jupiter.api.Test;

class SmokeTest extends ServerTestSupport {
  @Test
  void initializeOpenReferences() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path cart = root.resolve("src/shop/Cart.java");
    c.open(cart, "java");
    String text = Files.readString(cart);
    ReferenceParams p = new ReferenceParams(doc(cart), Render.find(text, "total()", 0), new ReferenceContext(true));
    List<String> refs = Render.locations(root, get(c.server().getTextDocumentService().references(p)));
    assertEquals(List.of("src/shop/Cart.java 13:14-13:19", "src/shop/Checkout.java 5:22-5:27"), refs);
    c.shutdownAndExit();
    assertEquals(0, server.sessionCount());
    assertEquals(0, server.workspaceCount());
  }
}
