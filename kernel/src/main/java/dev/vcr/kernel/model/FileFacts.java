package dev.vcr.kernel.model;

import dev.vcr.kernel.lang.Language;
import java.util.List;

/**
 * Everything extracted from one file's text. Immutable; the lists are in source order. It never holds
 * tree-sitter objects, so it outlives the tree it came from.
 *
 * @param packageName the package or namespace the file declares, or "" when none
 * @param errorNodes number of ERROR or MISSING nodes the parse produced (parsing never fails)
 */
public record FileFacts(
    Language language,
    String packageName,
    List<Definition> definitions,
    List<Reference> references,
    List<Import> imports,
    int errorNodes) {

  /**
   * The definition a call made directly inside definition {@code container} is attributed to in the call
   * hierarchy: itself, or for code in an anonymous class's body outside its methods (an initializer
   * block), the member that encloses the class. -1 for the file's top level.
   */
  public int callerOf(int container) {
    return callerOf(definitions, container);
  }

  /** {@link #callerOf(int)} over a file's definitions alone. */
  public static int callerOf(List<Definition> definitions, int container) {
    int c = container;
    while (c >= 0 && c < definitions.size() && definitions.get(c).kind() == SymbolKind.ANONYMOUS_CLASS) {
      c = definitions.get(c).container();
    }
    return c;
  }

  public static FileFacts empty(Language language) {
    return new FileFacts(language, "", List.of(), List.of(), List.of(), 0);
  }
}
