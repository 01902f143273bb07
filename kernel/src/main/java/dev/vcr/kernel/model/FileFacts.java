package dev.vcr.kernel.model;

import dev.vcr.kernel.lang.Language;
import java.util.List;
import java.util.Objects;

/**
 * Everything extracted from one file's text. Immutable; the lists are in source order. It never holds
 * tree-sitter objects, so it outlives the tree it came from. A value: equal when every field is (as a
 * record would be); a class rather than a record only for {@link #derived}, which keeps one lookup
 * structure made from the facts with them.
 */
public final class FileFacts {
  private final Language language;
  /** The package or namespace the file declares, or "" when none. */
  private final String packageName;
  private final List<Definition> definitions;
  private final List<Reference> references;
  private final List<Import> imports;
  /** The number of ERROR or MISSING nodes the parse produced (parsing never fails). */
  private final int errorNodes;
  /** What {@link #derived} made, or null. */
  private volatile Object derived;

  public FileFacts(Language language, String packageName, List<Definition> definitions, List<Reference> references,
      List<Import> imports, int errorNodes) {
    this.language = language;
    this.packageName = packageName;
    this.definitions = definitions;
    this.references = references;
    this.imports = imports;
    this.errorNodes = errorNodes;
  }

  public Language language() {
    return language;
  }

  public String packageName() {
    return packageName;
  }

  public List<Definition> definitions() {
    return definitions;
  }

  public List<Reference> references() {
    return references;
  }

  public List<Import> imports() {
    return imports;
  }

  public int errorNodes() {
    return errorNodes;
  }

  /**
   * The value {@code make} builds from these facts, made once and kept with them: the resolvers' index of a
   * file's definitions by name and container ({@code resolve/FactsIndex}), read for nearly every reference
   * resolved. A weak-keyed map from facts to index cost a tenth of java.base's resolution pass (identity
   * hashing, the map's segment and its reference queue on every read). One kind of value per facts: a
   * {@code type} other than the one kept is made again at every call.
   */
  public <T> T derived(Class<T> type, java.util.function.Function<FileFacts, T> make) {
    Object d = derived;
    if (type.isInstance(d)) {
      return type.cast(d);
    }
    T made = make.apply(this);
    if (d == null) {
      derived = made; // a race makes it twice, equal; either may stay
    }
    return made;
  }

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

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof FileFacts f && errorNodes == f.errorNodes && language == f.language
        && packageName.equals(f.packageName) && definitions.equals(f.definitions) && references.equals(f.references)
        && imports.equals(f.imports);
  }

  @Override
  public int hashCode() {
    return Objects.hash(language, packageName, definitions, references, imports, errorNodes);
  }

  @Override
  public String toString() {
    return "FileFacts[language=" + language + ", packageName=" + packageName + ", definitions=" + definitions
        + ", references=" + references + ", imports=" + imports + ", errorNodes=" + errorNodes + "]";
  }
}
