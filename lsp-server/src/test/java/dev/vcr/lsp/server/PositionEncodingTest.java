package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.junit.jupiter.api.Test;

/**
 * utf-8 is chosen when the client offers it, utf-16 otherwise; positions on a line with non-ASCII text
 * (2-byte é and ö, a 4-byte emoji that is a surrogate pair in UTF-16) are right in both directions and
 * for edits.
 */
class PositionEncodingTest extends ServerTestSupport {
  private static final String LINE = "  static String greet() { String s = \"h\u00e9llo w\u00f6rld \ud83d\ude00\"; return hello(s); }";
  private static final String TEXT = "package enc;\n\npublic class Greeter {\n" + LINE + "\n\n"
      + "  static String hello(String s) {\n    return s;\n  }\n}\n";

  private Path workspace() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/enc"));
    Files.writeString(root.resolve("Greeter.java"), TEXT);
    return root.toRealPath();
  }

  private static int utf16Col(String needle) {
    return LINE.indexOf(needle);
  }

  private static int utf8Col(String needle) {
    return LINE.substring(0, LINE.indexOf(needle)).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void utf8WhenOffered() throws Exception {
    Path root = workspace();
    LspTestClient c = client();
    InitializeResult r = c.initialize(List.of(root), List.of("utf-8", "utf-16"), null);
    c.awaitIndexed();
    assertEquals("utf-8", r.getCapabilities().getPositionEncoding());
    check(c, root, utf8Col("hello(s)"));
  }

  @Test
  void utf16Otherwise() throws Exception {
    Path root = workspace();
    LspTestClient c = client();
    InitializeResult r = c.initialize(List.of(root), List.of("utf-16"), null);
    c.awaitIndexed();
    assertEquals("utf-16", r.getCapabilities().getPositionEncoding());
    check(c, root, utf16Col("hello(s)"));

    LspTestClient old = client();
    InitializeResult r2 = old.initialize(List.of(root), null, null); // no positionEncodings at all
    old.awaitIndexed();
    assertEquals("utf-16", r2.getCapabilities().getPositionEncoding());
  }

  /** References from the declaration find the call at {@code col}; from the call they find the same; an edit at {@code col} works. */
  private static void check(LspTestClient c, Path root, int col) throws Exception {
    assertEquals(4, utf8Col("hello(s)") - utf16Col("hello(s)"), "the line has 4 more UTF-8 bytes than UTF-16 units before the call");
    Path file = root.resolve("Greeter.java");
    c.open(file, "java", TEXT);
    Position decl = new Position(5, "  static String ".length());
    Position call = new Position(3, col);
    List<String> expected = List.of("3:" + col + "-3:" + (col + 5), "5:16-5:21");
    assertEquals(expected, refs(c, file, decl));
    assertEquals(expected, refs(c, file, new Position(3, col + 2)));

    // Rename the call by typing at its end: "hello" -> "helloX". Only the declaration is left.
    Position end = new Position(3, col + 5);
    c.change(file, 2, end, end, "X");
    assertEquals(List.of("5:16-5:21"), refs(c, file, decl));
    // And the renamed call now ends one unit later.
    assertEquals(List.of("3:" + col + "-3:" + (col + 6)), refs(c, file, call));
  }

  private static List<String> refs(LspTestClient c, Path file, Position p) throws Exception {
    List<? extends Location> ls = get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), p, new ReferenceContext(true))));
    return ls.stream().map(l -> l.getRange().getStart().getLine() + ":" + l.getRange().getStart().getCharacter() + "-"
        + l.getRange().getEnd().getLine() + ":" + l.getRange().getEnd().getCharacter()).sorted().toList();
  }
}
