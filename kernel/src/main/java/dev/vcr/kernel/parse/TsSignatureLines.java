package dev.vcr.kernel.parse;

/**
 * TypeScript call and construct signatures on lines of their own in an interface or object type body
 * (issue 12). Members of such a body may be separated by newlines alone, and a member that starts with
 * {@code <} or {@code (} ({@code <T>(value: T[]): Box<T>}, {@code (x: number): string}) begins a call
 * signature; tree-sitter-typescript reads it instead as a continuation of the member before it
 * ({@code Box<T>} compared with something, called with something) and can put the rest of the file in an
 * error region (mobx's {@code IObservableFactory} took 92 lines and every declaration after them). The parser
 * is given the text with a {@code ;} in place of the first indentation byte of such a line, where the member
 * before it is complete; same length, so every offset and line of the tree is the real text's.
 *
 * <p>Only at the top level of {@code interface X ... {} and {@code type X = {} bodies, only on indented lines,
 * and not when the member before ends with a byte that continues it ({@code , ; { ( [ | & : = ? <} or
 * {@code =>}). Comments and strings are skipped by the scan.
 */
public final class TsSignatureLines {
  private TsSignatureLines() {}

  /** The text to parse: {@code utf8} itself when no line needs a separator (no copy), else a copy with them. */
  public static byte[] mask(byte[] utf8) {
    return new Scan(utf8).run();
  }

  /** Whether {@link #mask} changes anything in {@code utf8}. */
  public static boolean masks(byte[] utf8) {
    return mask(utf8) != utf8;
  }

  private static final class Scan {
    private final byte[] t;
    private byte[] out;
    /** Per open brace: whether it opened an interface or object type body. */
    private boolean[] body = new boolean[64];
    private int depth;
    /** Whether the next {@code {} opens a body: after {@code interface}, or after {@code type ... =}. */
    private boolean interfaceNext;
    private boolean typeNext;
    private boolean typeAssigned;
    /** The last significant byte, and the one before it. */
    private byte last;
    private byte beforeLast;

    Scan(byte[] t) {
      this.t = t;
    }

    byte[] run() {
      int n = t.length;
      int i = 0;
      boolean lineStart = true;
      while (i < n) {
        byte c = t[i];
        if (c == '\n') {
          lineStart = true;
          i++;
          continue;
        }
        if (lineStart) {
          lineStart = false;
          int j = i;
          while (j < n && (t[j] == ' ' || t[j] == '\t')) {
            j++;
          }
          if (j > i && j < n && (t[j] == '<' || t[j] == '(') && inBody() && completes()) {
            if (out == null) {
              out = t.clone();
            }
            out[i] = ';';
            last = ';';
          }
          i = j;
          continue;
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '/') {
          while (i < n && t[i] != '\n') {
            i++;
          }
          continue;
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '*') {
          i += 2;
          while (i + 1 < n && !(t[i] == '*' && t[i + 1] == '/')) {
            if (t[i] == '\n') {
              lineStart = false; // a line inside a comment starts no member
            }
            i++;
          }
          i = Math.min(n, i + 2);
          continue;
        }
        if (c == '"' || c == '\'' || c == '`') {
          i = skipString(i, c);
          continue;
        }
        if (isIdentStart(c)) {
          int j = i;
          while (j < n && isIdentPart(t[j])) {
            j++;
          }
          word(i, j);
          note((byte) 'a');
          i = j;
          continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
          i++;
          continue;
        }
        punctuation(c);
        note(c);
        i++;
      }
      return out == null ? t : out;
    }

    private boolean inBody() {
      return depth > 0 && body[depth - 1];
    }

    /** Whether the member before the current line is complete (its last byte does not continue it). */
    private boolean completes() {
      switch (last) {
        case ',': case ';': case '{': case '(': case '[': case '|': case '&': case ':': case '=': case '?':
        case '<': case 0:
          return false;
        case '>':
          return beforeLast != '=';
        default:
          return true;
      }
    }

    private void word(int from, int to) {
      if (is(from, to, "interface")) {
        interfaceNext = true;
      } else if (is(from, to, "type") && depth == 0 || is(from, to, "type") && last == ';') {
        typeNext = true;
        typeAssigned = false;
      }
    }

    private void punctuation(byte c) {
      if (c == '=' && typeNext) {
        typeAssigned = true;
      } else if (c == '{') {
        boolean opens = interfaceNext || typeNext && typeAssigned && (last == '=');
        if (depth == body.length) {
          body = java.util.Arrays.copyOf(body, depth * 2);
        }
        body[depth++] = opens;
        interfaceNext = false;
        typeNext = false;
      } else if (c == '}') {
        if (depth > 0) {
          depth--;
        }
      } else if (c == ';') {
        interfaceNext = false;
        typeNext = false;
      }
    }

    private void note(byte c) {
      beforeLast = last;
      last = c;
    }

    private int skipString(int i, byte quote) {
      int n = t.length;
      i++;
      while (i < n && t[i] != quote) {
        if (t[i] == '\\') {
          i++;
        } else if (t[i] == '\n' && quote != '`') {
          break; // an unterminated string ends at its line
        }
        i++;
      }
      note((byte) 's');
      return Math.min(n, i + 1);
    }

    private boolean is(int from, int to, String word) {
      if (to - from != word.length()) {
        return false;
      }
      for (int k = 0; k < word.length(); k++) {
        if (t[from + k] != word.charAt(k)) {
          return false;
        }
      }
      return from == 0 || !isIdentPart(t[from - 1]) && t[from - 1] != '.';
    }

    private static boolean isIdentStart(byte c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c < 0;
    }

    private static boolean isIdentPart(byte c) {
      return isIdentStart(c) || c >= '0' && c <= '9';
    }
  }
}
