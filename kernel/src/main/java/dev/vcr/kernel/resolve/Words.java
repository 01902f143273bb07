package dev.vcr.kernel.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting the resolvers' texts without regular expressions: {@code String.split} compiles a {@code
 * Pattern} on every call unless its separator is one plain character, and the link pass splits texts per
 * use (on Linux, a gigabyte of its garbage was {@code split("\\s+")}).
 */
final class Words {
  private Words() {}

  /**
   * The words of a type's text, as splitting it at white space ({@code \\s}) and {@code *} gives them,
   * without empty words; with {@code bracketStarts} each {@code [} also starts a word.
   */
  static List<String> ofType(String text, boolean bracketStarts) {
    List<String> out = new ArrayList<>(4);
    int start = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        if (start >= 0) {
          out.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      } else if (c == '[' && bracketStarts) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    if (start >= 0) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** What {@code s.split("::")} gives: the parts between {@code ::}s, trailing empty parts dropped. */
  static String[] onColons(String s) {
    int at = s.indexOf("::");
    if (at < 0) {
      return new String[] {s};
    }
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (; at >= 0; at = s.indexOf("::", from)) {
      parts.add(s.substring(from, at));
      from = at + 2;
    }
    parts.add(s.substring(from));
    int n = parts.size();
    while (n > 0 && parts.get(n - 1).isEmpty()) {
      n--;
    }
    return parts.subList(0, n).toArray(new String[0]);
  }
}
