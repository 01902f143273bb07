package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static dev.vcr.lsp.testing.LspTestClient.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/** Size limits on what a client sends: oversized documents and too many open documents. */
class LimitsTest extends ServerTestSupport {
  /** What the index (the saved file) answers for references at applyDiscount's declaration. */
  static final List<String> FROM_INDEX = List.of("src/shop/Checkout.java 6:12-6:25", "src/shop/Checkout.java 9:14-9:27");
  /** What the unsaved text with the declaration renamed to applyDiscountNow answers when it is parsed. */
  static final List<String> FROM_UNSAVED = List.of("src/shop/Checkout.java 9:14-9:30");

  @Test
  void oversizedDocumentIsOpenButAnsweredFromTheIndexAndWarnedOnce() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path checkout = root.resolve("src/shop/Checkout.java");
    String saved = Files.readString(checkout);
    Position decl = Render.find(saved, "applyDiscount(int", 0);
    String renamed = saved.replace("applyDiscount(int", "applyDiscountNow(int");
    long limit = ScanOptions.DEFAULT_MAX_FILE_BYTES;
    String huge = renamed + "// " + "x".repeat((int) limit) + "\n";

    c.open(checkout, "java", huge);
    assertEquals(FROM_INDEX, refs(c, root, checkout, decl), "not parsed: the index answers");
    assertEquals(0, openDocuments(c));
    // More edits to it change nothing and warn no more.
    c.change(checkout, 2, new Position(0, 0), new Position(0, 0), "// edited\n");
    assertEquals(FROM_INDEX, refs(c, root, checkout, decl));
    List<MessageParams> warnings = warnings(c);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).getMessage().contains("Checkout.java"), warnings.toString());
    assertTrue(warnings.get(0).getMessage().contains(String.valueOf(limit)), warnings.toString());

    // A full-text change back under the limit: parsed again, its unsaved text answers.
    fullChange(c, checkout, 3, renamed);
    assertEquals(FROM_UNSAVED, refs(c, root, checkout, decl));
    assertEquals(1, openDocuments(c));
    // Growing past the limit by an edit drops it back to the index, without a second warning for this file.
    c.change(checkout, 4, new Position(0, 0), new Position(0, 0), "// " + "y".repeat((int) limit) + "\n");
    assertEquals(FROM_INDEX, refs(c, root, checkout, decl));
    assertEquals(0, openDocuments(c));
    assertEquals(1, warnings(c).size(), warnings(c).toString());
  }

  @Test
  void aDocumentTooSlowToParseIsAnsweredFromTheIndexAndWarnedOnce() throws Exception {
    Path root = fixture("java");
    LspTestClient c = client();
    // A 1 ms budget: any real parse of a few hundred KB runs out of it (the fuzz test found 1 MB documents
    // that took tens of seconds to parse, holding every request of their session).
    c.initialize(List.of(root), null, com.google.gson.JsonParser.parseString("{\"parseBudgetMillis\": 1}"));
    c.awaitIndexed();
    Path checkout = root.resolve("src/shop/Checkout.java");
    String saved = Files.readString(checkout);
    Position decl = Render.find(saved, "applyDiscount(int", 0);
    String slow = saved.replace("applyDiscount(int", "applyDiscountNow(int")
        + "class F { void m() { int x = 1 + (2 * 3); } }\n".repeat(20_000);
    c.open(checkout, "java", slow);
    assertEquals(FROM_INDEX, refs(c, root, checkout, decl), "not parsed in time: the index answers");
    assertEquals(0, openDocuments(c));
    List<MessageParams> warnings = warnings(c);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).getMessage().contains("Checkout.java")
        && warnings.get(0).getMessage().contains("1 ms to parse"), warnings.toString());
    // The session still answers, and other documents too.
    assertTrue(!get(c.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(root.resolve("src/shop/Item.java"))))).isEmpty());
  }

  @Test
  void openDocumentCountIsLimitedLeastRecentlyUsedFirst() throws Exception {
    Path root = fixture("java");
    LspTestClient c = client();
    c.initialize(List.of(root), null, com.google.gson.JsonParser.parseString("{\"maxOpenDocuments\": 2}"));
    c.awaitIndexed();
    Path checkout = root.resolve("src/shop/Checkout.java");
    String saved = Files.readString(checkout);
    Position decl = Render.find(saved, "applyDiscount(int", 0);
    c.open(checkout, "java", saved.replace("applyDiscount(int", "applyDiscountNow(int"));
    assertEquals(FROM_UNSAVED, refs(c, root, checkout, decl));
    c.open(root.resolve("src/shop/Cart.java"), "java");
    assertEquals(FROM_UNSAVED, refs(c, root, checkout, decl), "two documents: both parsed");
    assertEquals(2, openDocuments(c));
    assertEquals(0, warnings(c).size(), warnings(c).toString());

    c.open(root.resolve("src/shop/Item.java"), "java");
    assertEquals(2, openDocuments(c), "the limit holds");
    assertEquals(FROM_INDEX, refs(c, root, checkout, decl), "the least recently used answers from the index");
    List<MessageParams> warnings = warnings(c);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).getMessage().contains("maxOpenDocuments"), warnings.toString());

    // The session stays responsive, and the most recent documents are still parsed.
    assertTrue(!get(c.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(root.resolve("src/shop/Item.java"))))).isEmpty());
    // Reopening brings it back (dropping Cart, now the least recently used), without another warning.
    c.open(checkout, "java", saved.replace("applyDiscount(int", "applyDiscountNow(int"));
    assertEquals(FROM_UNSAVED, refs(c, root, checkout, decl));
    assertEquals(2, openDocuments(c));
    assertEquals(1, warnings(c).size(), warnings(c).toString());
  }

  private static void fullChange(LspTestClient c, Path file, int version, String text) {
    c.server().getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri(file), version), List.of(new TextDocumentContentChangeEvent(text))));
  }

  private static int openDocuments(LspTestClient c) throws Exception {
    JsonObject stats = get(c.server().stats());
    return stats.getAsJsonObject("server").get("openDocuments").getAsInt();
  }

  private static List<MessageParams> warnings(LspTestClient c) {
    return c.messages().stream().filter(m -> m.getType() == MessageType.Warning).toList();
  }

  private static List<String> refs(LspTestClient c, Path root, Path file, Position pos) throws Exception {
    return Render.locations(root, get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true)))));
  }
}
