package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Reference;

/** Query results that carry the file they come from. */
public final class Hits {
  private Hits() {}

  /** A definition and where it lives; {@code ordinal} is its index in the file's definitions. */
  public record DefHit(String path, int ordinal, Definition definition) {}

  /** A reference and where it lives; {@code ordinal} is its index in the file's references. */
  public record RefHit(String path, int ordinal, Reference reference) {}
}
