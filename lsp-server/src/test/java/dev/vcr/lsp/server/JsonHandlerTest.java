package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonObject;
import dev.vcr.lsp.protocol.WireAdapters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

/** The server's JSON handler writes every message exactly as LSP4J's own does, only faster. */
class JsonHandlerTest {
  @Test
  void messagesAreWrittenAsLsp4jWritesThem() {
    Map<String, JsonRpcMethod> methods = new java.util.LinkedHashMap<>(
        ServiceEndpoints.getSupportedMethods(LanguageServer.class));
    methods.putAll(ServiceEndpoints.getSupportedMethods(LanguageClient.class));
    java.util.function.Consumer<com.google.gson.GsonBuilder> wire =
        gson -> gson.registerTypeAdapterFactory(new WireAdapters());
    MessageJsonHandler lsp4j = new MessageJsonHandler(methods, wire);
    MessageJsonHandler ours = new VcrLauncherBuilder.BuilderJsonHandler(methods, VcrLauncherBuilder::configure);

    List<CallHierarchyIncomingCall> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      CallHierarchyItem item = new CallHierarchyItem("m" + i + (i % 7 == 0 ? "<é\"\\\u2028>" : ""), SymbolKind.Method,
          "file:///w/a%20b/F" + i + ".java", range(i, 2, i + 9, 1), range(i, 6, i, 9));
      item.setDetail(i % 3 == 0 ? null : "p.q.C" + i);
      JsonObject data = new JsonObject();
      data.addProperty("path", "a b/F" + i + ".java");
      data.addProperty("ordinal", i);
      item.setData(data);
      calls.add(new CallHierarchyIncomingCall(item, List.of(range(i + 1, 4, i + 1, 10), range(i + 2, 0, i + 2, 3))));
    }
    ResponseMessage answer = new ResponseMessage();
    answer.setId(17);
    answer.setResult(calls);
    ResponseMessage error = new ResponseMessage();
    error.setId("x");
    error.setError(new ResponseError(ResponseErrorCode.InvalidParams, "bad 'params.item.kind': 1.5", null));
    RequestMessage request = new RequestMessage();
    request.setId(3);
    request.setMethod("textDocument/documentSymbol");
    request.setParams(new DocumentSymbolParams(new TextDocumentIdentifier("file:///w/A.java")));
    NotificationMessage note = new NotificationMessage();
    note.setMethod("window/logMessage");
    note.setParams(Map.of("type", 3, "message", "tab\there, line\nthere"));
    ResponseMessage empty = new ResponseMessage();
    empty.setId(4);
    empty.setResult(List.of());

    RequestMessage initialize = new RequestMessage();
    initialize.setId(1);
    initialize.setMethod("initialize");
    InitializeParams init = new InitializeParams();
    ClientCapabilities caps = new ClientCapabilities();
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setDocumentSymbol(new DocumentSymbolCapabilities(true));
    caps.setTextDocument(text);
    init.setCapabilities(caps);
    init.setWorkspaceFolders(List.of(new WorkspaceFolder("file:///w", "w")));
    initialize.setParams(init);
    ResponseMessage symbols = new ResponseMessage();
    symbols.setId(5);
    symbols.setResult(List.of(Either.forRight(new DocumentSymbol("A", SymbolKind.Class, range(0, 0, 9, 1),
        range(0, 6, 0, 7), "p", List.of(new DocumentSymbol("m", SymbolKind.Method, range(2, 2, 4, 3),
        range(2, 7, 2, 8)))))));

    for (Message m : List.of(answer, error, request, note, empty, initialize, symbols)) {
      String expected = lsp4j.serialize(m);
      assertEquals(expected, ours.serialize(m), m.getClass().getSimpleName());
      assertEquals(lsp4j.parseMessage(expected), ours.parseMessage(ours.serialize(m)));
    }
  }

  /**
   * What LSP4J derives by reflection is derived once per process: two connections share the adapters of the
   * protocol's types and the method table of the same services, but not the adapter of messages, which
   * reads a connection's pending requests.
   */
  @Test
  void connectionsShareTheProtocolsAdaptersButNotTheirMessages() {
    MessageJsonHandler a = connection();
    MessageJsonHandler b = connection();
    assertNotSame(a.getGson(), b.getGson());
    for (Class<?> type : List.of(InitializeParams.class, DocumentSymbol.class, DocumentSymbolParams.class,
        CallHierarchyItem.class)) {
      assertSame(a.getGson().getAdapter(type), b.getGson().getAdapter(type), type.getSimpleName());
    }
    assertNotSame(a.getGson().getAdapter(ResponseMessage.class), b.getGson().getAdapter(ResponseMessage.class));
    assertNotSame(a.getGson().getAdapter(Message.class), b.getGson().getAdapter(Message.class));
    assertSame(a.getJsonRpcMethod("window/logMessage"), b.getJsonRpcMethod("window/logMessage"));
    // a message still parses through its own connection's methods: params of the declared type
    RequestMessage parsed = (RequestMessage) a.parseMessage(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"window/showMessageRequest\",\"params\":{\"type\":2,\"message\":\"m\"}}");
    assertEquals(ShowMessageRequestParams.class, parsed.getParams().getClass());
  }

  private static MessageJsonHandler connection() {
    VcrLauncherBuilder builder = new VcrLauncherBuilder();
    builder.setLocalService(new Object()).setRemoteInterface(LanguageClient.class);
    return builder.createJsonHandler();
  }

  private static Range range(int l1, int c1, int l2, int c2) {
    return new Range(new Position(l1, c1), new Position(l2, c2));
  }
}
