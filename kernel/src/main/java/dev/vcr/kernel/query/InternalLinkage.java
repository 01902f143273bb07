package dev.vcr.kernel.query;

import dev.vcr.kernel.index.GenerationBuilder;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.resolve.CResolver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a C or C++ function or variable declared {@code static} at file level can be named: only in the
 * translation units that hold its file, that is by its file and the files that include it, directly or
 * not. Those are found through the name table, where a C-family file's includes are spelled
 * {@code #file.h} ({@link GenerationBuilder#includeKey}): a file spelling the name may include another file
 * of that name, so the set is a superset, which is all a filter needs. A use linked only to its name (C's
 * ambiguous-name fallback) in any other file cannot name the declaration, and need not be decoded and
 * resolved again to find that out: for a static function called {@code init} in Linux, 12,410 such uses in
 * 1,932 files took its references and incoming calls 3 to 10 s.
 */
final class InternalLinkage {
  /**
   * At most this many files' includers are looked up (one name-table read each): a static inline function
   * in a header that many files include gets no set, and its references are read as any others.
   */
  static final int MAX_LOOKUPS = 64;

  private InternalLinkage() {}

  /**
   * The stored files that may see {@code d}, or null when any may (not a C-family static declaration at
   * file level, a session's unsaved documents that could include it, a source without a name table, or
   * more than {@link #MAX_LOOKUPS} files to look up).
   */
  static Set<String> filesThatMaySee(SymbolSource source, DefHit d) {
    Definition def = d.definition();
    if (def.container() >= 0 || (def.kind() != SymbolKind.FUNCTION && def.kind() != SymbolKind.VARIABLE)
        || !CResolver.cFamily(d.path()) || !CResolver.isStatic(def) || !source.shadowed().isEmpty()) {
      return null;
    }
    Set<String> files = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>();
    files.add(d.path());
    todo.add(d.path());
    for (int lookups = 0; !todo.isEmpty(); lookups++) {
      List<String> includers = lookups < MAX_LOOKUPS
          ? source.filesReferencing(GenerationBuilder.includeKey(todo.poll())) : null;
      if (includers == null) {
        return null;
      }
      for (String p : includers) {
        if (files.add(p)) {
          todo.add(p);
        }
      }
    }
    return files;
  }
}
