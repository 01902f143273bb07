package dev.vcr.kernel.extract;

/** The role of a capture name in a Vcr query file; see {@code docs/queries.md} for the contract. */
enum CaptureKind {
  /** {@code @def.<kind>}: the whole definition node. */
  DEF,
  /** {@code @name}: the defined name inside a definition match. */
  NAME,
  /** {@code @def.params}: the parameter list of a callable definition (its named children are counted). */
  PARAMS,
  /** {@code @def.type}: the declared type or return type of a definition. */
  TYPE,
  /**
   * {@code @def.instance}: in a definition match, the object of an attribute assignment ({@code self} in
   * {@code self.x = v}): the definition is an instance attribute of the class whose method assigns it.
   */
  INSTANCE,
  /**
   * {@code @def.modifier}: a specifier of a definition ({@code static}, {@code extern}, {@code inline} in C);
   * the modifiers' texts, in source order, precede the type text ({@code static inline bool}).
   */
  MODIFIER,
  /**
   * {@code @def.body}: the body of a definition that has one (a C function definition, not its
   * prototype); it becomes the definition's {@code scope}.
   */
  BODY,
  /** {@code @ref.<role>}: an identifier occurrence. */
  REF,
  /** {@code @ref.receiver}: the receiver expression of a member access in a reference match. */
  RECEIVER,
  /** {@code @ref.args}: the argument list of a call in a reference match. */
  ARGS,
  /**
   * {@code @ref.callee}: in a match of a key of an object literal passed as an argument, the callee of that
   * call; the reference's receiver becomes {@code callee(#i)}, {@code i} the argument's position.
   */
  CALLEE,
  /** {@code @scope}: a node that opens a lexical scope for parameters and locals. */
  SCOPE,
  /** {@code @package}: the package or namespace name the file declares. */
  PACKAGE,
  /** {@code @import.path}: a dotted import path whose last segment is the imported name (Java style). */
  IMPORT_PATH,
  /** {@code @import.module}: the module an import reads from. */
  IMPORT_MODULE,
  /** {@code @import.name}: the member an import binds. */
  IMPORT_NAME,
  /** {@code @import.alias}: the local name an import is renamed to. */
  IMPORT_ALIAS,
  /** {@code @import.static}: marks a static import. */
  IMPORT_STATIC,
  /** {@code @import.wildcard}: marks an on-demand (wildcard) import. */
  IMPORT_WILDCARD,
  /** {@code @error}: an ERROR node, counted. */
  ERROR,
  /** Any capture starting with '_' : helper captures for predicates, ignored. */
  IGNORED
}
