package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: standard methods Vcr does not implement answer MethodNotFound (no stack trace, nothing above
 * FINE in the log); a request whose params have a wrongly typed nested field is answered InvalidParams
 * naming the field, never with a Java exception; valid JSON nested deep is not a ParseError.
 */
class ProtocolErrorsTest extends ServerTestSupport {
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture = new Handler() {
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

  @BeforeEach
  void captureLog() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    Logger.getLogger("").removeHandler(capture);
  }

  private static final String[] UNIMPLEMENTED = {
    "textDocument/completion", "completionItem/resolve", "textDocument/codeAction",
    "textDocument/rename", "textDocument/formatting", "textDocument/semanticTokens/full",
    "textDocument/typeDefinition", "workspace/executeCommand", "workspace/willRenameFiles",
    "textDocument/signatureHelp",
    "textDocument/foldingRange", "textDocument/inlayHint", "workspace/diagnostic", "$/vcr/unknownRequest",
  };

  @Test
  void unimplementedStandardMethodsAnswerMethodNotFoundWithoutStackTraces() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    String uri = LspTestClient.uri(root.resolve("src/shop/Cart.java"));
    String pos = "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":5,\"character\":14}}";
    synchronized (logged) {
      logged.clear();
    }
    for (int i = 0; i < UNIMPLEMENTED.length; i++) {
      String method = UNIMPLEMENTED[i];
      String params = method.startsWith("workspace/") || method.startsWith("completionItem") || method.startsWith("$")
          ? "{}" : pos;
      c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"u" + i + "\",\"method\":\"" + method + "\",\"params\":" + params + "}");
    }
    // Notifications Vcr does not implement are dropped quietly too.
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"off\"}}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"window/workDoneProgress/cancel\",\"params\":{\"token\":\"t\"}}");
    for (int i = 0; i < UNIMPLEMENTED.length; i++) {
      ResponseMessage r = c.awaitResponse("u" + i);
      ResponseError e = r.getError();
      assertNotNull(e, UNIMPLEMENTED[i] + " answered with an error");
      assertEquals(ResponseErrorCode.MethodNotFound.getValue(), e.getCode(), UNIMPLEMENTED[i] + ": " + e.getMessage());
      assertNull(e.getData(), UNIMPLEMENTED[i] + ": no data (stack trace)");
      assertTrue(e.getMessage().contains(UNIMPLEMENTED[i]), e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
    // Implemented methods keep working, both typed and raw.
    assertEquals(1, get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight().size());
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"refs\",\"method\":\"textDocument/references\",\"params\":"
        + pos.replace("}}", "},\"context\":{\"includeDeclaration\":true}}") + "}");
    ResponseMessage refs = c.awaitResponse("refs");
    assertNull(refs.getError(), () -> refs.getError().getMessage());
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"stats\",\"method\":\"vcr/stats\",\"params\":null}");
    assertNull(c.awaitResponse("stats").getError());
    assertNothingLoggedAbove(Level.FINE);
  }

  @Test
  void implementedMethodsAreExactlyTheSessionsOwn() throws Exception {
    VcrSession s = server().newSession();
    Set<String> names = ImplementedMethods.of(List.of(s));
    for (String m : List.of("initialize", "initialized", "shutdown", "exit", "textDocument/didOpen",
        "textDocument/didChange", "textDocument/didClose", "textDocument/didSave", "textDocument/references",
        "textDocument/definition", "textDocument/declaration", "textDocument/hover", "textDocument/documentHighlight",
        "textDocument/implementation", "textDocument/prepareTypeHierarchy", "typeHierarchy/supertypes",
        "typeHierarchy/subtypes",
        "textDocument/documentSymbol", "textDocument/prepareCallHierarchy",
        "callHierarchy/incomingCalls", "callHierarchy/outgoingCalls", "workspace/symbol",
        "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles", "workspace/didChangeWorkspaceFolders",
        "vcr/stats", "vcr/reindex")) {
      assertTrue(names.contains(m), m + " in " + names);
    }
    for (String m : UNIMPLEMENTED) {
      assertFalse(names.contains(m), m);
    }
    // Every name is one LSP4J dispatches, so the guard never hides an implemented method under another name.
    Map<String, JsonRpcMethod> lsp4j = ServiceEndpoints.getSupportedMethods(VcrSession.class);
    assertTrue(lsp4j.keySet().containsAll(names), names + " within " + lsp4j.keySet());
  }

  @Test
  void wronglyTypedNestedFieldsAreInvalidParamsNamingTheField() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    String uri = LspTestClient.uri(root.resolve("src/shop/Cart.java"));
    String range = "{\"start\":{\"line\":5,\"character\":13},\"end\":{\"line\":5,\"character\":17}}";
    String item = "{\"name\":\"Cart\",\"kind\":1.5,\"uri\":\"" + uri + "\",\"range\":" + range
        + ",\"selectionRange\":" + range + "}";
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"kind\",\"method\":\"callHierarchy/outgoingCalls\",\"params\":{\"item\":"
        + item + "}}");
    // The same with params before method, so LSP4J parses the params after the fact.
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"late\",\"params\":{\"item\":" + item
        + "},\"method\":\"callHierarchy/incomingCalls\"}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"frac\",\"method\":\"textDocument/references\",\"params\":{\"textDocument\":"
        + "{\"uri\":\"" + uri + "\"},\"position\":{\"line\":5.5,\"character\":14},\"context\":{\"includeDeclaration\":true}}}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"shape\",\"method\":\"textDocument/definition\",\"params\":{\"textDocument\":"
        + "{\"uri\":\"" + uri + "\"},\"position\":\"here\"}}");
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"late-shape\",\"params\":{\"textDocument\":"
        + "{\"uri\":\"" + uri + "\"},\"position\":\"here\"},\"method\":\"textDocument/definition\"}");

    assertInvalidParams(c.awaitResponse("kind"), "params.item.kind", "expected an integer");
    // Params parsed after the fact go through Gson's tree reader, which truncates 1.5 to 1 (File): still answered.
    assertNotNull(c.awaitResponse("late"));
    assertInvalidParams(c.awaitResponse("frac"), "params.position.line", "expected an integer");
    assertInvalidParams(c.awaitResponse("shape"), "params.position", "expected an object");
    assertInvalidParams(c.awaitResponse("late-shape"), "params.position", "expected an object");
    assertNothingLoggedAbove(Level.INFO);
  }

  @Test
  void validJsonNestedDeepIsNotAParseError() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    // 300 deep in a field the method does not read: a normal answer.
    String deep = "[".repeat(300) + "]".repeat(300);
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"deep\",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\",\"x\":"
        + deep + "}}");
    ResponseMessage r = c.awaitResponse("deep");
    assertNull(r.getError(), () -> r.getError().getMessage()); // (the test client cannot decode a raw request's result)
    // 300 deep where an object belongs: InvalidParams for that field.
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"deep-pos\",\"method\":\"textDocument/references\",\"params\":{\"position\":"
        + deep + "}}");
    assertInvalidParams(c.awaitResponse("deep-pos"), "params.position", "expected an object");
    // Deeper than Vcr reads (still valid JSON): InvalidParams, not ParseError.
    String deeper = "[".repeat(5000) + "]".repeat(5000);
    c.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"deeper\",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\",\"x\":"
        + deeper + "}}");
    assertInvalidParams(c.awaitResponse("deeper"), "nested deeper than", "");
    // And still serving.
    assertEquals(1, get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Cart"))).getRight().size());
  }

  private static void assertInvalidParams(ResponseMessage r, String field, String expectation) {
    ResponseError e = r.getError();
    assertNotNull(e, "an error answer: " + r);
    assertEquals(ResponseErrorCode.InvalidParams.getValue(), e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(field) && e.getMessage().contains(expectation),
        "\"" + e.getMessage() + "\" names " + field + " and " + expectation);
    assertFalse(e.getMessage().matches("(?s).*\\b(java|com\\.google)\\.[\\w.]*(Exception|Error)\\b.*"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    assertNull(e.getData(), "no exception in data");
  }

  private void assertNothingLoggedAbove(Level level) {
    synchronized (logged) {
      for (LogRecord r : logged) {
        // The test client's LSP4J cannot match responses to raw requests and says so.
        boolean clientSide = String.valueOf(r.getMessage()).startsWith("Unmatched response message");
        if (r.getLevel().intValue() > level.intValue() && !clientSide && !r.getLoggerName().startsWith("dev.vcr.kernel")
            && !String.valueOf(r.getMessage()).contains("initialized for")) {
          throw new AssertionError("logged " + r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
              + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"));
        }
      }
    }
  }
}
