package dev.vcr.kernel.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the source text of a receiver expression ({@code a.b(c).d[0]}) into its top-level segments and
 * classifies them. Only the shapes that occur as receivers are recognised: identifiers, calls, indexing,
 * {@code new}, casts, parentheses and literals; anything else is left for the caller to treat as unknown.
 */
final class ReceiverChain {
  private ReceiverChain() {}

  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    String s = text.trim();
    int depth = 0;
    int start = 0;
    boolean newExpr = s.startsWith("new ");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipQuoted(s, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{' || (c == '<' && newExpr)) {
        depth++;
      } else if (c == ')' || c == ']' || c == '}' || (c == '>' && newExpr && depth > 0)) {
        depth--;
        if (depth == 0 && newExpr && c != '>') {
          newExpr = false; // `new a.B(...)` is one segment up to its argument list
        }
      } else if (c == '.' && depth == 0 && !newExpr && !isNumberDot(s, i)) {
        out.add(s.substring(start, i).trim());
        start = i + 1;
        newExpr = s.startsWith("new ", start);
      }
    }
    out.add(s.substring(start).trim());
    out.removeIf(String::isEmpty);
    return out;
  }

  private static boolean isNumberDot(String s, int i) {
    return i > 0 && Character.isDigit(s.charAt(i - 1)) && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1));
  }

  private static int skipQuoted(String s, int i) {
    char q = s.charAt(i);
    for (int k = i + 1; k < s.length(); k++) {
      if (s.charAt(k) == '\\') {
        k++;
      } else if (s.charAt(k) == q) {
        return k;
      }
    }
    return s.length() - 1;
  }

  static boolean isNew(String seg) {
    return seg.startsWith("new ");
  }

  /** The class of {@code new T(...)}, or null for an array creation. */
  static String newType(String seg) {
    String rest = seg.substring(4).trim();
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '[') {
        return null;
      }
      if (c == '(' || c == '{') {
        end = i;
        break;
      }
    }
    return rest.substring(0, end).trim();
  }

  static boolean isParenthesized(String seg) {
    return seg.startsWith("(") && matching(seg, 0) == seg.length() - 1;
  }

  static boolean isCast(String seg) {
    if (!seg.startsWith("(")) {
      return false;
    }
    int close = matching(seg, 0);
    if (close <= 0 || close == seg.length() - 1) {
      return false;
    }
    String type = seg.substring(1, close).trim();
    return !type.isEmpty() && Character.isJavaIdentifierStart(type.charAt(0)) && type.matches("[\\w.$<>\\[\\], ?]+");
  }

  static String castType(String seg) {
    return seg.substring(1, matching(seg, 0)).trim();
  }

  static boolean isLiteral(String seg) {
    char c = seg.charAt(0);
    return c == '"' || c == '\'' || Character.isDigit(c) || seg.equals("true") || seg.equals("false")
        || seg.equals("null");
  }

  static boolean isIdentifier(String seg) {
    if (seg.isEmpty() || !Character.isJavaIdentifierStart(seg.charAt(0))) {
      return false;
    }
    for (int i = 1; i < seg.length(); i++) {
      if (!Character.isJavaIdentifierPart(seg.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code name(args)}, possibly with explicit type arguments {@code <T>name(args)}. */
  static boolean isCall(String seg) {
    int open = seg.indexOf('(');
    return open > 0 && seg.endsWith(")") && matching(seg, open) == seg.length() - 1
        && isIdentifier(stripTypeArgs(seg.substring(0, open)).trim());
  }

  static String callName(String seg) {
    return stripTypeArgs(seg.substring(0, seg.indexOf('('))).trim();
  }

  static int callArity(String seg) {
    int open = seg.indexOf('(');
    String args = seg.substring(open + 1, seg.length() - 1);
    if (args.isBlank()) {
      return 0;
    }
    int depth = 0;
    int items = 1;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipQuoted(args, i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        items++;
      }
    }
    return items;
  }

  /** The text inside a call segment's parentheses. */
  static String callArgs(String seg) {
    int open = seg.indexOf('(');
    return seg.substring(open + 1, seg.length() - 1).trim();
  }

  static boolean isIndexed(String seg) {
    int open = seg.indexOf('[');
    return open > 0 && seg.endsWith("]") && isIdentifier(seg.substring(0, open));
  }

  static String indexedName(String seg) {
    return seg.substring(0, seg.indexOf('['));
  }

  private static String stripTypeArgs(String s) {
    String t = s.trim();
    if (t.startsWith("<")) {
      int depth = 0;
      for (int i = 0; i < t.length(); i++) {
        if (t.charAt(i) == '<') {
          depth++;
        } else if (t.charAt(i) == '>' && --depth == 0) {
          return t.substring(i + 1);
        }
      }
    }
    return t;
  }

  /** Index of the bracket matching the one at {@code open}, or -1. */
  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipQuoted(s, i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
