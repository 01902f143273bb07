package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.testing.LspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.DeclarationParams;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

/** Hover (signature and doc comment), document highlights (this file's resolved occurrences) and declaration. */
class HoverHighlightTest extends ServerTestSupport {
  private static final String GREETER = "package p;\n\nclass Greeter {\n  /** Says hello to someone. */\n"
      + "  String greet(String who) {\n    return \"hi \" + who;\n  }\n\n  String greet() {\n    return greet(\"x\");\n  }\n"
      + "  void run() {\n    int count = 0;\n    count = count + 1;\n    greet(\"y\");\n    new Other().greet(\"z\");\n  }\n}\n";
  private static final String OTHER = "package p;\n\nclass Other {\n  String greet(String s) {\n    return s;\n  }\n}\n";

  @Test
  void hoverHighlightAndDeclaration() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws/p")).getParent();
    Path greeter = root.resolve("p/Greeter.java");
    Files.writeString(greeter, GREETER);
    Files.writeString(root.resolve("p/Other.java"), OTHER);
    LspTestClient c = client();
    InitializeResult init = c.initialize(root);
    assertTrue(init.getCapabilities().getHoverProvider().getLeft());
    assertTrue(init.getCapabilities().getDocumentHighlightProvider().getLeft());
    c.awaitIndexed();
    var td = c.server().getTextDocumentService();

    // Hover on the call greet("y") (line 14): the one-argument overload, its signature and its doc comment.
    Hover h = get(td.hover(new HoverParams(doc(greeter), new Position(14, 5))));
    String md = h.getContents().getRight().getValue();
    assertTrue(md.contains("String greet(String who)"), md);
    assertTrue(md.contains("Says hello to someone."), md);
    assertNull(get(td.hover(new HoverParams(doc(greeter), new Position(1, 0)))), "blank line");

    // Highlights of greet(String) in Greeter.java: its name and the two calls that resolve to it, not the
    // zero-argument overload, not Other.greet.
    List<? extends DocumentHighlight> hl = get(td.documentHighlight(new DocumentHighlightParams(doc(greeter),
        new Position(4, 10))));
    assertEquals(List.of(4, 9, 14), hl.stream().map(x -> x.getRange().getStart().getLine()).toList());
    assertEquals(DocumentHighlightKind.Write, hl.get(0).getKind());
    assertEquals(DocumentHighlightKind.Read, hl.get(1).getKind());

    // A local: its declaration, its write and its read.
    List<? extends DocumentHighlight> local = get(td.documentHighlight(new DocumentHighlightParams(doc(greeter),
        new Position(13, 5))));
    assertEquals(List.of(12, 13, 13), local.stream().map(x -> x.getRange().getStart().getLine()).toList());

    // Declaration answers like definition.
    var decl = get(td.declaration(new DeclarationParams(doc(greeter), new Position(15, 17))));
    String where = decl.isLeft() ? decl.getLeft().toString() : decl.getRight().toString();
    assertTrue(where.contains("Other.java"), where);
  }
}
