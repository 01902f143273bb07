package dev.vcr.kernel.model;

/**
 * One imported name or module.
 *
 * @param module the module/package path as written ({@code java.util}, {@code ./util}, {@code os.path})
 * @param name the imported member, or null when the whole module is imported or for a wildcard
 * @param alias the local name it is bound to when renamed, or null
 */
public record Import(String module, String name, String alias, boolean isStatic, boolean wildcard, Span span) {

  /** The name this import binds in the file, or null for a wildcard. */
  public String localName() {
    if (alias != null) {
      return alias;
    }
    if (name != null) {
      return name;
    }
    if (wildcard) {
      return null;
    }
    int cut = Math.max(module.lastIndexOf('.'), module.lastIndexOf('/'));
    return cut < 0 ? module : module.substring(cut + 1);
  }
}
