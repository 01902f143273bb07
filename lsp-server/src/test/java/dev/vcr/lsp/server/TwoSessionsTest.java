package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

/** Two sessions on one workspace share its index, but each sees only its own unsaved text. */
class TwoSessionsTest extends ServerTestSupport {
  @Test
  void eachSessionSeesOnlyItsOwnUnsavedText() throws Exception {
    Path root = fixture("java");
    LspTestClient a = indexed(root);
    LspTestClient b = indexed(root);
    assertEquals(2, server.sessionCount());
    assertEquals(1, server.workspaceCount(), "one shared index");

    Path checkout = root.resolve("src/shop/Checkout.java");
    Path cart = root.resolve("src/shop/Cart.java");
    String text = Files.readString(checkout);
    Position at = Render.find(text, "  public static void main", 0);
    a.open(checkout, "java");
    b.open(checkout, "java");
    a.change(checkout, 2, at, at, "  static int fromA(Cart c) {\n    return c.total();\n  }\n");
    b.change(checkout, 2, at, at, "  static int fromB(Cart c) {\n    return c.total();\n  }\n");

    assertEquals(List.of("fromA", "run"), EditTest.callers(a, cart, "total()"));
    assertEquals(List.of("fromB", "run"), EditTest.callers(b, cart, "total()"));

    // A third session without the file open sees the saved text only.
    LspTestClient c = indexed(root);
    assertEquals(List.of("run"), EditTest.callers(c, cart, "total()"));

    a.shutdownAndExit();
    assertEquals(List.of("fromB", "run"), EditTest.callers(b, cart, "total()"));
    assertEquals(1, server.workspaceCount(), "still referenced by b and c");
  }
}
