package dev.vcr.kernel.model;

/**
 * One identifier occurrence that can name a definable symbol.
 *
 * @param container index of the innermost enclosing non-local definition in the file, or -1; for call
 *     roles this is the caller
 * @param receiver source text of the receiver of a member access or call ({@code a.b} in {@code a.b.c()}),
 *     or null when the name is unqualified
 * @param arity number of arguments for call roles, -1 otherwise
 * @param args source text of the argument list of a call (without parentheses, whitespace collapsed,
 *     truncated), for overload resolution by argument types; null when not a call
 */
public record Reference(String name, RefRole role, Span span, int container, String receiver, int arity,
    String args) {}
