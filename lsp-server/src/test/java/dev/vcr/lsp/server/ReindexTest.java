package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;

/** Saved and on-disk changes reach the shared index by (debounced, coalesced) re-indexing. */
class ReindexTest extends ServerTestSupport {
  private static final String AUDIT = "package shop;\n\npublic class Audit {\n  static int audit(Cart cart) {\n"
      + "    return cart.total();\n  }\n}\n";

  @Test
  void saveReindexes() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    int ends = c.progressEnds();
    Path audit = Files.writeString(root.resolve("src/shop/Audit.java"), AUDIT);
    c.server().getTextDocumentService().didSave(new DidSaveTextDocumentParams(doc(audit)));
    c.awaitProgressEnds(ends + 1);
    assertEquals(List.of("audit", "run"), EditTest.callers(c, root.resolve("src/shop/Cart.java"), "total()"));
  }

  @Test
  void saveOfAnIndexedFileReindexesThatFileWithoutAScan() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    SharedWorkspace ws = c.session().workspaceForTest();
    int ends = c.progressEnds();
    Path checkout = root.resolve("src/shop/Checkout.java");
    addTwice(checkout);
    c.server().getTextDocumentService().didSave(new DidSaveTextDocumentParams(doc(checkout)));
    c.awaitProgressEnds(ends + 1);
    assertEquals("changed", ws.index().lastSummary().mode(), "the saved file alone, no scan");
    assertEquals(1, ws.index().lastSummary().parsed());
    assertEquals(List.of("run", "twice"), EditTest.callers(c, root.resolve("src/shop/Cart.java"), "total()"));

    // a file the client reports that is not indexed yet is found by a scan
    Path audit = Files.writeString(root.resolve("src/shop/Audit.java"), AUDIT);
    c.server().getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
        List.of(new FileEvent(audit.toUri().toString(), FileChangeType.Created))));
    c.awaitProgressEnds(ends + 2);
    assertEquals("incremental", ws.index().lastSummary().mode());
    assertEquals(List.of("audit", "run", "twice"), EditTest.callers(c, root.resolve("src/shop/Cart.java"), "total()"));
  }

  @Test
  void theNameTableIsBroughtUpToDateAfterEachRunBeforeAnyoneSearches() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    SharedWorkspace ws = c.session().workspaceForTest();
    awaitNamesCurrent(ws);
    int ends = c.progressEnds();
    Path audit = Files.writeString(root.resolve("src/shop/Audit.java"), AUDIT);
    c.server().getTextDocumentService().didSave(new DidSaveTextDocumentParams(doc(audit)));
    c.awaitProgressEnds(ends + 1);
    awaitNamesCurrent(ws); // the new index hash's table, made without a workspace/symbol request
    List<String> names = new ArrayList<>();
    for (var s : get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Audit"))).getRight()) {
      names.add(s.getName());
    }
    assertTrue(names.contains("Audit"), names.toString());
  }

  private static void awaitNamesCurrent(SharedWorkspace ws) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!ws.index().namesCurrent()) {
      assertTrue(System.nanoTime() < deadline, "the name table was not made after indexing");
      Thread.sleep(10);
    }
  }

  @Test
  void burstOfWatchedFileEventsIsOneRun() throws Exception {
    Path root = fixture("java");
    // The burst must fit in one quiet period; 200 ms is tight for 30 notifications on a loaded test machine.
    server().debounceMillis = 1_000;
    LspTestClient c = indexed(root);
    SharedWorkspace ws = c.session().workspaceForTest();
    assertTrue(ws.scheduler().awaitIdle(30_000));
    long runs = ws.scheduler().runs();
    int ends = c.progressEnds();
    Files.writeString(root.resolve("src/shop/Audit.java"), AUDIT);
    // A branch switch: 3,000 events in 30 notifications.
    for (int n = 0; n < 30; n++) {
      List<FileEvent> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        events.add(new FileEvent(root.resolve("src/gen/F" + n + "_" + i + ".java").toUri().toString(), FileChangeType.Changed));
      }
      c.server().getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(events));
    }
    c.awaitProgressEnds(ends + 1);
    assertTrue(ws.scheduler().awaitIdle(30_000));
    assertEquals(runs + 1, ws.scheduler().runs(), "one indexing run for the whole burst");
    assertEquals(List.of("audit", "run"), EditTest.callers(c, root.resolve("src/shop/Cart.java"), "total()"));
  }

  @Test
  void clientWatchesFilesWhenItCan() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Registration r = c.registrations().get(0).getRegistrations().get(0);
    assertEquals("workspace/didChangeWatchedFiles", r.getMethod());
    String options = new com.google.gson.Gson().toJson(r.getRegisterOptions());
    assertTrue(options.contains("**/*"), options);
    assertFalse(c.session().workspaceForTest().watching(), "no server-side watcher needed");
  }

  @Test
  void serverWatchesFilesWhenTheClientCannot() throws Exception {
    Path root = fixture("java");
    LspTestClient c = client().watchedFilesDynamic(false);
    c.initialize(root);
    c.awaitIndexed();
    assertTrue(c.session().workspaceForTest().watching());
    assertTrue(c.registrations().isEmpty());
    int ends = c.progressEnds();
    Files.createDirectories(root.resolve("src/extra"));
    Files.writeString(root.resolve("src/extra/Audit.java"), AUDIT.replace("package shop;", "package extra;\nimport shop.Cart;"));
    c.awaitProgressEnds(ends + 1);
    List<String> names = new ArrayList<>();
    for (org.eclipse.lsp4j.WorkspaceSymbol s : get(c.server().getWorkspaceService().symbol(new WorkspaceSymbolParams("Audit"))).getRight()) {
      names.add(s.getName() + " " + s.getLocation().getLeft().getUri().substring(root.toUri().toString().length()));
    }
    assertTrue(names.contains("Audit src/extra/Audit.java"), names.toString());
  }

  @Test
  void theServersWatcherReportsWhichFilesChanged() throws Exception {
    Path root = fixture("java");
    LspTestClient c = client().watchedFilesDynamic(false);
    c.initialize(root);
    c.awaitIndexed();
    SharedWorkspace ws = c.session().workspaceForTest();
    assertTrue(ws.watching());
    int ends = c.progressEnds();
    Path checkout = root.resolve("src/shop/Checkout.java");
    addTwice(checkout);
    c.awaitProgressEnds(ends + 1);
    assertTrue(ws.scheduler().awaitIdle(30_000));
    assertEquals("changed", ws.index().lastSummary().mode(), "the file the watcher saw, no scan");
    assertEquals(List.of("run", "twice"), EditTest.callers(c, root.resolve("src/shop/Cart.java"), "total()"));
  }

  /** Adds a method {@code twice} that calls {@code cart.total()} to Checkout.java, on disk. */
  private static void addTwice(Path checkout) throws java.io.IOException {
    Files.writeString(checkout, Files.readString(checkout).replace("static int applyDiscount(int total) {",
        "static int twice(Cart cart) {\n    return cart.total() * 2;\n  }\n\n  static int applyDiscount(int total) {"));
  }

  @Test
  void statsAndReindexRequests() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    JsonObject stats = get(c.server().stats());
    assertEquals(3, stats.get("files").getAsInt());
    assertEquals(1, stats.getAsJsonObject("server").get("sessions").getAsInt());
    assertTrue(stats.has("indexDir") && stats.get("indexDir").getAsString().startsWith(temp.toString()),
        "index under the test's index dir: " + stats.get("indexDir"));
    int ends = c.progressEnds();
    JsonObject r = get(c.server().reindex());
    assertTrue(r.get("scheduled").getAsBoolean());
    c.awaitProgressEnds(ends + 1);
  }
}
