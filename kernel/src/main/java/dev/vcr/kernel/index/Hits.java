package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Reference;

/** Query results that carry the file they come from. */
public final class Hits {
  private Hits() {}

  /**
   * A definition and where it lives; {@code ordinal} is its index in the file's definitions. Resolution
   * keeps these in sets and compares them constantly, so the hash is the location's (cheap, and equal for
   * equal hits), and equality compares the location before the definition.
   */
  public record DefHit(String path, int ordinal, Definition definition) {
    @Override
    public boolean equals(Object o) {
      return o instanceof DefHit h && ordinal == h.ordinal && path.equals(h.path)
          && (definition == h.definition || definition.equals(h.definition));
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + ordinal;
    }
  }

  /** A reference and where it lives; {@code ordinal} is its index in the file's references. */
  public record RefHit(String path, int ordinal, Reference reference) {}
}
