package dev.vcr.kernel.extract;

/**
 * Counts the items of a parameter or argument list from its source bytes: top-level commas, ignoring
 * nesting in brackets, strings and {@code //}/{@code /* *}{@code /} comments. Text is cheaper than asking
 * tree-sitter for each child over JNI, and it does not count comments as items. A list whose last item
 * is variadic ({@code ...}, or a leading {@code *}) has no fixed arity and yields -1.
 */
final class Arity {
  private Arity() {}

  static int count(byte[] text, int start, int end) {
    int s = start;
    int e = end;
    // Drop the enclosing brackets when present.
    if (e - s >= 2 && isOpen(text[s]) && isClose(text[e - 1])) {
      s++;
      e--;
    }
    int depth = 0;
    int items = 0;
    boolean content = false;
    boolean variadic = false;
    int itemStart = s;
    for (int i = s; i < e; i++) {
      byte b = text[i];
      if (b == '"' || b == '\'' || b == '`') {
        i = skipString(text, i, e);
        content = true;
        continue;
      }
      if (b == '/' && i + 1 < e && text[i + 1] == '/') {
        while (i < e && text[i] != '\n') {
          i++;
        }
        continue;
      }
      if (b == '/' && i + 1 < e && text[i + 1] == '*') {
        i += 2;
        while (i + 1 < e && !(text[i] == '*' && text[i + 1] == '/')) {
          i++;
        }
        i++;
        continue;
      }
      if (isOpen(b) || b == '<') {
        depth++;
      } else if ((isClose(b) || b == '>') && depth > 0) {
        depth--;
      } else if (b == ',' && depth == 0) {
        if (content) {
          items++;
          variadic = isVariadic(text, itemStart, i);
        }
        content = false;
        itemStart = i + 1;
        continue;
      }
      if (b > ' ') {
        content = true;
      }
    }
    if (content) {
      items++;
      variadic = isVariadic(text, itemStart, e);
    }
    return variadic ? -1 : items;
  }

  /**
   * The position of the argument that holds byte {@code at}, in the argument list that follows a callee
   * ending at {@code calleeEnd} (type arguments between them are skipped): top-level commas before it, as
   * {@link #count} counts items; -1 when there is no argument list there.
   */
  static int argumentIndex(byte[] text, int calleeEnd, int at) {
    int i = calleeEnd;
    int depth = 0;
    while (i < at && (text[i] != '(' || depth > 0)) { // `f<T>(`: skip the type arguments
      if (text[i] == '<') {
        depth++;
      } else if (text[i] == '>' && depth > 0) {
        depth--;
      }
      i++;
    }
    if (i >= at) {
      return -1;
    }
    int index = 0;
    depth = 0;
    for (i = i + 1; i < at; i++) {
      byte b = text[i];
      if (b == '"' || b == '\'' || b == '`') {
        i = skipString(text, i, at);
      } else if (b == '/' && i + 1 < at && text[i + 1] == '/') {
        while (i < at && text[i] != '\n') {
          i++;
        }
      } else if (b == '/' && i + 1 < at && text[i + 1] == '*') {
        i += 2;
        while (i + 1 < at && !(text[i] == '*' && text[i + 1] == '/')) {
          i++;
        }
        i++;
      } else if (isOpen(b) || b == '<') {
        depth++;
      } else if ((isClose(b) || b == '>') && depth > 0) {
        depth--;
      } else if (b == ',' && depth == 0) {
        index++;
      }
    }
    return index;
  }

  /**
   * Whether a parameter list starts with TypeScript's declared {@code this} parameter ({@code (this: Foo,
   * x)}: not an argument, so not counted in a definition's arity); spaces allowed before the colon, and
   * not Java's {@code this::m}.
   */
  static boolean thisParameter(byte[] text, int start, int end) {
    if (end - start >= 1 && text[start] == '(') {
      start++;
    }
    int i = start;
    while (i < end && text[i] <= ' ') {
      i++;
    }
    if (i + 4 > end || text[i] != 't' || text[i + 1] != 'h' || text[i + 2] != 'i' || text[i + 3] != 's') {
      return false;
    }
    i += 4;
    while (i < end && text[i] <= ' ') {
      i++;
    }
    return i < end && text[i] == ':' && (i + 1 >= end || text[i + 1] != ':');
  }

  private static boolean isVariadic(byte[] text, int start, int end) {
    int i = start;
    while (i < end && text[i] <= ' ') {
      i++;
    }
    if (i < end && text[i] == '*') {
      return true;
    }
    for (int k = start; k + 2 < end; k++) {
      if (text[k] == '.' && text[k + 1] == '.' && text[k + 2] == '.') {
        return true;
      }
    }
    return false;
  }

  private static int skipString(byte[] text, int i, int end) {
    byte q = text[i];
    for (int k = i + 1; k < end; k++) {
      if (text[k] == '\\') {
        k++;
      } else if (text[k] == q) {
        return k;
      }
    }
    return end - 1;
  }

  private static boolean isOpen(byte b) {
    return b == '(' || b == '[' || b == '{';
  }

  private static boolean isClose(byte b) {
    return b == ')' || b == ']' || b == '}';
  }
}
