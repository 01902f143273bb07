package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.Test;

/**
 * Call hierarchy asked at a call of a library member ({@code sb.append(x)} on a StringBuilder): an item for
 * the member, at the use, whose incoming calls are the callers of its linked uses; the item survives the
 * trip through JSON to a client and back.
 */
class LibraryCallHierarchyTest extends ServerTestSupport {
  @Test
  void aLibraryMembersItemListsItsCallersAfterARoundTripThroughJson() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/p")).getParent();
    Path a = root.resolve("p/A.java");
    Files.writeString(a, String.join("\n",
        "package p;",
        "class A {",
        "  void one(StringBuilder sb) {",
        "    sb.append(\"x\");",
        "  }",
        "  void two(StringBuilder sb, Object o) {",
        "    sb.append(1);",
        "    sb.append(2);",
        "    sb.append(\"w\", 0, 1);",
        "  }",
        "}", ""));
    LspTestClient c = client();
    c.initialize(root);
    c.awaitIndexed();
    var td = c.server().getTextDocumentService();

    List<CallHierarchyItem> items = get(td.prepareCallHierarchy(new CallHierarchyPrepareParams(doc(a),
        new Position(3, 8))));
    assertEquals(1, items.size());
    CallHierarchyItem item = items.get(0);
    assertEquals("StringBuilder.append", item.getName());
    assertEquals(SymbolKind.Method, item.getKind());
    assertEquals(3, item.getSelectionRange().getStart().getLine());
    assertTrue(item.getUri().endsWith("p/A.java"), item.getUri());

    Gson gson = new MessageJsonHandler(Map.of()).getGson();
    CallHierarchyItem back = gson.fromJson(gson.toJson(item), CallHierarchyItem.class);
    assertTrue(((JsonObject) back.getData()).get("external").isJsonPrimitive(), "the id travels as a string");
    List<CallHierarchyIncomingCall> incoming = get(td.callHierarchyIncomingCalls(
        new CallHierarchyIncomingCallsParams(back)));
    assertEquals(List.of("one x1", "two x2"), incoming.stream()
        .map(i -> i.getFrom().getName() + " x" + i.getFromRanges().size()).collect(Collectors.toList()),
        "the one-argument appends, not the three-argument one");
    assertEquals(List.of(), get(td.callHierarchyOutgoingCalls(new CallHierarchyOutgoingCallsParams(back))));

    // A damaged id: the item is found again at its selection range instead.
    JsonObject data = ((JsonObject) back.getData()).deepCopy();
    data.addProperty("external", "not a number");
    back.setData(data);
    assertEquals(2, get(td.callHierarchyIncomingCalls(new CallHierarchyIncomingCallsParams(back))).size());
  }
}
