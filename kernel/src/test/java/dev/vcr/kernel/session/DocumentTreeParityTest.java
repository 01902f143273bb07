package dev.vcr.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.kernel.text.TextEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An open document's tree kept in the native library and one kept in tree-sitter-ng, edited alike and
 * reparsed incrementally after every batch of seeded random edits, give the same facts, and both equal a
 * fresh parse of the same text: incremental reuse loses nothing on either path.
 *
 * <p>Runs when the native library is configured (scripts/test.sh requires it, as for NativeParityTest).
 */
class DocumentTreeParityTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/extract");
  /** Text pieces edits insert: code-like, with brackets that open and close scopes, and multi-byte text. */
  private static final String[] PIECES = {
    "x", "foo(", ")", "{", "}", ";", "\n", "  ", "bar.baz(1, 2)", "// é\n", "\"ü字\"", "class Q {}\n",
    "def f(a):\n    return a\n", "int z = 0;\n", "/*", "*/", "fn g() {}\n", "(", "[", "]", "𝄞",
  };

  @BeforeAll
  static void requireLibrary() {
    if (Boolean.getBoolean("vcr.native.required")) {
      assertTrue(NativeExtractor.available(), "native extractor required but " + NativeExtractor.describe());
    }
    assumeTrue(NativeExtractor.available(), "native extractor not configured: " + NativeExtractor.describe());
  }

  static Stream<Path> fixtureFiles() throws IOException {
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> Language.forFileName(p.getFileName().toString()).isPresent())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtureFiles")
  void randomEditsGiveTheSameFactsOnBothTreesAsAFreshParse(Path file) throws IOException {
    String name = file.getFileName().toString();
    byte[] bytes = Files.readAllBytes(file);
    Language language = Language.forContent(Language.forFileName(name).orElseThrow(), name, bytes);
    assertTrue(SymbolExtractor.nativeQuery(language) != null, language.id() + " is not on the native path");
    String text = new String(bytes, StandardCharsets.UTF_8);
    Random random = new Random(name.hashCode());
    try (OpenDocument fast = new OpenDocument(name, language, 1, text, Long.MAX_VALUE, 0, true);
        OpenDocument slow = new OpenDocument(name, language, 1, text, Long.MAX_VALUE, 0, false)) {
      boolean cleanAtStart = assertSameFacts(name + " as opened", language, fast, slow);
      int comparedWithFresh = 0;
      int version = 1;
      for (int round = 0; round < 40; round++) {
        List<TextEdit> batch = new ArrayList<>();
        String current = fast.text();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
          TextEdit edit = randomEdit(random, current);
          batch.add(edit);
          current = applied(current, edit);
        }
        fast.apply(++version, batch);
        slow.apply(version, batch);
        assertEquals(current, fast.text(), name + " round " + round + ": text");
        assertSameFacts(name + " round " + round, language, fast, slow);
        if (random.nextBoolean()) {
          // Undo every edit so far with one edit over the region that differs (as an editor's undo sends
          // it), so the text is whole again and the incremental trees can be compared with a fresh parse.
          List<TextEdit> undo = List.of(undoEdit(current, text));
          fast.apply(++version, undo);
          slow.apply(version, undo);
          assertEquals(text, fast.text(), name + " round " + round + ": text after undo");
          if (assertSameFacts(name + " round " + round + " undone", language, fast, slow)) {
            comparedWithFresh++;
          }
        }
      }
      if (cleanAtStart) {
        assertTrue(comparedWithFresh > 0, name + ": no undo was compared with a fresh parse");
      }
    }
  }

  /** The one edit that turns {@code now} back into {@code before}: the span between their common ends. */
  private static TextEdit undoEdit(String now, String before) {
    int prefix = 0;
    int max = Math.min(now.length(), before.length());
    while (prefix < max && now.charAt(prefix) == before.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && now.charAt(now.length() - 1 - suffix) == before.charAt(before.length() - 1 - suffix)) {
      suffix++;
    }
    prefix = codePointBoundary(now, prefix);
    if (suffix > 0 && Character.isLowSurrogate(now.charAt(now.length() - suffix))) {
      suffix--;
    }
    int[] start = lineAndColumn(now, prefix);
    int[] end = lineAndColumn(now, now.length() - suffix);
    return new TextEdit(start[0], start[1], end[0], end[1],
        before.substring(prefix, before.length() - suffix), true);
  }

  @Test
  void anExhaustedParseBudgetFailsTheOpenOnTheNativePathToo() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      big.append("class C").append(i).append(" { void m() { int x = ").append(i).append("; } }\n");
    }
    DocumentTooLargeException e = assertThrows(DocumentTooLargeException.class,
        () -> new OpenDocument("Big.java", Language.JAVA, 1, big.toString(), Long.MAX_VALUE, 1, true).close());
    assertTrue(e.parseBudgetMillis() >= 0, e.getMessage());
  }

  /** Both trees' facts agree; and, when the text parses without errors, equal a fresh parse's (then true). */
  private static boolean assertSameFacts(String what, Language language, OpenDocument fast, OpenDocument slow) {
    byte[] now = fast.text().getBytes(StandardCharsets.UTF_8);
    FileFacts fresh = SymbolExtractor.extract(language, now, false);
    assertEquals(slow.facts(), fast.facts(), what + ": native vs tree-sitter-ng, incremental");
    // With syntax errors, tree-sitter's error recovery may end differently when it reuses an old tree, on
    // either path; so only a whole text must give exactly a fresh parse's facts.
    if (fresh.errorNodes() != 0) {
      return false;
    }
    assertEquals(fresh, fast.facts(), what + ": native, incremental vs fresh");
    return true;
  }

  /** A random replacement of a random range (possibly empty) by a random piece (possibly nothing). */
  private static TextEdit randomEdit(Random random, String text) {
    int a = codePointBoundary(text, random.nextInt(text.length() + 1));
    int b = random.nextInt(4) == 0 ? a : codePointBoundary(text, Math.min(text.length(), a + random.nextInt(40)));
    String insert = random.nextInt(5) == 0 ? "" : PIECES[random.nextInt(PIECES.length)];
    int[] start = lineAndColumn(text, a);
    int[] end = lineAndColumn(text, b);
    return new TextEdit(start[0], start[1], end[0], end[1], insert, true);
  }

  private static int codePointBoundary(String text, int i) {
    return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i - 1 : i;
  }

  /** Line and UTF-16 column of a char index. */
  private static int[] lineAndColumn(String text, int index) {
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, index - lineStart};
  }

  private static String applied(String text, TextEdit e) {
    int start = offset(text, e.startLine(), e.startChar());
    int end = offset(text, e.endLine(), e.endChar());
    return text.substring(0, start) + e.text() + text.substring(end);
  }

  private static int offset(String text, int line, int column) {
    int at = 0;
    for (int l = 0; l < line; l++) {
      at = text.indexOf('\n', at) + 1;
    }
    return at + column;
  }
}
