package dev.vcr.lsp.protocol;

import java.nio.file.Path;
import java.util.List;

/**
 * What a client may pass in {@code initializationOptions}; every field may be absent (null here).
 *
 * @param indexDir base directory for indexes (each workspace gets a sub-directory named after its roots)
 * @param languages language ids to index (Vcr ids: java, python, ...); null means all
 * @param maxFileBytes files larger than this are not indexed, and open documents larger than this not parsed
 * @param maxOpenDocuments how many of a session's open documents keep a tree and overlay
 * @param parseBudgetMillis how long one parse of an open document may take (0: no limit) before the
 *     document is answered from the index instead
 * @param problems what was wrong with the given options (each ignored), for the log
 */
public record InitOptions(Path indexDir, List<String> languages, Long maxFileBytes, Integer maxOpenDocuments,
    Long parseBudgetMillis, List<String> problems) {
  public static InitOptions none() {
    return new InitOptions(null, null, null, null, null, List.of());
  }
}
