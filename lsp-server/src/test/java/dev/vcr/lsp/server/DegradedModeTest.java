package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.index.StoreFaults;
import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Degraded modes (issue 13): a full disk or a read-only index directory, during a build and during edits,
 * keeps the server serving (the index as it was, read-only, plus the session's open documents), warns each
 * session once with {@code window/showMessage}, and never deletes a good index; {@code initialize} does not
 * fail when the index folder cannot be written. Faults are injected where the OS raises them
 * ({@link StoreFaults#inject}).
 */
class DegradedModeTest extends ServerTestSupport {
  @AfterEach
  void clearFaults() {
    StoreFaults.inject(null);
  }

  @Test
  void aFullDiskDuringEditsKeepsServingAndWarnsOnce() throws Exception {
    Path root = fixture("java");
    LspTestClient c = indexed(root);
    Path checkout = root.resolve("src/shop/Checkout.java");
    String saved = Files.readString(checkout);
    Position decl = Render.find(saved, "applyDiscount(int", 0);
    assertEquals(LimitsTest.FROM_INDEX, refs(c, root, checkout, decl));
    Map<String, Long> files = indexFiles();

    StoreFaults.inject((point, dir) -> {
      if (point == StoreFaults.Point.COMMIT) {
        throw StoreFaults.diskFull(dir);
      }
    });
    // The file changes on disk and is saved: the re-index cannot write.
    String renamed = saved.replace("applyDiscount(int", "applyDiscountNow(int");
    Files.writeString(checkout, renamed);
    reindex(c);
    MessageParams w = awaitWarning(c, "disk is full");
    assertTrue(w.getMessage().contains("java"), w.getMessage());
    // Still serving: the index as it was, and the open document from memory.
    assertEquals(LimitsTest.FROM_INDEX, refs(c, root, checkout, decl), "the index as it was");
    c.open(checkout, "java", renamed);
    assertEquals(LimitsTest.FROM_UNSAVED, refs(c, root, checkout, decl), "the open document, from memory");
    // Another failing run does not warn again.
    reindex(c);
    awaitRuns(c, 3);
    assertEquals(1, warnings(c).size(), warnings(c).toString());
    assertTrue(indexFiles().keySet().containsAll(files.keySet()), "nothing deleted");

    // Room again: the next run writes, and a later problem would warn again.
    StoreFaults.inject(null);
    reindex(c);
    awaitRuns(c, 4);
    c.server().getTextDocumentService().didClose(new org.eclipse.lsp4j.DidCloseTextDocumentParams(doc(checkout)));
    assertEquals(LimitsTest.FROM_UNSAVED, refs(c, root, checkout, decl), "the index caught up");
  }

  @Test
  void aFullDiskDuringTheFirstBuildStillInitializesAndWarns() throws Exception {
    Path root = fixture("java");
    StoreFaults.inject((point, dir) -> {
      if (point == StoreFaults.Point.BUILD) {
        throw StoreFaults.diskFull(dir);
      }
    });
    LspTestClient c = client();
    InitializeResult r = c.initialize(root);
    assertNotNull(r.getCapabilities());
    // No room for an index anywhere (its folder nor a temporary one): the session says so and answers, emptily.
    awaitWarning(c, "disk is full");
    assertTrue(get(c.server().getWorkspaceService().symbol(new org.eclipse.lsp4j.WorkspaceSymbolParams("Cart")))
        .getRight().isEmpty());
    assertEquals(Map.of(), indexFiles(), "no generation left behind");
  }

  @Test
  void aReadOnlyIndexDirectoryStillInitializesAndAnswersFromTheIndex() throws Exception {
    Path root = fixture("java");
    LspTestClient first = indexed(root);
    first.shutdownAndExit();
    first.sessionDone().get(30, TimeUnit.SECONDS);
    Map<String, Long> files = indexFiles();

    StoreFaults.inject((point, dir) -> {
      throw StoreFaults.readOnly(dir);
    });
    LspTestClient c = client();
    c.initialize(root);
    awaitWarning(c, "read-only");
    Path checkout = root.resolve("src/shop/Checkout.java");
    Position decl = Render.find(Files.readString(checkout), "applyDiscount(int", 0);
    assertEquals(LimitsTest.FROM_INDEX, refs(c, root, checkout, decl));
    assertEquals(1, warnings(c).size(), warnings(c).toString());
    assertEquals(files, indexFiles(), "not a byte changed");
  }

  @Test
  void anUnwritableIndexFolderWithoutAnIndexIndexesIntoATemporaryFolder() throws Exception {
    Path root = fixture("java");
    Path base = temp.resolve("index");
    StoreFaults.inject((point, dir) -> {
      if (dir.startsWith(base)) {
        throw StoreFaults.readOnly(dir);
      }
    });
    LspTestClient c = client();
    c.initialize(root);
    c.awaitIndexed();
    MessageParams w = awaitWarning(c, "temporary folder");
    assertTrue(w.getMessage().contains("read-only"), w.getMessage());
    Path checkout = root.resolve("src/shop/Checkout.java");
    Position decl = Render.find(Files.readString(checkout), "applyDiscount(int", 0);
    assertEquals(LimitsTest.FROM_INDEX, refs(c, root, checkout, decl));
    assertEquals(Map.of(), indexFiles(), "nothing written where it may not be");
  }

  @Test
  void anIndexHeldByAnotherProcessIsIndexedIntoATemporaryFolder() throws Exception {
    // As when 'vcr lsp' runs in-process beside a daemon of another version that keeps the index.
    Path root = fixture("java");
    Path storeDir = temp.resolve("index").resolve(new dev.vcr.kernel.ingest.Workspace(List.of(root)).indexName());
    try (dev.vcr.kernel.index.SymbolStore held = dev.vcr.kernel.index.SymbolStore.open(storeDir)) {
      LspTestClient c = client();
      c.initialize(root);
      c.awaitIndexed();
      MessageParams w = awaitWarning(c, "temporary folder");
      assertTrue(w.getMessage().contains("in use by another Vcr process"), w.getMessage());
      Path checkout = root.resolve("src/shop/Checkout.java");
      Position decl = Render.find(Files.readString(checkout), "applyDiscount(int", 0);
      assertEquals(LimitsTest.FROM_INDEX, refs(c, root, checkout, decl));
      assertEquals(0, held.fileCount(), "the held index was not touched");
    }
  }

  private static void reindex(LspTestClient c) throws Exception {
    get(c.server().reindex());
  }

  private static void awaitRuns(LspTestClient c, int runs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      com.google.gson.JsonObject s = get(c.server().stats());
      com.google.gson.JsonObject server = s.getAsJsonObject("server");
      if (server.get("indexRuns").getAsInt() >= runs && !server.get("indexing").getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + runs + " index runs: " + s);
      }
      Thread.sleep(50);
    }
  }

  private static MessageParams awaitWarning(LspTestClient c, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (MessageParams m : warnings(c)) {
        if (m.getMessage().contains(text)) {
          return m;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no warning with \"" + text + "\": " + c.messages());
  }

  private static List<MessageParams> warnings(LspTestClient c) {
    return c.messages().stream().filter(m -> m.getType() == MessageType.Warning).toList();
  }

  private Map<String, Long> indexFiles() throws Exception {
    Map<String, Long> out = new TreeMap<>();
    Path base = temp.resolve("index");
    if (!Files.exists(base)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && !n.equals("lock") && !n.contains(".wal.")) {
          out.put(base.relativize(p).toString(), Files.size(p));
        }
      }
    }
    return out;
  }

  private static List<String> refs(LspTestClient c, Path root, Path file, Position pos) throws Exception {
    return Render.locations(root, get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true)))));
  }
}
