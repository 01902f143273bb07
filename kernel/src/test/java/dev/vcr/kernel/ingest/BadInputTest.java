package dev.vcr.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.scan.ScanOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not good source code never stop a run: each is skipped with a clear reason or indexed
 * with a warning, and every other file is indexed.
 */
class BadInputTest {
  static final int GOOD = 16;

  @TempDir Path tmp;
  Path ws;

  @BeforeEach
  void goodFiles() throws IOException {
    ws = tmp.resolve("ws");
    Fixtures.generate(ws, GOOD);
  }

  private IndexSummary index() throws IOException {
    return Fixtures.index(ws, tmp.resolve("idx"), 2);
  }

  /** The skip line of {@code path}, asserting there is exactly one. */
  private static String skipOf(IndexSummary s, String path) {
    List<String> lines = s.skipped().stream().filter(l -> l.startsWith(path + ": ")).collect(Collectors.toList());
    assertEquals(1, lines.size(), "skip lines of " + path + " in " + s.skipped());
    return lines.get(0);
  }

  private void assertGoodFilesIndexed(Path idx) throws IOException {
    try (WorkspaceIndex wi = Fixtures.open(ws, idx, 2)) {
      for (int i = 0; i < GOOD; i++) {
        assertNotNull(wi.store().file(Fixtures.pathOf(i)), Fixtures.pathOf(i));
      }
      assertEquals(1, wi.store().definitions("Unit8").size(), "a good file's class is found");
    }
  }

  @Test
  void binaryFileWithKnownExtensionIsSkipped() throws IOException {
    byte[] bytes = new byte[4096];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i % 7 == 0 ? 0 : 'a' + i % 26);
    }
    Files.write(ws.resolve("java/Blob.java"), bytes);
    IndexSummary s = index();
    assertEquals("java/Blob.java: BINARY NUL byte in the first 4096 bytes", skipOf(s, "java/Blob.java"));
    assertEquals(Map.of("BINARY", 1L), s.skipCounts());
    assertEquals(GOOD, s.scanned());
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void invalidUtf8IsIndexedWithAWarning() throws IOException {
    // Latin-1: "é" is the single byte 0xE9, which is not valid UTF-8.
    String text = "# caf\u00e9 cr\u00e8me\ndef na\u00efve_helper(x):\n    return x\n\nclass Caf\u00e9Menu:\n    pass\n"
        + "def after_bad_bytes():\n    return 1\n";
    Files.write(ws.resolve("py/latin1.py"), text.getBytes(StandardCharsets.ISO_8859_1));
    IndexSummary s = index();
    // '?' replacing a byte inside an identifier is a syntax error, reported as its own warning.
    assertEquals(List.of("py/latin1.py: 4 syntax error region(s); facts after them may be missing",
        "py/latin1.py: invalid UTF-8 (bytes replaced by '?' for indexing)"), s.warnings());
    assertTrue(s.skipped().isEmpty(), s.skipped().toString());
    assertEquals(GOOD + 1, s.scanned());
    assertEquals(GOOD + 1, s.parsed());
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      FileFacts f = wi.store().facts("py/latin1.py");
      assertNotNull(f);
      List<String> names = f.definitions().stream().map(Definition::name).collect(Collectors.toList());
      assertTrue(names.contains("after_bad_bytes"), names.toString());
      // Offsets still index the file on disk: the name after the bad bytes starts where it does in the bytes.
      Definition after = f.definitions().stream().filter(d -> d.name().equals("after_bad_bytes")).findFirst()
          .orElseThrow();
      assertEquals(6, after.nameSpan().startLine());
      assertEquals(4, after.nameSpan().startCol());
    }
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void tenMegabyteFileIsSkippedAsTooLarge() throws IOException {
    Path big = ws.resolve("java/Huge.java");
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] line = "  static int f(int x) { return x + 1; } // padding padding padding padding\n"
          .getBytes(StandardCharsets.UTF_8);
      out.write("class Huge {\n".getBytes(StandardCharsets.UTF_8));
      for (long n = 0; n < 10L * 1024 * 1024; n += line.length) {
        out.write(line);
      }
      out.write("}\n".getBytes(StandardCharsets.UTF_8));
    }
    long size = Files.size(big);
    assertTrue(size > 10L * 1024 * 1024);
    IndexSummary s = index();
    assertEquals("java/Huge.java: TOO_LARGE " + size + " bytes > limit of " + ScanOptions.DEFAULT_MAX_FILE_BYTES,
        skipOf(s, "java/Huge.java"));
    assertEquals(Map.of("TOO_LARGE", 1L), s.skipCounts());
    assertEquals(GOOD, s.parsed());
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void deeplyNestedCodeIsIndexed() throws IOException {
    int depth = 5000;
    StringBuilder java = new StringBuilder("class Deep {\n  int parens = ");
    java.append("(".repeat(depth)).append('1').append(")".repeat(depth)).append(";\n  void blocks() {\n");
    java.append("{".repeat(depth)).append(" int x = 1; ").append("}".repeat(depth)).append("\n  }\n");
    java.append("  void lambdas() { Runnable r = ").append("() -> { Runnable q = ".repeat(depth / 10))
        .append("null;").append(" };".repeat(depth / 10)).append(" }\n");
    java.append("  void afterDeep() {}\n}\n");
    Files.writeString(ws.resolve("java/Deep.java"), java);

    StringBuilder py = new StringBuilder("x = ").append("(".repeat(depth)).append('1').append(")".repeat(depth));
    py.append("\ny = ").append("[".repeat(depth)).append("]".repeat(depth)).append('\n');
    // Nested blocks: one space per level keeps the file small. (Beyond ~550 levels the Python grammar's
    // indent stack gives up; see indentationBeyondThePythonGrammarLimit.)
    for (int i = 0; i < 400; i++) {
      py.append(" ".repeat(i)).append("if x:\n");
    }
    py.append(" ".repeat(400)).append("pass\n");
    py.append("def after_deep():\n    return 1\n");
    Files.writeString(ws.resolve("py/deep.py"), py);

    IndexSummary s = index();
    assertTrue(s.skipped().isEmpty(), "deep files are indexed, not skipped: " + s.skipped());
    assertEquals(GOOD + 2, s.scanned());
    assertEquals(GOOD + 2, s.parsed());
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      assertEquals(1, wi.store().definitions("afterDeep").size(), "definitions after the deep part");
      assertEquals(1, wi.store().definitions("after_deep").size(), "definitions after the deep part");
    }
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void indentationBeyondThePythonGrammarLimit() throws IOException {
    // tree-sitter-python keeps its indent stack in the scanner's serialisation buffer; at 1000 levels the
    // rest of the file becomes one ERROR. The run still completes and the file is indexed with what the
    // parse gave, and the other files are untouched.
    StringBuilder py = new StringBuilder("def before_deep():\n    return 1\n");
    for (int i = 0; i < 1000; i++) {
      py.append(" ".repeat(i)).append("if x:\n");
    }
    py.append(" ".repeat(1000)).append("pass\n");
    py.append("def after_deep():\n    return 1\n");
    Files.writeString(ws.resolve("py/indent.py"), py);
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      IndexSummary s = wi.refresh(Indexer.Progress.NONE, () -> false);
      assertTrue(s.skipped().isEmpty(), s.skipped().toString());
      assertEquals(GOOD + 1, s.parsed());
      FileFacts f = wi.store().facts("py/indent.py");
      assertNotNull(f, "indexed");
      assertTrue(f.errorNodes() > 0, "the parse reports its errors");
      assertEquals(1, wi.metrics().count("index.files_with_errors"));
    }
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void fifoDanglingLinkAndSymlinkLoopsAreSkippedWithReasons() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", ws.resolve("java/Pipe.java").toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, mkfifo.exitValue(), "mkfifo");
    Files.createSymbolicLink(ws.resolve("go/gone.go"), ws.resolve("go/no-such-file.go"));
    Files.createSymbolicLink(ws.resolve("js/loop"), Path.of(".."));         // a directory link to an ancestor
    Files.createSymbolicLink(ws.resolve("rb/a.rb"), Path.of("b.rb"));       // a -> b -> a never resolves
    Files.createSymbolicLink(ws.resolve("rb/b.rb"), Path.of("a.rb"));
    Files.createSymbolicLink(ws.resolve("c/outside.c"), tmp.resolve("elsewhere.c"));
    Files.writeString(tmp.resolve("elsewhere.c"), "int outside(void) { return 0; }\n");

    IndexSummary s = index(); // must not block on the FIFO, nor loop
    assertEquals("java/Pipe.java: UNREADABLE not a regular file (fifo, socket or device)", skipOf(s, "java/Pipe.java"));
    assertEquals("go/gone.go: UNREADABLE dangling symlink -> " + ws.resolve("go/no-such-file.go"), skipOf(s, "go/gone.go"));
    assertEquals("js/loop: SYMLINK_LOOP cycle: same directory as its ancestor ''", skipOf(s, "js/loop"));
    assertTrue(skipOf(s, "rb/a.rb").startsWith("rb/a.rb: SYMLINK_LOOP symlink chain never resolves"), s.skipped().toString());
    assertTrue(skipOf(s, "rb/b.rb").startsWith("rb/b.rb: SYMLINK_LOOP symlink chain never resolves"), s.skipped().toString());
    assertTrue(skipOf(s, "c/outside.c").startsWith("c/outside.c: SYMLINK_OUTSIDE_ROOT -> "), s.skipped().toString());
    assertEquals(Map.of("UNREADABLE", 2L, "SYMLINK_LOOP", 3L, "SYMLINK_OUTSIDE_ROOT", 1L), s.skipCounts());
    assertEquals(GOOD, s.scanned());
    assertEquals(GOOD, s.parsed());
    assertGoodFilesIndexed(tmp.resolve("idx"));
  }

  @Test
  void allBadInputsTogetherAndASecondRunParsesNothing() throws Exception {
    Files.write(ws.resolve("java/Blob.java"), new byte[] {'c', 'l', 0, 0, 's'});
    Files.write(ws.resolve("py/latin1.py"), "def caf\u00e9(): pass\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(ws.resolve("java/Deep.java"), "class D { int x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "; }\n");
    Files.createSymbolicLink(ws.resolve("go/gone.go"), ws.resolve("go/none.go"));
    Files.createSymbolicLink(ws.resolve("js/loop"), Path.of(".."));
    IndexSummary first = index();
    assertEquals(Map.of("BINARY", 1L, "UNREADABLE", 1L, "SYMLINK_LOOP", 1L), first.skipCounts());
    assertEquals(List.of("py/latin1.py: 2 syntax error region(s); facts after them may be missing",
        "py/latin1.py: invalid UTF-8 (bytes replaced by '?' for indexing)"), first.warnings());
    assertEquals(GOOD + 2, first.parsed());
    IndexSummary second = index();
    assertEquals(0, second.parsed(), "bad files are not retried while unchanged");
    assertEquals(first.indexHash(), second.indexHash());
    assertEquals(first.skipped(), second.skipped());
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 2)) {
      assertNull(wi.store().file("java/Blob.java"));
      assertFalse(wi.store().files().containsKey("go/gone.go"));
    }
  }
}
