package dev.vcr.kernel.ingest;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one indexing run.
 *
 * @param scanned files found by the scan that Vcr can index
 * @param parsed files parsed in this run (an unchanged file is never parsed)
 * @param unchanged files whose facts were kept
 * @param deleted files dropped from the index
 * @param skipped files not indexed, each with a reason ({@code path: REASON detail})
 * @param warnings files indexed with a caveat (invalid UTF-8 replaced, parse errors)
 * @param mode "incremental" (in-place batches) or "rebuild" (a new generation)
 * @param recovery damage found in the store and what was done about it
 */
public record IndexSummary(
    int scanned,
    int parsed,
    int unchanged,
    int deleted,
    List<String> skipped,
    List<String> warnings,
    long definitions,
    long references,
    long calls,
    String indexHash,
    String mode,
    long millis,
    boolean cancelled,
    List<String> recovery,
    Map<String, Long> skipCounts) {

  /** This summary with {@code n} more files parsed (by a child process that built the index this run adopted). */
  public IndexSummary plusParsed(int n) {
    return new IndexSummary(scanned, parsed + n, unchanged - Math.min(unchanged, n), deleted, skipped, warnings,
        definitions, references, calls, indexHash, mode, millis, cancelled, recovery, skipCounts);
  }

  /**
   * This summary of the refresh that followed a build in a child process of {@code n} files: those files
   * count as parsed, the child's warnings are added (in order, as a build's are), and the run is a rebuild
   * that took {@code millis} in all.
   */
  public IndexSummary afterChildBuild(int n, long millis, List<String> childWarnings) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(warnings);
    all.addAll(childWarnings);
    return new IndexSummary(scanned, parsed + n, unchanged - Math.min(unchanged, n), deleted, skipped,
        List.copyOf(all), definitions, references, calls, indexHash, "rebuild", millis, cancelled, recovery,
        skipCounts);
  }
}
