package dev.vcr.lsp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.ingest.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ToLsp#uri} gives what {@link Path#toUri} gives for a file, without asking the file system each time. */
class ToLspUriTest {
  @TempDir
  Path dir;

  @Test
  void sameAsPathToUri() throws Exception {
    Path root = dir.resolve("root dir");
    List<String> names = List.of("a/B.java", "a/C.java", "a/b/$Inner_1-x.java", "x y.java", "a/ü.java", "a%20.java",
        "a/b/#hash.py", "top.c", "gone/missing.java");
    for (String n : names) {
      if (!n.startsWith("gone/")) {
        Files.createDirectories(root.resolve(n).getParent());
        Files.writeString(root.resolve(n), "x");
      }
    }
    Workspace ws = Workspace.of(root);
    ToLsp to = new ToLsp(PositionEncoding.UTF16, ws);
    for (int round = 0; round < 2; round++) {
      for (String n : names) {
        String key = ws.key(0, n);
        assertEquals(ws.resolve(key).orElseThrow().toUri().toString(), to.uri(key), n);
      }
    }
  }
}
