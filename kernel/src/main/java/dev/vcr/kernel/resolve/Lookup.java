package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/** What resolvers read from the index: a file's facts and the definitions of a name (both cached by the caller). */
public interface Lookup {
  FileFacts facts(String path);

  List<DefHit> definitionsNamed(String name);

  /**
   * The path of each of {@link #definitionsNamed}'s definitions, in its order: a store answers from its
   * name table without reading the files.
   */
  default List<String> pathsDefining(String name) {
    List<DefHit> defs = definitionsNamed(name);
    List<String> out = new java.util.ArrayList<>(defs.size());
    for (DefHit d : defs) {
      out.add(d.path());
    }
    return out;
  }

  /**
   * A file's definitions, or null when the file is unknown: {@code facts(path).definitions()}, which a store
   * may read without decoding the file's references.
   */
  default List<dev.vcr.kernel.model.Definition> definitionsIn(String path) {
    FileFacts f = facts(path);
    return f == null ? null : f.definitions();
  }

  /**
   * The non-local definitions named {@code name} whose path and kind {@code among} accepts, in path and
   * ordinal order: {@link #definitionsNamed} filtered, but a store reads only the files of accepted ones (a
   * C unit asking for a struct field's name need not read the thousands of files that declare one).
   */
  default List<DefHit> definitionsNamedIn(String name,
      java.util.function.BiPredicate<String, dev.vcr.kernel.model.SymbolKind> among) {
    List<DefHit> out = new java.util.ArrayList<>();
    for (DefHit d : definitionsNamed(name)) {
      if (!d.definition().kind().isLocal() && among.test(d.path(), d.definition().kind())) {
        out.add(d);
      }
    }
    return out;
  }

  /** Whether {@link #definitionsNamedIn} would find any definition: a store need not read the files. */
  default boolean definesAnyIn(String name,
      java.util.function.BiPredicate<String, dev.vcr.kernel.model.SymbolKind> among) {
    return !definitionsNamedIn(name, among).isEmpty();
  }

  /** A file's language, or null when the file is unknown; a store answers from the file's record alone. */
  default Language language(String path) {
    FileFacts f = facts(path);
    return f == null ? null : f.language();
  }

  /**
   * Include edges shared by every lookup over the same unchanging view of the index, or null when this
   * lookup has none to share (a resolver then keeps its own).
   */
  default IncludeEdges sharedIncludes() {
    return null;
  }

  /** The project layout the index was linked with (include directories, Go modules, TypeScript paths). */
  default ProjectLayout layout() {
    return ProjectLayout.NONE;
  }

  /** Whether a file's facts are a session's unsaved document's, which shared caches do not describe. */
  default boolean unsaved(String path) {
    return false;
  }
}
