package dev.vcr.kernel.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How an identifier occurrence uses a name. The query files name these after {@code @ref.}.
 *
 * <p>The declaration order is the precedence: when several patterns capture the same identifier (a
 * catch-all {@code @ref.read} and a specific {@code @ref.call}), the role declared first wins.
 */
public enum RefRole {
  IMPORT,
  INHERIT,
  NEW,
  /** {@code this(...)}/{@code super(...)} style constructor chaining. */
  SUPER_CALL,
  CALL,
  ANNOTATION,
  MACRO,
  WRITE,
  TYPE,
  READ;

  /** Roles that make an edge in the call graph: the container of the reference is the caller. */
  public boolean isCall() {
    return this == CALL || this == NEW || this == SUPER_CALL || this == MACRO;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RefRole> fromLabel(String label) {
    try {
      return Optional.of(valueOf(label.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
