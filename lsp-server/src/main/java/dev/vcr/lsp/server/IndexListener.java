package dev.vcr.lsp.server;

import dev.vcr.kernel.ingest.IndexSummary;

/**
 * Hears about the indexing runs of a {@link SharedWorkspace}. Calls for one workspace are serialised and
 * ordered (start, progress..., end); they happen on the indexing thread and must not block.
 */
interface IndexListener {
  void runStarted(int run);

  void runProgress(int run, int done, int total, String message);

  /** {@code summary} is null when the run failed. */
  void runEnded(int run, IndexSummary summary);
}
