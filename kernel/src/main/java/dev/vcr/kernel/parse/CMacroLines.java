package dev.vcr.kernel.parse;

import java.util.Arrays;

/**
 * C's lone macro lines in struct and union bodies (issue 12). A member list is a sequence of declarations
 * each ended by {@code ;}; a line that holds only an identifier, or an identifier and a parenthesized
 * argument list, with no {@code ;}, where a member declaration may start, and followed by the start of
 * another declaration or by the closing brace, can only be a macro that expands to members
 * ({@code SUBTREE_BITS} in tree-sitter's {@code subtree.h}, {@code SLIST_ENTRY(x)}-style helpers). The grammar
 * does not expand macros: it reads the identifier as the next member's type, and one such line can put
 * the rest of the file in an error region. The parser is given the text with such lines blanked (spaces,
 * same length, newlines kept), so every offset and line of the tree is that of the real text; the macro's
 * name there is not a reference (it is not parsed).
 *
 * <p>Not blanked: a lone identifier followed by a line that continues it ({@code FOO\n bar;}, a type split
 * over two lines; {@code *}, {@code ;}, {@code ,}, {@code :}, {@code [}, {@code (}, {@code =} next), C
 * keywords, and anything outside struct and union bodies. Comments, strings and preprocessor lines
 * ({@code #define} bodies with their continuations) are skipped by the scan.
 */
public final class CMacroLines {
  private CMacroLines() {}

  /**
   * The text to parse: {@code utf8} itself when it has no lone macro line (no copy), else a copy with those
   * lines blanked.
   */
  public static byte[] mask(byte[] utf8) {
    return new Scan(utf8).run();
  }

  /** Whether {@link #mask} blanks anything in {@code utf8}. */
  public static boolean masks(byte[] utf8) {
    return mask(utf8) != utf8;
  }

  private static final class Scan {
    private final byte[] t;
    private byte[] out;
    /** Per open brace: whether it opened a struct or union body. */
    private boolean[] braces = new boolean[16];
    private int depth;
    /**
     * The last two significant tokens before the current position: a punctuation byte, {@link #RECORD} for
     * {@code struct} or {@code union}, {@link #IDENT} for another identifier (no strings made per token).
     */
    private int prev;
    private int prev2;
    private static final int RECORD = -1;
    private static final int IDENT = -2;

    Scan(byte[] t) {
      this.t = t;
    }

    byte[] run() {
      int i = 0;
      int n = t.length;
      boolean lineStart = true;
      while (i < n) {
        byte c = t[i];
        if (c == '\n') {
          lineStart = true;
          i++;
          continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
          i++;
          continue;
        }
        if (lineStart) {
          lineStart = false;
          if (c == '#') {
            i = endOfDirective(i);
            continue;
          }
          if (depth > 0 && braces[depth - 1] && (prev == ';' || prev == '{' || prev == '}')) {
            int end = loneMacroLine(i);
            if (end > 0) {
              if (out == null) {
                out = Arrays.copyOf(t, n);
              }
              for (int k = i; k < end; k++) {
                if (out[k] != '\n' && out[k] != '\r') {
                  out[k] = ' ';
                }
              }
              i = end;
              continue;
            }
          }
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '/') {
          i = lineEnd(i);
          continue;
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '*') {
          i = commentEnd(i);
          continue;
        }
        if (c == '"' || c == '\'') {
          i = quoteEnd(i, c);
          token(c);
          continue;
        }
        if (isIdentStart(c)) {
          int s = i;
          while (i < n && isIdentPart(t[i])) {
            i++;
          }
          token(isRecord(s, i) ? RECORD : IDENT);
          continue;
        }
        if (c == '{') {
          boolean body = prev == RECORD || ((prev == IDENT || prev == RECORD) && prev2 == RECORD);
          if (depth == braces.length) {
            braces = Arrays.copyOf(braces, depth * 2);
          }
          braces[depth++] = body;
        } else if (c == '}' && depth > 0) {
          depth--;
        }
        token(c & 0xff);
        i++;
      }
      return out == null ? t : out;
    }

    private void token(int kind) {
      prev2 = prev;
      prev = kind;
    }

    /** Whether {@code t[s, e)} is {@code struct} or {@code union}. */
    private boolean isRecord(int s, int e) {
      return word(s, e, STRUCT) || word(s, e, UNION);
    }

    private boolean word(int s, int e, byte[] w) {
      if (e - s != w.length) {
        return false;
      }
      for (int k = 0; k < w.length; k++) {
        if (t[s + k] != w[k]) {
          return false;
        }
      }
      return true;
    }

    /**
     * The end (exclusive, before the newline) of a lone macro line starting at {@code i}, or -1: an
     * identifier that is no keyword, optionally a balanced argument list on the same line, then only
     * blanks or a comment to the line's end; and what follows starts another declaration or closes the body.
     */
    private int loneMacroLine(int i) {
      int n = t.length;
      if (!isIdentStart(t[i])) {
        return -1;
      }
      int s = i;
      while (i < n && isIdentPart(t[i])) {
        i++;
      }
      String name = new String(t, s, i - s, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (KEYWORDS.contains(name)) {
        return -1;
      }
      i = blanks(i);
      boolean args = false;
      if (i < n && t[i] == '(') {
        int level = 0;
        for (; i < n && t[i] != '\n'; i++) {
          if (t[i] == '(') {
            level++;
          } else if (t[i] == ')' && --level == 0) {
            break;
          }
        }
        if (i >= n || t[i] != ')') {
          return -1;
        }
        i = blanks(i + 1);
        args = true;
      }
      int end = i;
      if (i + 1 < n && t[i] == '/' && t[i + 1] == '/') {
        i = lineEnd(i);
      } else if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
        int close = commentEnd(i);
        if (close > lineEnd(i)) {
          return -1;
        }
        i = blanks(close);
      }
      if (i < n && t[i] != '\n') {
        return -1; // more on the line: a declaration, not a lone macro
      }
      // what follows, skipping blank lines, comments and preprocessor lines
      int next = nextSignificant(i);
      if (next >= n) {
        return -1;
      }
      byte c = t[next];
      if (c == '}') {
        return end;
      }
      if (!isIdentStart(c)) {
        return -1; // `*p;`, `;`, `[N]`, `: 3`, `(*fn)(...)`, `= x`: the line continues
      }
      if (!args) {
        // `FOO\n bar;`: one identifier then `;`, `,`, `[` or `:` is FOO's declarator on the next line
        int j = next;
        while (j < n && isIdentPart(t[j])) {
          j++;
        }
        j = nextSignificant(j);
        if (j < n && (t[j] == ';' || t[j] == ',' || t[j] == '[' || t[j] == ':' || t[j] == '=' || t[j] == ')')) {
          return -1;
        }
      }
      return end;
    }

    private int nextSignificant(int i) {
      int n = t.length;
      boolean lineStart = false;
      while (i < n) {
        byte c = t[i];
        if (c == '\n') {
          lineStart = true;
          i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
          i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
          i = lineEnd(i);
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
          i = commentEnd(i);
        } else if (c == '#' && lineStart) {
          i = endOfDirective(i);
        } else {
          return i;
        }
      }
      return n;
    }

    private int blanks(int i) {
      while (i < t.length && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) {
        i++;
      }
      return i;
    }

    private int lineEnd(int i) {
      while (i < t.length && t[i] != '\n') {
        i++;
      }
      return i;
    }

    private int commentEnd(int i) {
      for (i += 2; i + 1 < t.length; i++) {
        if (t[i] == '*' && t[i + 1] == '/') {
          return i + 2;
        }
      }
      return t.length;
    }

    private int quoteEnd(int i, byte q) {
      for (i++; i < t.length && t[i] != '\n'; i++) {
        if (t[i] == '\\') {
          i++;
        } else if (t[i] == q) {
          return i + 1;
        }
      }
      return i;
    }

    /** The end of a preprocessor line and its backslash continuations (at the final newline). */
    private int endOfDirective(int i) {
      int n = t.length;
      while (i < n) {
        if (t[i] == '\n') {
          int k = i - 1;
          if (k >= 0 && t[k] == '\r') {
            k--;
          }
          if (k >= 0 && t[k] == '\\') {
            i++;
            continue;
          }
          return i;
        }
        if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
          i = commentEnd(i);
          continue;
        }
        i++;
      }
      return n;
    }

    private static boolean isIdentStart(byte c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(byte c) {
      return isIdentStart(c) || (c >= '0' && c <= '9');
    }
  }

  private static final byte[] STRUCT = {'s', 't', 'r', 'u', 'c', 't'};
  private static final byte[] UNION = {'u', 'n', 'i', 'o', 'n'};
  private static final java.util.Set<String> KEYWORDS = java.util.Set.of("auto", "break", "case", "char",
      "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if",
      "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static",
      "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex",
      "_Atomic", "_Alignas", "_Noreturn", "_Static_assert", "_Thread_local", "bool", "__extension__");
}
