package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;

/**
 * The static type of an expression as far as syntax can tell: a type declared in the workspace
 * ({@code def} set), a type known to be outside it ({@code external}, e.g. {@code String}), or unknown.
 * An external type named in the source keeps its simple name ({@code name}), which identifies the library
 * members used through it (see {@link LanguageResolver#unresolvedMember}). Arrays and primitives are
 * external without a name: their members ({@code length}, {@code clone}) are never workspace symbols.
 */
record JType(DefHit def, boolean external, String name) {
  static final JType UNKNOWN = new JType(null, false, null);
  static final JType EXTERNAL = new JType(null, true, null);

  static JType of(DefHit def) {
    return new JType(def, false, null);
  }

  /** A library type, by the simple name it is written with. */
  static JType external(String simpleName) {
    return new JType(null, true, simpleName);
  }

  boolean isWorkspace() {
    return def != null;
  }

  boolean isUnknown() {
    return def == null && !external;
  }

  /** The simple name of the type: a workspace type's declared name, or an external type's written name. */
  String simpleName() {
    return def != null ? def.definition().name() : name;
  }
}
