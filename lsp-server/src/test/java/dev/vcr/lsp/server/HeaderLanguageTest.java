package dev.vcr.lsp.server;

import static dev.vcr.lsp.testing.LspTestClient.doc;
import static dev.vcr.lsp.testing.LspTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.lsp.testing.LspTestClient;
import dev.vcr.lsp.testing.Render;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.junit.jupiter.api.Test;

/**
 * A {@code .h} header is parsed as the index parses it, whatever the editor calls it: Vim and VS Code send
 * {@code cpp} for every {@code .h}, and a C header read as C++ loses what uses C++'s keywords as names
 * ({@code new}, {@code class}), as Linux's {@code list.h} does.
 */
class HeaderLanguageTest extends ServerTestSupport {
  private static final String LIST_H = """
      struct node { struct node *next; };

      static inline void link_after(struct node *new, struct node *prev)
      {
      \tnew->next = prev->next;
      \tprev->next = new;
      }

      static inline int is_last(struct node *class)
      {
      \treturn class->next == 0;
      }
      """;
  private static final String MAIN_C = """
      #include "list.h"

      int grow(struct node *a, struct node *b)
      {
      \tlink_after(b, a);
      \treturn is_last(b);
      }
      """;

  @Test
  void aCHeaderOpenedAsCppIsReadAsC() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(root.resolve("list.h"), LIST_H);
    Files.writeString(root.resolve("main.c"), MAIN_C);
    LspTestClient c = indexed(root);
    Path header = root.resolve("list.h");
    c.open(header, "cpp", LIST_H);
    // From the open header's declaration, through its unsaved copy: the call in main.c and the declaration.
    assertEquals(List.of("list.h 3:20-3:30", "main.c 5:2-5:12"), refs(c, root, header, LIST_H, "link_after"));
    assertEquals(List.of("list.h 9:19-9:26", "main.c 6:9-6:16"), refs(c, root, header, LIST_H, "is_last"));
    // A parameter named with a C++ keyword: a name in C, an operator in C++.
    assertEquals(List.of("list.h 3:44-3:47", "list.h 5:2-5:5", "list.h 6:15-6:18"),
        refs(c, root, header, LIST_H, "new,"));
  }

  @Test
  void aHeaderTheIndexHasNotSeenIsDecidedByItsText() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(root.resolve("main.c"), MAIN_C);
    LspTestClient c = indexed(root);
    // Created in the editor, not saved yet: no index record, so its text decides (no C++ syntax: C).
    Path header = root.resolve("list.h");
    c.open(header, "cpp", LIST_H);
    assertEquals(List.of("list.h 3:20-3:30"), refs(c, root, header, LIST_H, "link_after"));
    assertEquals(List.of("list.h 9:19-9:26"), refs(c, root, header, LIST_H, "is_last"));
    assertEquals(List.of("list.h 3:44-3:47", "list.h 5:2-5:5", "list.h 6:15-6:18"),
        refs(c, root, header, LIST_H, "new,"));
  }

  private static List<String> refs(LspTestClient c, Path root, Path file, String text, String name) throws Exception {
    Position pos = Render.find(text, name, 0);
    return Render.locations(root, get(c.server().getTextDocumentService()
        .references(new ReferenceParams(doc(file), pos, new ReferenceContext(true)))));
  }
}
