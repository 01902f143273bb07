package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

/** Bad input gets a JSON-RPC error (or is logged and ignored, for notifications); the server keeps serving. */
class ErrorsTest extends ServerTestSupport {
  @Test
  void badPositionsAndUnknownDocuments() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path cart = root.resolve("src/shop/Cart.java");

    assertInvalidParams(refs(c, doc(cart), new Position(999, 0)), "past the end");
    assertInvalidParams(refs(c, doc(cart), new Position(0, 999)), "past the end of line 0");
    assertInvalidParams(refs(c, doc(cart), new Position(-1, 0)), "negative");
    Path outside = Files.writeString(temp.resolve("Outside.java"), "class Outside {}\n");
    assertInvalidParams(refs(c, doc(outside), new Position(0, 0)), "not a file inside the workspace");
    assertInvalidParams(refs(c, doc(root.resolve("src/shop/Missing.java")), new Position(0, 0)), "unknown document");
    assertInvalidParams(refs(c, new TextDocumentIdentifier("untitled:Untitled-1"), new Position(0, 0)), "not a file inside");
    assertInvalidParams(c.server().getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(doc(root.resolve("nope.java")))), "unknown document");

    // Still serving after all of that.
    assertEquals(2, get(refs(c, doc(cart), Render.find(Files.readString(cart), "total()", 0))).size());
  }

  @Test
  void notificationsWithProblemsAreLoggedAndIgnored() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path cart = root.resolve("src/shop/Cart.java");
    Position total = Render.find(Files.readString(cart), "total()", 0);

    // A change to a document that was never opened.
    c.change(cart, 5, new Position(0, 0), new Position(0, 0), "garbage");
    // A stale version: opened at 1, a change at version 1 is rejected and the text stays as it was.
    c.open(cart, "java");
    c.change(cart, 1, new Position(0, 0), new Position(0, 0), "\n\n\n");
    // An edit range outside the document.
    c.change(cart, 2, new Position(500, 0), new Position(501, 0), "x");
    // Empty settings, as eglot sends right after initialized.
    c.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new com.google.gson.JsonObject()));
    // A document in a language Vcr does not index: accepted, empty answers.
    Path notes = Files.writeString(root.resolve("notes.txt"), "just text\n");
    c.open(notes, "plaintext");
    assertEquals(List.of(), get(c.server().getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(notes)))));
    assertEquals(List.of(), get(refs(c, doc(notes), new Position(0, 0))));

    assertEquals(List.of("src/shop/Cart.java 13:14-13:19", "src/shop/Checkout.java 5:22-5:27"),
        Render.locations(root, get(refs(c, doc(cart), total))));
    assertEquals(1, c.session().openDocumentCount());
  }

  @Test
  void malformedMessagesGetJsonRpcErrors() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"bad-json\",\"method\":\"workspace/symbol\",\"params\":{\"query\":");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"bad-params\",\"method\":\"textDocument/references\",\"params\":{\"position\":\"here\"}}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"no-such\",\"method\":\"vcr/noSuchMethod\",\"params\":{}}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"null-params\",\"method\":\"textDocument/references\",\"params\":null}");

    ResponseMessage bad = c.awaitResponse("bad-params");
    assertNotNull(bad.getError());
    assertEquals(ResponseErrorCode.InvalidParams.getValue(), bad.getError().getCode(), bad.getError().getMessage());
    ResponseMessage none = c.awaitResponse("no-such");
    assertEquals(ResponseErrorCode.MethodNotFound.getValue(), none.getError().getCode());
    ResponseMessage nullParams = c.awaitResponse("null-params");
    assertEquals(ResponseErrorCode.InvalidParams.getValue(), nullParams.getError().getCode());
    assertTrue(c.responses().containsKey("bad-json") || c.responses().containsKey("null"),
        "the unparsable message was answered: " + c.responses().keySet());
    ResponseMessage parse = c.responses().getOrDefault("bad-json", c.responses().get("null"));
    assertEquals(ResponseErrorCode.ParseError.getValue(), parse.getError().getCode(), parse.getError().getMessage());

    assertEquals(1, get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight().size());
  }

  @Test
  void lifecycleErrors() throws Exception {
    Path root = fixture("java");
    LspTestClient early = client();
    assertError(early.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart")),
        ResponseErrorCode.ServerNotInitialized, "before initialize");

    LspTestClient c = indexed(root);
    assertError(c.server().initialize(new org.eclipse.lsp4j.InitializeParams()), ResponseErrorCode.InvalidRequest, "already");
    get(c.server().shutdown());
    assertError(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart")),
        ResponseErrorCode.InvalidRequest, "after shutdown");
    c.server().exit();
    get(c.session().exited());
    get(c.sessionDone());
  }

  private static CompletableFuture<List<? extends org.eclipse.lsp4j.Location>> refs(LspTestClient c, TextDocumentIdentifier d, Position p) {
    return c.server().getTextDocumentService().references(new ReferenceParams(d, p, new ReferenceContext(true)));
  }

  static void assertInvalidParams(CompletableFuture<?> f, String messagePart) {
    assertError(f, ResponseErrorCode.InvalidParams, messagePart);
  }

  static void assertError(CompletableFuture<?> f, ResponseErrorCode code, String messagePart) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(f));
    ResponseErrorException r = assertInstanceOf(ResponseErrorException.class, e.getCause());
    ResponseError err = r.getResponseError();
    assertEquals(code.getValue(), err.getCode(), err.getMessage());
    assertTrue(err.getMessage().contains(messagePart), "message \"" + err.getMessage() + "\" mentions " + messagePart);
  }
}
