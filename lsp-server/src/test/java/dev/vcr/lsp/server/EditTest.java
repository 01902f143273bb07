package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.junit.jupiter.api.Test;

/** Unsaved edits (incremental didChange) are seen by the next request, before any save. */
class EditTest extends ServerTestSupport {
  @Test
  void addedCallShowsUpAsIncomingCallBeforeSave() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path checkout = root.resolve("src/shop/Checkout.java");
    Path cart = root.resolve("src/shop/Cart.java");
    String text = Files.readString(checkout);
    c.open(checkout, "java");
    assertEquals(List.of("run"), callers(c, cart, "total()"));

    Position at = Render.find(text, "  public static void main", 0);
    c.change(checkout, 2, at, at, "  static int audit(Cart cart) {\n    return cart.total();\n  }\n\n");
    assertEquals(List.of("audit", "run"), callers(c, cart, "total()"));

    // The file on disk is unchanged, so the shared index knows nothing of audit: closing drops it.
    c.server().getTextDocumentService().didClose(new org.eclipse.lsp4j.DidCloseTextDocumentParams(doc(checkout)));
    assertEquals(List.of("run"), callers(c, cart, "total()"));
  }

  @Test
  void renameByTypingMovesReferences() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path checkout = root.resolve("src/shop/Checkout.java");
    String text = Files.readString(checkout);
    c.open(checkout, "java");
    Position decl = Render.find(text, "applyDiscount(int", 0);
    Position call = Render.find(text, "applyDiscount(total)", 0);
    assertEquals(List.of("src/shop/Checkout.java 6:12-6:25", "src/shop/Checkout.java 9:14-9:27"), refs(c, root, checkout, decl));

    // Type "Now" after the declared name, one character per change, as an editor does.
    Position end = new Position(decl.getLine(), decl.getCharacter() + "applyDiscount".length());
    int version = 2;
    for (char ch : "Now".toCharArray()) {
      c.change(checkout, version++, end, end, String.valueOf(ch));
      end = new Position(end.getLine(), end.getCharacter() + 1);
    }
    // The call still says applyDiscount: the renamed declaration has no references but itself.
    assertEquals(List.of("src/shop/Checkout.java 9:14-9:30"), refs(c, root, checkout, decl));
    // Rename the call too (one change with two edits would also do; here a second change).
    Position callEnd = new Position(call.getLine(), call.getCharacter() + "applyDiscount".length());
    c.change(checkout, version++, callEnd, callEnd, "Now");
    assertEquals(List.of("src/shop/Checkout.java 6:12-6:28", "src/shop/Checkout.java 9:14-9:30"), refs(c, root, checkout, decl));
  }

  private static List<String> refs(LspTestClient c, Path root, Path file, Position pos) throws Exception {
    return Render.locations(root, get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true)))));
  }

  static List<String> callers(LspTestClient c, Path file, String needle) throws Exception {
    Position pos = Render.find(Files.readString(file), needle, 0);
    List<CallHierarchyItem> items = get(c.server().getTextDocumentService()
        .prepareCallHierarchy(new CallHierarchyPrepareParams(doc(file), pos)));
    assertTrue(items.size() == 1, "one item at " + needle + ": " + items);
    List<String> names = new ArrayList<>();
    for (CallHierarchyIncomingCall call : get(c.server().getTextDocumentService()
        .callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(items.get(0))))) {
      names.add(call.getFrom().getName());
    }
    names.sort(null);
    return names;
  }
}
