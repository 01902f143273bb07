package dev.vcr.kernel.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a definition is. The query files name these in lower case after {@code @def.}, e.g.
 * {@code @def.enum_member}. {@link #PARAMETER} and {@link #LOCAL} are scoped: they are extracted for
 * resolution but are never workspace symbols.
 */
public enum SymbolKind {
  PACKAGE,
  MODULE,
  NAMESPACE,
  CLASS,
  INTERFACE,
  ENUM,
  RECORD,
  STRUCT,
  UNION,
  TRAIT,
  ANNOTATION,
  TYPE_ALIAS,
  FUNCTION,
  METHOD,
  CONSTRUCTOR,
  FIELD,
  PROPERTY,
  CONSTANT,
  ENUM_MEMBER,
  VARIABLE,
  MACRO,
  PARAMETER,
  LOCAL,
  /** A generic type parameter ({@code T} in {@code <T extends Foo>}); its type is the bound, if any. */
  TYPE_PARAMETER,
  /**
   * The body of {@code new Foo() { ... }}, typed by the type it extends and named {@code new}. It contains
   * its members for resolution, but it is not a named declaration (see {@link #isNamed}).
   */
  ANONYMOUS_CLASS;

  /** Parameters, locals and type parameters: visible only inside their scope. */
  public boolean isLocal() {
    return this == PARAMETER || this == LOCAL || this == TYPE_PARAMETER;
  }

  /**
   * Declarations that are found by name: workspace symbols, the outline, lookups by name. Not scoped
   * names, and not anonymous classes.
   */
  public boolean isNamed() {
    return !isLocal() && this != ANONYMOUS_CLASS;
  }

  public boolean isType() {
    switch (this) {
      case CLASS: case INTERFACE: case ENUM: case RECORD: case STRUCT: case UNION: case TRAIT:
      case ANNOTATION: case TYPE_ALIAS:
        return true;
      default:
        return false;
    }
  }

  /** Something that can be a caller or a callee in the call hierarchy. */
  public boolean isCallable() {
    return this == FUNCTION || this == METHOD || this == CONSTRUCTOR || this == MACRO;
  }

  /** Definitions that can contain others, so that qualified names and call containers chain through them. */
  public boolean isContainer() {
    return !isLocal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SymbolKind> fromLabel(String label) {
    try {
      return Optional.of(valueOf(label.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
