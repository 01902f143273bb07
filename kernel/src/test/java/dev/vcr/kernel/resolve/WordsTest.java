package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Words} splits as the regular expressions it replaced did (empty words aside for types). */
class WordsTest {
  private static List<String> byRegex(String text, boolean bracketStarts) {
    String t = text.replace("*", " ");
    if (bracketStarts) {
      t = t.replace("[", " [");
    }
    List<String> out = new ArrayList<>();
    for (String w : t.split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  @Test
  void wordsEqualTheRegexSplit() {
    List<String> cases = new ArrayList<>(List.of("", " ", "struct foo *", "const char *const *", "u8 buf[16]",
        "int [3][4]", "unsigned  long\tx", "*p", "struct list_head*", "a[b]c d", "[", "x [ y", "\n\r\f\u000B"));
    cases.addAll(seeded(12, "ab_ *[]\t\n\u000B", 2000, 12));
    for (String c : cases) {
      for (boolean brackets : new boolean[] {true, false}) {
        assertEquals(byRegex(c, brackets), Words.ofType(c, brackets), "'" + c + "' " + brackets);
      }
    }
  }

  @Test
  void onColonsIsSplitOnColons() {
    List<String> cases = new ArrayList<>(List.of("", "::", ":::", "a", "a::b", "::a", "a::", "a::::b", "std::vector<int>::iterator",
        "crate::m::f", "a:b", ":"));
    cases.addAll(seeded(5, "ab::: <>", 3000, 10));
    for (String c : cases) {
      assertEquals(List.of(c.split("::")), List.of(Words.onColons(c)), "'" + c + "'");
    }
  }

  /** {@code count} strings of fewer than {@code maxLength} characters drawn from {@code alphabet}. */
  private static List<String> seeded(long seed, String alphabet, int count, int maxLength) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(maxLength); n > 0; n--) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      out.add(b.toString());
    }
    return out;
  }
}
