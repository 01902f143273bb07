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

/**
 * A {@code .h} header is parsed as C++ when it uses C++ syntax, or when the sources nearest to it are mostly
 * C++ ({@link HeaderLanguages}); else as C.
 */
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

  /** The pattern the scan replaced, over the whole text: the scan must decide as it did (on ASCII text). */
  private static final java.util.regex.Pattern WHOLE_TEXT = java.util.regex.Pattern.compile(
      "(?m)^\\s*(?:" + Language.CPP_LINE.pattern() + ")|\\bstd::\\w");

  @Test
  void theScanDecidesAsTheWholeTextPatternDid() {
    String[] pieces = {"namespace", "namespace a::b", "template", "class", "struct", "final", "public",
        "protected", "private", "virtual", "std::", "std", "::", "x", "_y1", "Base", "{", "}", "<", ":", ";",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\f", "\u000b", "\u0085", "/*", "*/", "#define", "a_std::b"};
    java.util.Random random = new java.util.Random(17);
    int cpp = 0;
    for (int round = 0; round < 50_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(14); k >= 0; k--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String t = text.toString();
      boolean expected = WHOLE_TEXT.matcher(t).find();
      assertEquals(expected, Language.hasCppSyntax(t), () -> "for " + t.replace("\n", "\\n").replace("\r", "\\r"));
      cpp += expected ? 1 : 0;
    }
    assertTrue(cpp > 1_000 && cpp < 49_000, "both answers are exercised: " + cpp);
  }

  @Test
  void blankLinesAndLongRunsOfSpaceAreQuick() {
    String blank = "\n".repeat(64 * 1024 - 20);
    long t0 = System.nanoTime();
    assertEquals(Language.CPP, of(blank + "namespace a {"));
    assertEquals(Language.C, of(blank + "int a;"));
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "one pass, not one per line start");
    // a Latin-1 letter before std:: is not a word character, whatever the JDK's \b takes
    assertEquals(Language.CPP, Language.forContent(Language.C, "x.h",
        "int \u00e9std::size;".getBytes(StandardCharsets.ISO_8859_1)));
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

  @Test
  void theNearestSourcesDecideAHeadersLanguage() {
    HeaderLanguages h = new HeaderLanguages();
    for (String p : new String[] {"app/main.cpp", "app/view.cc", "app/view.h", "lib/a.c", "lib/b.c",
        "lib/sub/x.h", "tools/c++/bridge.cpp", "include/api.h"}) {
      h.add(p);
    }
    assertTrue(h.cppNear("app/view.h"));
    assertEquals(false, h.cppNear("lib/sub/x.h")); // lib/ has C sources
    assertTrue(h.cppNear("tools/c++/bridge.h"));
    // include/ and the top have no sources: the workspace's counts (3 C++ sources, 2 C) decide
    assertTrue(h.cppNear("include/api.h"));
    h.add("lib/c.c");
    h.add("lib/d.c");
    assertEquals(false, h.cppNear("include/api.h"));
    assertEquals(false, HeaderLanguages.NONE.cppNear("x.h"));
    // a plain C header near C++ sources is C++; other names keep their language
    byte[] plain = "struct point { int x; };\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(Language.CPP, Language.forContent(Language.C, "view.h", plain, true));
    assertEquals(Language.C, Language.forContent(Language.C, "view.h", plain, false));
    assertEquals(Language.C, Language.forContent(Language.C, "view.c", plain, true));
  }

  @Test
  void theIndexParsesAHeaderNearCppSourcesAsCppAndAgainWhenTheyGo() throws Exception {
    Path ws = tmp.resolve("ws2");
    Files.createDirectories(ws.resolve("app"));
    Files.createDirectories(ws.resolve("clib"));
    Files.writeString(ws.resolve("app/point.h"), "struct point { int x; };\nint norm(struct point p);\n");
    Files.writeString(ws.resolve("app/main.cpp"), "#include \"point.h\"\nint main() { return 0; }\n");
    Files.writeString(ws.resolve("clib/list.h"), "struct list { struct list *next; };\n");
    Files.writeString(ws.resolve("clib/list.c"), "#include \"list.h\"\n");
    try (WorkspaceIndex wi = Fixtures.open(ws, tmp.resolve("idx2"), 1)) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("cpp", wi.store().file("app/point.h").language());
      assertEquals("c", wi.store().file("clib/list.h").language());
      // the C++ source goes: the unchanged header is parsed again, as C
      Files.delete(ws.resolve("app/main.cpp"));
      Files.writeString(ws.resolve("app/main.c"), "#include \"point.h\"\nint main(void) { return 0; }\n");
      wi.refresh(Indexer.Progress.NONE, () -> false);
      assertEquals("c", wi.store().file("app/point.h").language());
      assertEquals("c", wi.store().file("clib/list.h").language());
    }
  }
}
