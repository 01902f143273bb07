package dev.vcr.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.text.TextEdit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An edit can change which C lines are blanked as lone macro lines ({@link dev.vcr.kernel.parse.CMacroLines})
 * far from the edited range; the open document's facts after the edit are those of a clean parse.
 */
class OpenDocumentCMacroLinesTest {
  private static List<String> defs(FileFacts f) {
    return f.definitions().stream().map((Definition d) -> d.kind() + " " + d.name()).toList();
  }

  @Test
  void anEditThatOpensOrClosesAStructBodyGivesTheFactsOfACleanParse() {
    String body = "  int a;\n  FLAGS\n  int b;\n};\nstruct T { int c; };\n";
    OpenDocument doc = new OpenDocument("s.h", Language.C, 1, "int x;\n" + body);
    // the edit is on line 1; the FLAGS line (line 3) becomes a member line of struct S
    doc.apply(2, List.of(new TextEdit(0, 0, 0, 6, "struct S {", false)));
    String after = "struct S {\n" + body;
    OpenDocument clean = new OpenDocument("s.h", Language.C, 2, after);
    assertEquals(defs(clean.facts()), defs(doc.facts()));
    assertTrue(defs(doc.facts()).containsAll(List.of("FIELD b", "STRUCT T", "FIELD c")), defs(doc.facts()).toString());
    // and back: the line is no member line any more
    doc.apply(3, List.of(new TextEdit(0, 0, 0, 10, "int x;", false)));
    OpenDocument clean2 = new OpenDocument("s.h", Language.C, 3, "int x;\n" + body);
    assertEquals(defs(clean2.facts()), defs(doc.facts()));
    doc.close();
    clean.close();
    clean2.close();
  }
}
