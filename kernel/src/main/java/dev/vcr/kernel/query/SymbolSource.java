package dev.vcr.kernel.query;

import dev.vcr.kernel.index.Hits;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.FileFacts;
import java.util.List;

/**
 * Read access to symbols, by file and by name. Implemented by the persistent store and by a session's
 * overlay, which shadows the store for the files the session has open. Results are ordered by path, then
 * by position.
 */
public interface SymbolSource {
  /** The facts of a file, or null when the file is unknown. */
  FileFacts facts(String path);

  /**
   * The definitions of a file alone, or null when the file is unknown: for answers that name the
   * enclosing declarations of hundreds of uses (incoming calls), where decoding each file's references
   * would be most of the work.
   */
  default List<dev.vcr.kernel.model.Definition> definitionsIn(String path) {
    FileFacts f = facts(path);
    return f == null ? null : f.definitions();
  }

  /**
   * Some definitions of a file, by ordinal (null where it has fewer), or null when the file is unknown: what
   * an incoming-calls answer needs of each calling file, its callers.
   */
  default dev.vcr.kernel.model.Definition[] definitionsAt(String path, int[] ordinals) {
    List<dev.vcr.kernel.model.Definition> defs = definitionsIn(path);
    return defs == null ? null : pick(defs, ordinals);
  }

  /** The definitions of {@code defs} at {@code ordinals}, null where it has fewer. */
  static dev.vcr.kernel.model.Definition[] pick(List<dev.vcr.kernel.model.Definition> defs, int[] ordinals) {
    dev.vcr.kernel.model.Definition[] out = new dev.vcr.kernel.model.Definition[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      out[i] = ordinals[i] >= 0 && ordinals[i] < defs.size() ? defs.get(ordinals[i]) : null;
    }
    return out;
  }

  /**
   * The definition {@code ordinal} of {@code path} if it is a named one called {@code name} (as a
   * {@link #definitionEntries definition entry} says), else null (the file changed since the entry was read).
   */
  default DefHit definitionAt(String path, int ordinal, String name) {
    List<dev.vcr.kernel.model.Definition> defs = definitionsIn(path);
    if (defs == null || ordinal < 0 || ordinal >= defs.size()) {
      return null;
    }
    dev.vcr.kernel.model.Definition d = defs.get(ordinal);
    return d.kind().isNamed() && d.name().equals(name) ? new DefHit(path, ordinal, d) : null;
  }

  /** Non-local definitions with exactly this name. */
  List<DefHit> definitions(String name);

  /**
   * What the name table knows of the non-local definitions with exactly this name (no facts are read),
   * in path and ordinal order.
   */
  List<dev.vcr.kernel.index.DefEntry> definitionEntries(String name);

  /** References with exactly this name. */
  List<RefHit> references(String name);

  /** Call references made directly inside the definition {@code ordinal} of {@code path}. */
  List<RefHit> callsFrom(String path, int ordinal);

  /** The best-matching distinct definition names for a workspace-symbol query, best first. */
  List<NameTable.Match> searchNames(String query, int limit);

  /**
   * The references stored as linked to the symbol {@code id} ({@link dev.vcr.kernel.index.SymbolIds}), in
   * path and position order, from the files this source does not {@link #shadowed shadow}.
   */
  List<RefHit> linkedReferences(long id);

  /**
   * As {@link #linkedReferences(long)}, of the files in {@code files} only (null: every file); a store's
   * source reads no other file.
   */
  default List<RefHit> linkedReferences(long id, java.util.Set<String> files) {
    List<RefHit> out = new java.util.ArrayList<>();
    for (RefHit h : linkedReferences(id)) {
      if (files == null || files.contains(h.path())) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * As {@link #linkedReferences(long, java.util.Set)}, handed over file by file (a non-empty list per file,
   * in path order), each before the next file is read: a caller that reads more of each file (incoming
   * calls: its callers) finds it in the store's cache of blocks however many files the answer spans.
   */
  default void linkedReferences(long id, java.util.Set<String> files,
      java.util.function.Consumer<List<RefHit>> perFile) {
    Hits.byFile(linkedReferences(id, files), perFile);
  }

  /**
   * As {@link #linkedReferences(long, java.util.Set, java.util.function.Consumer)}, of the calls only, as
   * call sites (a non-empty list per file): what incoming calls read.
   */
  default void linkedCalls(long id, java.util.Set<String> files,
      java.util.function.Consumer<List<Hits.CallSite>> perFile) {
    linkedReferences(id, files, hits -> {
      List<Hits.CallSite> calls = Hits.calls(hits);
      if (!calls.isEmpty()) {
        perFile.accept(calls);
      }
    });
  }

  /**
   * How many references are linked to the symbol {@code id}, for ranking: exact when few files use it,
   * else estimated from the number of files (a workspace-symbol request ranks hundreds of declarations);
   * may ignore shadowed files.
   */
  int linkedUseCount(long id);

  /**
   * How many files hold references linked to the symbol {@code id}: a cheaper popularity than
   * {@link #linkedUseCount} (one read), for ranking thousands of same-named declarations.
   */
  default int linkedFileCount(long id) {
    return linkedUseCount(id);
  }

  /** A file's language, or null when the file is unknown (the store reads its record, not its facts). */
  default dev.vcr.kernel.lang.Language language(String path) {
    FileFacts f = facts(path);
    return f == null ? null : f.language();
  }

  /**
   * C include edges shared by every request over this source's current content, or null; they answer for
   * the files this source does not {@link #shadowed shadow}.
   */
  default dev.vcr.kernel.resolve.IncludeEdges sharedIncludes() {
    return null;
  }

  /** The project layout of the index this source reads ({@code IndexReader#layout}). */
  default dev.vcr.kernel.resolve.ProjectLayout layout() {
    return dev.vcr.kernel.resolve.ProjectLayout.NONE;
  }

  /**
   * The paths of the stored files with a reference spelled {@code name}, from the name table alone (no
   * facts read), in path order; null when this source cannot tell.
   */
  default List<String> filesReferencing(String name) {
    return null;
  }

  /** Paths whose facts are not the store's (a session's unsaved documents): their uses are resolved on the fly. */
  default java.util.Set<String> shadowed() {
    return java.util.Set.of();
  }
}
