package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One declaration's id computed alone ({@link SymbolIds#idOf}) is the one {@link SymbolIds#of} gives it
 * among all the file's, including the rank among equal keys; and the erasure of parameter types splits
 * words exactly as the regular expression it replaced did; a key's bytes, built in a reused buffer, are the
 * UTF-8 encoder's.
 */
class SymbolIdsTest {

  @Test
  void idsAreTheFingerprintOfTheKeyAndItsRankAsAHasherTakesThem() {
    Random r = new Random(3);
    for (int n = 0; n < 500; n++) {
      StringBuilder key = new StringBuilder("src/Ünï/" + n + "\0");
      for (int i = r.nextInt(80); i > 0; i--) {
        key.append((char) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x80 + r.nextInt(0x3000)));
      }
      int dup = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(3);
      long streamed = com.google.common.hash.Hashing.farmHashFingerprint64().newHasher()
          .putString(key, StandardCharsets.UTF_8).putInt(dup).hash().asLong();
      assertEquals(streamed == 0 ? 1 : streamed, SymbolIds.hash(key.toString(), dup), key.toString());
    }
  }

  @Test
  void keyBytesAreTheStringsUtf8AndNumbersInDecimal() {
    Random r = new Random(5);
    char[] odd = {'\uD800', '\uDC00', '\uDBFF', '\uFFFF', 0x7F, 0x80, 0x7FF, 0x800};
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = r.nextInt(40); i > 0; i--) {
        int pick = r.nextInt(4);
        text.append(pick == 0 ? (char) ('a' + r.nextInt(26)) : pick == 1 ? odd[r.nextInt(odd.length)]
            : pick == 2 ? (char) r.nextInt(0x10000) : '/');
        if (r.nextInt(10) == 0) {
          text.appendCodePoint(0x10000 + r.nextInt(0x100000)); // a well-formed pair
        }
      }
      int number = r.nextInt(5) == 0 ? r.nextInt() : r.nextInt(200) - 1;
      String expected = text + "\0" + number;
      byte[] built = new SymbolIds.KeyBytes().start().add(text.toString()).add(0).addNumber(number).bytes();
      assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), built, expected);
    }
    byte[] min = new SymbolIds.KeyBytes().start().addNumber(Integer.MIN_VALUE).bytes();
    assertArrayEquals(Integer.toString(Integer.MIN_VALUE).getBytes(StandardCharsets.UTF_8), min);
  }

  @Test
  void oneIdIsTheIdAmongAll() {
    String java = """
        package p;
        import java.util.*;
        class A {
          A() {}
          A(int x) {}
          void m(List<String> a, final int b) {}
          void m(java.util.List<Integer> a, int b) {}
          void m(@Deprecated String... s) {}
          int[] n(int[][] a) { int local = 1; return null; }
          class Inner { void m(List<String> a, int b) {} void m(int c) {} }
          static <T> T id(T t) { return t; }
          int f, g;
        }
        interface B { void m(List<String> a, int b); }
        """;
    String ts = """
        function f(a: string): void;
        function f(a: string): void;
        function f(a: any): void {}
        class C { m(x: number): void; m(x: number): void; m(x: any) {} }
        """;
    check("p/A.java", Language.JAVA, java);
    check("x/c.ts", Language.TYPESCRIPT, ts);
  }

  private static void check(String path, Language language, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    FileFacts all = SymbolExtractor.extract(language, bytes);
    long[] ids = SymbolIds.compute(path, all);
    boolean ranked = false;
    for (int i = 0; i < ids.length; i++) {
      FileFacts fresh = SymbolExtractor.extract(language, bytes); // not in the ids cache
      assertEquals(ids[i], SymbolIds.idOf(path, fresh, i), path + " definition " + i + ": " + all.definitions().get(i));
      for (int j = 0; j < i; j++) {
        ranked |= ids[i] != 0 && all.definitions().get(i).name().equals(all.definitions().get(j).name())
            && all.definitions().get(i).kind() == all.definitions().get(j).kind() && ids[i] != ids[j]
            && all.definitions().get(i).arity() == all.definitions().get(j).arity();
      }
    }
    assertEquals(0, SymbolIds.idOf(path, all, -1));
    assertEquals(0, SymbolIds.idOf(path, all, ids.length));
    assertTrue(ranked, "the fixture has equal declarations told apart by parameter types or rank");
  }

  @Test
  void erasureSplitsLikeTheRegex() {
    String[] fixed = {"", " ", "int", "final int", "@Nullable final String", "java.util.List<String>",
        "Map<K, V>[]", "int...", "  a \t b\u000Bc\fd\re\nf  ", "@A @B(x) T", "\u0001int\u0001", "a\u0001 b",
        "final", "@", "x.y.Z[][]", "T.", "Outer.Inner<T>.Deep"};
    for (String t : fixed) {
      assertEquals(regexErase(t), SymbolIds.erase(t), "'" + t + "'");
    }
    Random r = new Random(7);
    String alphabet = " \t\n\u000B\f\r\u0001@<>.[]abfinlT,";
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(14);
      for (int i = 0; i < len; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      if (r.nextInt(4) == 0) {
        b.insert(r.nextInt(b.length() + 1), r.nextBoolean() ? " final " : "final");
      }
      String t = b.toString();
      assertEquals(regexErase(t), SymbolIds.erase(t), "'" + t + "'");
    }
  }

  /** The erasure as it was written before, with {@code split("\\s+")}. */
  private static String regexErase(String type) {
    StringBuilder plain = new StringBuilder(type.length());
    int depth = 0;
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (depth == 0) {
        plain.append(c);
      }
    }
    StringBuilder out = new StringBuilder(plain.length());
    for (String token : plain.toString().trim().split("\\s+")) {
      if (!token.startsWith("@") && !token.equals("final")) {
        out.append(token);
      }
    }
    String s = out.toString();
    int suffix = s.length();
    while (suffix > 0 && (s.charAt(suffix - 1) == ']' || s.charAt(suffix - 1) == '[' || s.charAt(suffix - 1) == '.')) {
      suffix--;
    }
    int dot = s.lastIndexOf('.', suffix - 1);
    return dot >= 0 ? s.substring(dot + 1) : s;
  }
}
