package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.vcr.lsp.protocol.WireAdapters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
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
    MessageJsonHandler ours = new VcrLauncherBuilder.BuilderJsonHandler(methods, wire);

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

    for (Message m : List.of(answer, error, request, note, empty)) {
      String expected = lsp4j.serialize(m);
      assertEquals(expected, ours.serialize(m), m.getClass().getSimpleName());
      assertEquals(lsp4j.parseMessage(expected), ours.parseMessage(ours.serialize(m)));
    }
  }

  private static Range range(int l1, int c1, int l2, int c2) {
    return new Range(new Position(l1, c1), new Position(l2, c2));
  }
}
