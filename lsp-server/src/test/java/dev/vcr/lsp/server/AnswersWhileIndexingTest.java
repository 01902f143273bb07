package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.index.GenerationBuilder;
import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that need no index answer while a cold index runs (issue 13: they used to wait up to 60 s for
 * it): documentSymbol always (open text, else the saved file parsed now), definition and references inside
 * an open document from what is known. The cold build is held in its merge phase by
 * {@link GenerationBuilder#phaseHook} until the test lets it go.
 */
class AnswersWhileIndexingTest extends ServerTestSupport {
  private final Consumer<String> savedHook = GenerationBuilder.phaseHook;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);

  @AfterEach
  void restore() {
    release.countDown();
    GenerationBuilder.phaseHook = savedHook;
  }

  @Test
  void documentSymbolAndOpenDocumentNavigationAnswerDuringAColdIndex() throws Exception {
    Path root = fixture("java");
    java.util.concurrent.atomic.AtomicInteger merges = new java.util.concurrent.atomic.AtomicInteger();
    GenerationBuilder.phaseHook = phase -> {
      // The first merge is the empty generation made when the store is created; the second is the cold build.
      if (phase.equals("merging") && merges.incrementAndGet() == 2) {
        held.countDown();
        try {
          release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    LspTestClient c = client();
    c.initialize(root);
    assertTrue(held.await(60, TimeUnit.SECONDS), "the cold index reached its merge phase");

    // More requests waiting for the index than the server has request threads (2): they must not hold them.
    List<CompletableFuture<List<? extends Location>>> queued = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      queued.add(c.server().getTextDocumentService().references(new ReferenceParams(
          doc(root.resolve("src/shop/Item.java")), new Position(2, 14), new ReferenceContext(true))));
    }
    Thread.sleep(200);
    // A saved file nobody opened: parsed now.
    long t0 = System.nanoTime();
    List<Either<SymbolInformation, DocumentSymbol>> cart = c.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(root.resolve("src/shop/Cart.java")))).get(10, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(cart.toString().contains("total"), cart.toString());

    // An open document: its symbols, and a definition within it.
    Path checkout = root.resolve("src/shop/Checkout.java");
    String text = Files.readString(checkout);
    c.open(checkout, "java", text);
    List<Either<SymbolInformation, DocumentSymbol>> symbols = c.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(checkout))).get(10, TimeUnit.SECONDS);
    assertTrue(symbols.toString().contains("applyDiscount"), symbols.toString());
    Position call = Render.find(text, "applyDiscount(total)", 0);
    Either<List<? extends Location>, List<? extends LocationLink>> def = c.server().getTextDocumentService()
        .definition(new DefinitionParams(doc(checkout), call)).get(10, TimeUnit.SECONDS);
    List<String> targets = def.isLeft() ? Render.locations(root, def.getLeft())
        : def.getRight().stream().map(l -> Render.location(root, new Location(l.getTargetUri(),
            l.getTargetSelectionRange()))).toList();
    assertEquals(List.of("src/shop/Checkout.java 9:14-9:27"), targets);
    List<? extends Location> refs = c.server().getTextDocumentService().references(new ReferenceParams(doc(checkout),
        call, new ReferenceContext(true))).get(10, TimeUnit.SECONDS);
    assertEquals(LimitsTest.FROM_INDEX, Render.locations(root, refs), "the open document's own uses, resolved now");

    // A position request in a document that is not open still waits for the index...
    CompletableFuture<List<? extends Location>> waiting = c.server().getTextDocumentService().references(
        new ReferenceParams(doc(root.resolve("src/shop/Item.java")), new Position(2, 14), new ReferenceContext(true)));
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "answered before the index existed");
    // ... and answers once it is done.
    for (CompletableFuture<List<? extends Location>> q : queued) {
      assertFalse(q.isDone(), "a queued request answered before the index existed");
    }
    release.countDown();
    assertFalse(waiting.get(60, TimeUnit.SECONDS).isEmpty());
    for (CompletableFuture<List<? extends Location>> q : queued) {
      assertFalse(q.get(60, TimeUnit.SECONDS).isEmpty());
    }
    System.out.println("documentSymbol of a saved file during a cold index: " + millis + " ms");
  }
}
