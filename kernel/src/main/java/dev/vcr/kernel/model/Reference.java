package dev.vcr.kernel.model;

/**
 * One identifier occurrence that can name a definable symbol.
 *
 * @param container index of the innermost enclosing non-local definition in the file, or -1; for call
 *     roles this is the caller
 * @param receiver source text of the receiver of a member access or call ({@code a.b} in {@code a.b.c()}),
 *     or null when the name is unqualified; for a key of an object literal passed as an argument, the
 *     callee and the argument's position: {@code log(#1)}
 * @param arity number of arguments for call roles, -1 otherwise
 * @param args source text of the argument list of a call (without parentheses, whitespace collapsed,
 *     truncated), for overload resolution by argument types; null when not a call
 */
public record Reference(String name, RefRole role, Span span, int container, String receiver, int arity,
    String args) {
  /** Whether this is a key of an object literal passed as an argument (its receiver is {@code callee(#i)}). */
  public boolean argumentKey() {
    if (receiver == null || !receiver.endsWith(")")) {
      return false;
    }
    int hash = receiver.lastIndexOf("(#");
    if (hash < 0 || hash + 3 > receiver.length() - 1) {
      return false;
    }
    for (int i = hash + 2; i < receiver.length() - 1; i++) {
      if (!Character.isDigit(receiver.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
