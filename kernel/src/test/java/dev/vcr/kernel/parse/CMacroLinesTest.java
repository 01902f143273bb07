package dev.vcr.kernel.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lone macro lines of C struct and union bodies that the parser is given blanked ({@link CMacroLines}). */
class CMacroLinesTest {
  private static String mask(String s) {
    return new String(CMacroLines.mask(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static void unchanged(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    assertSame(b, CMacroLines.mask(b), s);
  }

  @Test
  void aLoneMacroLineInAStructBodyIsBlankedSameLength() {
    assertEquals("struct S {\n  int a;\n              \n  int b;\n};\n",
        mask("struct S {\n  int a;\n  SUBTREE_BITS\n  int b;\n};\n"));
    // with an argument list, a trailing comment, last before the closing brace, in a union, a typedef
    assertEquals("typedef union {\n  int a;\n             // next\n} U;\n",
        mask("typedef union {\n  int a;\n  LINK(node) // next\n} U;\n"));
    assertEquals("struct S {\n      \n};", mask("struct S {\n  SIZE\n};"));
    // CRLF lines keep their \r
    assertEquals("struct S {\r\n  int a;\r\n      \r\n  int b;\r\n};", mask("struct S {\r\n  int a;\r\n  BITS\r\n  int b;\r\n};"));
  }

  @Test
  void aLineThatContinuesADeclarationIsKept() {
    unchanged("struct S {\n  item_t\n    first;\n};\n"); // a type and its declarator on two lines
    unchanged("struct S {\n  item_t\n    *first;\n};\n");
    unchanged("struct S {\n  item_t\n    first[3];\n};\n");
    unchanged("struct S {\n  unsigned\n  int x;\n};\n"); // a keyword
    unchanged("struct S {\n  int a; FLAGS\n  int b;\n};\n"); // not alone on its line
  }

  @Test
  void onlyStructAndUnionBodiesAreScanned() {
    unchanged("void f(void) {\n  x = 1;\n  FOO\n  int b;\n}\n"); // a function body
    unchanged("enum E {\n  A,\n  B\n};\n");
    unchanged("FOO\nint b;\n"); // file scope
    // a #define body and its continuation lines are no member lines; comments and strings are skipped
    unchanged("#define BITS \\\n  BITS2 \\\n  int a;\nstruct S { int a; };\n");
    unchanged("struct S {\n  int a; /* { */\n  char *s; // \"\n};\nvoid f(void) {\n  g();\n  FOO\n  int x;\n}\n");
  }
}
