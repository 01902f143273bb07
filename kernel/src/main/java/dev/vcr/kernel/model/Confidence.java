package dev.vcr.kernel.model;

/** How a stored link from a use to a declaration was found. */
public enum Confidence {
  /** Resolved by the language's rules (scopes, imports, types, overloads). */
  EXACT,
  /** Resolved with a guess the rules alone do not settle (for example a receiver type taken from JDK knowledge). */
  INFERRED,
  /** The name fallback: a same-named declaration of the language's family that fits the use. */
  NAME
}
