package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/** What resolvers read from the index: a file's facts and the definitions of a name (both cached by the caller). */
public interface Lookup {
  FileFacts facts(String path);

  List<DefHit> definitionsNamed(String name);

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

  /** Whether a file's facts are a session's unsaved document's, which shared caches do not describe. */
  default boolean unsaved(String path) {
    return false;
  }
}
