package dev.vcr.kernel.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for the project files Vcr reads (compilation databases, {@code tsconfig.json}):
 * objects (as ordered maps), arrays, strings, {@code null} as null, and other literals as their text. It
 * also takes what {@code tsconfig.json} allows beyond JSON: {@code //} and {@code /* *}{@code /} comments,
 * trailing commas, and a byte-order mark. Bad input, also nesting deeper than {@link #MAX_DEPTH}, is an
 * {@link IllegalArgumentException}.
 */
final class Json {
  static final int MAX_DEPTH = 256;
  private final String s;
  private int i;
  private int depth;

  Json(String s) {
    this.s = s;
    this.i = s.startsWith("\uFEFF") ? 1 : 0;
  }

  Object value() {
    Object v = next();
    skip();
    if (i != s.length()) {
      throw error("trailing text");
    }
    return v;
  }

  private Object next() {
    if (++depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " deep");
    }
    try {
      return parse();
    } finally {
      depth--;
    }
  }

  private Object parse() {
    skip();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    if (c == '{') {
      i++;
      Map<String, Object> m = new LinkedHashMap<>();
      skip();
      if (peek('}')) {
        return m;
      }
      do {
        skip();
        if (peek('}')) {
          return m; // a trailing comma
        }
        if (i >= s.length() || s.charAt(i) != '"') {
          throw error("expected a key");
        }
        String k = string();
        skip();
        expect(':');
        m.put(k, next());
        skip();
      } while (peek(','));
      expect('}');
      return m;
    }
    if (c == '[') {
      i++;
      List<Object> l = new ArrayList<>();
      skip();
      if (peek(']')) {
        return l;
      }
      do {
        skip();
        if (peek(']')) {
          return l; // a trailing comma
        }
        l.add(next());
        skip();
      } while (peek(','));
      expect(']');
      return l;
    }
    if (c == '"') {
      return string();
    }
    int start = i;
    while (i < s.length() && ",]} \t\r\n/".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    if (start == i) {
      throw error("unexpected '" + c + "'");
    }
    String literal = s.substring(start, i);
    return literal.equals("null") ? null : literal;
  }

  private String string() {
    i++; // the opening quote
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("bad escape");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
    throw error("unterminated string");
  }

  /** Skips white space and comments. */
  private void skip() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("//", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl + 1;
      } else if (s.startsWith("/*", i)) {
        int close = s.indexOf("*/", i + 2);
        if (close < 0) {
          throw error("unterminated comment");
        }
        i = close + 2;
      } else {
        return;
      }
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i);
  }
}
