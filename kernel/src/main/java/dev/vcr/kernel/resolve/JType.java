package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;

/**
 * The static type of an expression as far as syntax can tell: a type declared in the workspace
 * ({@code def} set), a type known to be outside it ({@code external}, e.g. {@code String}), or unknown.
 * Arrays are external: their members ({@code length}, {@code clone}) are never workspace symbols.
 */
record JType(DefHit def, boolean external) {
  static final JType UNKNOWN = new JType(null, false);
  static final JType EXTERNAL = new JType(null, true);

  static JType of(DefHit def) {
    return new JType(def, false);
  }

  boolean isWorkspace() {
    return def != null;
  }

  boolean isUnknown() {
    return def == null && !external;
  }
}
