package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.vcr.lsp.features.PartialResults;
import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

/**
 * Large answers stream as partial results ({@code $/progress} under the client's partialResultToken) in
 * batches, then an empty response; together the batches are exactly the answer asked without a token.
 */
class PartialResultsTest extends ServerTestSupport {
  private static final int CALLERS = PartialResults.BATCH + 234;

  @Test
  void referencesAndIncomingCallsStreamInBatches() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/p")).getParent();
    Path target = root.resolve("p/Target.java");
    Files.writeString(target, "package p;\n\nclass Target {\n  static void hit() {}\n}\n");
    StringBuilder callers = new StringBuilder("package p;\n\nclass Callers {\n");
    for (int i = 0; i < CALLERS; i++) {
      callers.append("  void c").append(i).append("() {\n    Target.hit();\n  }\n");
    }
    Files.writeString(root.resolve("p/Callers.java"), callers.append("}\n").toString());
    LspTestClient c = client();
    c.initialize(root);
    c.awaitIndexed();
    var td = c.server().getTextDocumentService();
    Position hit = new Position(3, 15);

    List<? extends Location> whole = get(td.references(refs(target, hit, null)));
    assertEquals(CALLERS + 1, whole.size(), "every call and the declaration");
    int before = c.progress().size();
    List<? extends Location> streamedResponse = get(td.references(refs(target, hit, Either.forLeft("refs-1"))));
    assertTrue(streamedResponse.isEmpty(), "the response of a streamed answer is empty");
    List<JsonElement> batches = batches(c.progress().subList(before, c.progress().size()), "refs-1");
    assertEquals(2, batches.size(), "one full batch, then the rest");
    assertEquals(PartialResults.BATCH, batches.get(0).getAsJsonArray().size());
    assertSameJson(whole, concat(batches));

    CallHierarchyItem item = get(td.prepareCallHierarchy(new CallHierarchyPrepareParams(doc(target), hit))).get(0);
    List<CallHierarchyIncomingCall> incoming = get(c.server().getTextDocumentService()
        .callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(item)));
    assertEquals(CALLERS, incoming.size());
    CallHierarchyIncomingCallsParams asked = new CallHierarchyIncomingCallsParams(item);
    asked.setPartialResultToken(Either.forRight(7));
    before = c.progress().size();
    assertTrue(get(td.callHierarchyIncomingCalls(asked)).isEmpty());
    List<JsonElement> callBatches = batches(c.progress().subList(before, c.progress().size()), 7);
    assertEquals(2, callBatches.size());
    assertSameJson(incoming, concat(callBatches));

    // A small answer asked with a token is the response itself.
    List<? extends Location> small = get(td.references(refs(root.resolve("p/Callers.java"), new Position(3, 8),
        Either.forLeft("refs-2"))));
    assertEquals(1, small.size());
    assertTrue(batches(c.progress(), "refs-2").isEmpty());
  }

  /** As the protocol writes them (LSP4J's Gson: enums as numbers); a short message, not two huge dumps. */
  private static void assertSameJson(Object answer, JsonArray streamed) {
    JsonElement expected = new MessageJsonHandler(Map.of()).getGson().toJsonTree(answer);
    assertTrue(expected.equals(streamed), "the batches differ from the answer asked without a token");
  }

  private static ReferenceParams refs(Path file, Position at, Either<String, Integer> token) {
    ReferenceParams p = new ReferenceParams(doc(file), at, new ReferenceContext(true));
    p.setPartialResultToken(token);
    return p;
  }

  private static List<JsonElement> batches(List<ProgressParams> progress, Object token) {
    List<JsonElement> out = new ArrayList<>();
    for (ProgressParams p : progress) {
      Object t = p.getToken().isLeft() ? p.getToken().getLeft() : p.getToken().getRight();
      if (t.equals(token) && p.getValue().isRight()) {
        out.add((JsonElement) p.getValue().getRight());
      }
    }
    return out;
  }

  private static JsonArray concat(List<JsonElement> batches) {
    JsonArray all = new JsonArray();
    batches.forEach(b -> all.addAll(b.getAsJsonArray()));
    return all;
  }
}
