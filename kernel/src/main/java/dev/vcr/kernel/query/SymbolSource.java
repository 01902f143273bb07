package dev.vcr.kernel.query;

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

  /** Non-local definitions with exactly this name. */
  List<DefHit> definitions(String name);

  /** References with exactly this name. */
  List<RefHit> references(String name);

  /** Call references made directly inside the definition {@code ordinal} of {@code path}. */
  List<RefHit> callsFrom(String path, int ordinal);

  /** The best-matching distinct definition names for a workspace-symbol query, best first. */
  List<NameTable.Match> searchNames(String query, int limit);
}
