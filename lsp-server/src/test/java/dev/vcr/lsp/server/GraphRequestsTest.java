package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.get;
import static dev.vcr.lsp.testing.LspTestClient.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/** The code-graph requests over LSP: advertised, answered from the index, and seeing unsaved edits. */
class GraphRequestsTest extends ServerTestSupport {
  private static final String A = "package p;\n\nclass A {\n  static int a() {\n    return B.b();\n  }\n}\n";
  private static final String B = "package p;\n\nclass B {\n  static int b() {\n    return C.c();\n  }\n}\n";
  private static final String C = "package p;\n\nclass C {\n  static int c() {\n    return 1;\n  }\n}\n";

  private static List<List<String>> hops(JsonObject impact) {
    List<List<String>> out = new ArrayList<>();
    for (JsonElement h : impact.getAsJsonArray("hops")) {
      List<String> names = new ArrayList<>();
      for (JsonElement n : h.getAsJsonObject().getAsJsonArray("nodes")) {
        names.add(n.getAsJsonObject().getAsJsonObject("symbol").get("qualifiedName").getAsString());
      }
      out.add(names);
    }
    return out;
  }

  @Test
  void impactAnswersByHopAndSeesUnsavedEdits() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/p")).getParent();
    Files.writeString(root.resolve("p/A.java"), A);
    Files.writeString(root.resolve("p/B.java"), B);
    Files.writeString(root.resolve("p/C.java"), C);
    LspTestClient c = client();
    InitializeResult init = c.initialize(root);
    assertTrue(init.getCapabilities().getExperimental().toString().contains("vcr/impact"), "advertised");
    c.awaitIndexed();

    JsonObject byName = new JsonObject();
    byName.addProperty("symbol", "p.C.c");
    JsonObject r = get(c.server().impact(byName));
    assertEquals(List.of(List.of("p.B.b"), List.of("p.A.a")), hops(r));
    assertEquals("exact", r.getAsJsonArray("hops").get(0).getAsJsonObject().getAsJsonArray("nodes").get(0)
        .getAsJsonObject().getAsJsonArray("via").get(0).getAsJsonObject().get("confidence").getAsString());

    // Unsaved: A no longer calls B. Asked at the position of c's name in C.java (0-based line 3).
    c.open(root.resolve("p/A.java"), "java", A.replace("return B.b();", "return 0;"));
    JsonObject byPosition = new JsonObject();
    JsonObject doc = new JsonObject();
    doc.addProperty("uri", uri(root.resolve("p/C.java")));
    byPosition.add("textDocument", doc);
    JsonObject pos = new JsonObject();
    pos.addProperty("line", 3);
    pos.addProperty("character", 14);
    byPosition.add("position", pos);
    byPosition.addProperty("maxDepth", 5);
    assertEquals(List.of(List.of("p.B.b")), hops(get(c.server().impact(byPosition))));

    JsonObject context = new JsonObject();
    context.addProperty("symbol", "p.B.b");
    context.addProperty("tokenBudget", 500);
    JsonObject ctx = get(c.server().context(context));
    JsonArray items = ctx.getAsJsonArray("items");
    assertEquals("focus", items.get(0).getAsJsonObject().get("role").getAsString());
    assertEquals(500, ctx.getAsJsonObject("budget").get("limit").getAsInt());
    assertTrue(ctx.getAsJsonObject("budget").get("used").getAsInt() <= 500);

    JsonObject unknown = new JsonObject();
    unknown.addProperty("symbol", "nothingCalledThis");
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.server().impact(unknown)));
    assertEquals(ResponseErrorCode.InvalidParams.getValue(),
        ((ResponseErrorException) e.getCause()).getResponseError().getCode());
  }

  /** Two cycles of two files each, and a file outside them. */
  @Test
  void cyclesOfADocumentPagesAndUnweightedHotspotsOutsideGit() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws2/p")).getParent();
    Files.writeString(root.resolve("p/A.java"), "package p;\n\nclass A {\n  static int a() {\n    return B.b();\n  }\n}\n");
    Files.writeString(root.resolve("p/B.java"), "package p;\n\nclass B {\n  static int b() {\n    return A.a();\n  }\n}\n");
    Files.writeString(root.resolve("p/X.java"), "package p;\n\nclass X {\n  static int x() {\n    return Y.y();\n  }\n}\n");
    Files.writeString(root.resolve("p/Y.java"), "package p;\n\nclass Y {\n  static int y() {\n    return X.x() + A.a();\n  }\n}\n");
    LspTestClient c = client();
    c.initialize(root);
    c.awaitIndexed();

    JsonObject all = get(c.server().cycles(new JsonObject()));
    assertEquals(2, all.get("components").getAsInt());
    assertTrue(!all.has("cursor") && !all.get("truncated").getAsBoolean(), all.toString());

    JsonObject ofY = new JsonObject();
    JsonObject doc = new JsonObject();
    doc.addProperty("uri", uri(root.resolve("p/Y.java")));
    ofY.add("textDocument", doc);
    JsonObject r = get(c.server().cycles(ofY));
    assertEquals("p/Y.java", r.get("file").getAsString());
    assertEquals(1, r.get("components").getAsInt());
    assertEquals("[\"p/X.java\",\"p/Y.java\"]", r.getAsJsonArray("cycles").get(0).getAsJsonObject().get("members").toString());

    // Pages of one: the first has a cursor, the second continues from it and is the last.
    JsonObject first = new JsonObject();
    first.addProperty("limit", 1);
    JsonObject p1 = get(c.server().cycles(first));
    assertEquals(1, p1.get("cursor").getAsInt());
    first.addProperty("offset", p1.get("cursor").getAsInt());
    JsonObject p2 = get(c.server().cycles(first));
    assertTrue(!p2.has("cursor"), p2.toString());
    JsonArray both = new JsonArray();
    both.addAll(p1.getAsJsonArray("cycles"));
    both.addAll(p2.getAsJsonArray("cycles"));
    assertEquals(all.getAsJsonArray("cycles"), both);

    JsonObject clusters = new JsonObject();
    clusters.addProperty("limit", 1);
    clusters.addProperty("offset", 5);
    assertEquals(0, get(c.server().clusters(clusters)).getAsJsonArray("groups").size(), "past the end: an empty page");

    JsonObject git = new JsonObject();
    git.addProperty("git", true);
    JsonObject h = get(c.server().hotspots(git));
    assertTrue(h.get("weighting").getAsString().startsWith("not weighted: ")
        && h.get("weighting").getAsString().contains("not in a git repository"), h.toString());
    assertEquals(h.getAsJsonArray("files"), get(c.server().hotspots(new JsonObject())).getAsJsonArray("files"),
        "without git, the same ranking as unweighted");

    JsonObject bad = new JsonObject();
    bad.addProperty("offset", -1);
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.server().cycles(bad)));
    assertEquals(ResponseErrorCode.InvalidParams.getValue(),
        ((ResponseErrorException) e.getCause()).getResponseError().getCode());
  }
}
