package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A server that builds first indexes in a child process (as editors' servers do) answers as one that
 * builds in process, and leaves nothing of the child's build beside the index.
 */
class ChildBuildServerTest extends ServerTestSupport {
  @Test
  void answersFromTheIndexAChildBuilt() throws Exception {
    Path index = Files.createDirectories(temp.resolve("index"));
    server = new VcrServer(new ServerOptions(index, 2, ScanOptions.DEFAULT_MAX_FILE_BYTES, true));
    server.childBuildMinFiles(1); // the fixture is small: a real server builds it in process
    Path root = fixture("java");
    LspTestClient a = indexed(root);
    Path cart = root.resolve("src/shop/Cart.java");
    assertEquals(List.of("run"), EditTest.callers(a, cart, "total()"));
    // The end of the first index says what it parsed, as when it is built in process.
    String end = a.progress().stream().map(p -> p.getValue().getLeft())
        .filter(v -> v instanceof org.eclipse.lsp4j.WorkDoneProgressEnd)
        .map(v -> ((org.eclipse.lsp4j.WorkDoneProgressEnd) v).getMessage()).findFirst().orElse("");
    org.junit.jupiter.api.Assertions.assertTrue(end.matches("\\d+ files indexed \\((\\d+) parsed\\)")
        && !end.contains("(0 parsed)"), end);
    try (Stream<Path> left = Files.list(index)) {
      List<String> names = left.map(p -> p.getFileName().toString()).toList();
      assertEquals(1, names.size(), "only the workspace's index: " + names);
    }
    // The same answers as a server that builds in process.
    VcrServer inProcess = new VcrServer(new ServerOptions(Files.createDirectories(temp.resolve("index2")), 2,
        ScanOptions.DEFAULT_MAX_FILE_BYTES));
    try {
      LspTestClient b = LspTestClient.connect(inProcess.newSession());
      clients.add(b);
      b.initialize(root);
      b.awaitIndexed();
      assertEquals(EditTest.callers(b, cart, "total()"), EditTest.callers(a, cart, "total()"));
      String expected = inProcess.<String>withIndex(List.of(root), i -> i.store().indexHash());
      String adopted = server.<String>withIndex(List.of(root), i -> i.store().indexHash());
      assertEquals(expected, adopted);
    } finally {
      inProcess.close();
    }
  }
}
