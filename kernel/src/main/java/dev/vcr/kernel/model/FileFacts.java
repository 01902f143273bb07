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

  public static FileFacts empty(Language language) {
    return new FileFacts(language, "", List.of(), List.of(), List.of(), 0);
  }
}
