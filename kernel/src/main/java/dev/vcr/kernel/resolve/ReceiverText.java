package dev.vcr.kernel.resolve;

/** Reading a receiver's source text in the C family: brackets, indexes and the last member access. */
final class ReceiverText {
  private ReceiverText() {}

  /** Removes parentheses around the whole expression. */
  static String stripOuter(String e) {
    while (e.startsWith("(") && matching(e, 0) == e.length() - 1) {
      e = e.substring(1, e.length() - 1).trim();
    }
    return e;
  }

  /** {@code a[i][j]} to {@code a}. */
  static String stripIndex(String e) {
    while (e.endsWith("]")) {
      int depth = 0;
      int i = e.length() - 1;
      for (; i >= 0; i--) {
        char c = e.charAt(i);
        if (c == ']') {
          depth++;
        } else if (c == '[' && --depth == 0) {
          break;
        }
      }
      if (i <= 0) {
        return e;
      }
      e = e.substring(0, i).trim();
    }
    return e;
  }

  /** The offset of the closing bracket matching the one at {@code open}, or -1. */
  static int matching(String e, int open) {
    int depth = 0;
    for (int i = open; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The offset of the first of these characters, or -1. */
  static int firstOf(String e, String chars) {
    for (int i = 0; i < e.length(); i++) {
      if (chars.indexOf(e.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The offset of the last top-level {@code .} or {@code ->}; -1 when there is none, -2 when the expression
   * is not a member chain (an operator at top level). A C++ {@code ::} is part of a name.
   */
  static int lastAccess(String e) {
    int depth = 0;
    int last = -1;
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && c == ':' && i + 1 < e.length() && e.charAt(i + 1) == ':') {
        i++;
      } else if (depth == 0 && c == '.' && !(i + 1 < e.length() && Character.isDigit(e.charAt(i + 1)))) {
        last = i;
      } else if (depth == 0 && c == '-' && i + 1 < e.length() && e.charAt(i + 1) == '>') {
        last = i;
        i++;
      } else if (depth == 0 && "+-*/%=<>!&|^?:,".indexOf(c) >= 0 && i > 0) {
        return -2;
      }
    }
    return last;
  }
}
