package dev.vcr.kernel.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.ingest.Fixtures;
import dev.vcr.kernel.ingest.Indexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .h} header is parsed as C++ when it uses C++ syntax, else as C. */
class HeaderLanguageTest {
  @TempDir Path tmp;

  private static Language of(String text) {
    return Language.forContent(Language.C, "x.h", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cppSyntaxMakesAHeaderCpp() {
    assertEquals(Language.CPP, of("#pragma once\nnamespace app {\nint f();\n}\n"));
    assertEquals(Language.CPP, of("template <typename T>\nT id(T x) { return x; }\n"));
    assertEquals(Language.CPP, of("class Widget : public Base {\n  int w;\n};\n"));
    assertEquals(Language.CPP, of("class Widget {\npublic:\n  void draw();\n};\n"));
    assertEquals(Language.CPP, of("#include <string>\nvoid log(const std::string& s);\n"));
  }

  @Test
  void cHeadersStayC() {
    assertEquals(Language.C, of("#ifndef X_H\n#define X_H\nstruct point { int x, y; };\nint add(int a, int b);\n"
        + "#ifdef __cplusplus\nextern \"C\" {\n#endif\n/* a class of devices: private: no */\n#endif\n"));
    assertEquals(Language.C, of("struct list_head { struct list_head *next, *prev; };\n"));
    // Only .h headers are sniffed; other names keep their language.
    assertEquals(Language.C, Language.forContent(Language.C, "x.c", "namespace a {}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theIndexParsesACppHeaderWithTheCppGrammar() throws Exception {
    Path ws = tmp.resolve("ws");
    Files.createDirectories(ws);
    Files.writeString(ws.resolve("widget.h"), "#pragma once\nnamespace ui {\nclass Widget {\npublic:\n"
        + "  void draw(int times);\n};\n}\n");
    Files.writeString(ws.resolve("point.h"), "struct point { int x; };\nint norm(struct point p);\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("cpp", wi.store().file("widget.h").language());
      assertEquals("c", wi.store().file("point.h").language());
      assertTrue(wi.store().filesDefining("Widget").contains("widget.h"));
      assertTrue(wi.store().filesDefining("draw").contains("widget.h"));
    }
  }
}
