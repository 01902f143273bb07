package dev.vcr.kernel.ingest;

import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.scan.ScanOptions;

/**
 * How to index.
 *
 * @param threads parser threads (default: available processors)
 * @param batchFiles files per in-place transaction
 * @param sortBudgetBytes memory for the name sorts of a full build; more spills to sorted runs on disk
 */
public record IndexOptions(int threads, ScanOptions scan, int batchFiles, long sortBudgetBytes) {

  public static IndexOptions defaults() {
    return new IndexOptions(Runtime.getRuntime().availableProcessors(), ScanOptions.defaults(), 256,
        SymbolStore.DEFAULT_SORT_BUDGET);
  }

  public IndexOptions withThreads(int n) {
    return new IndexOptions(Math.max(1, n), scan, batchFiles, sortBudgetBytes);
  }

  public IndexOptions withScan(ScanOptions s) {
    return new IndexOptions(threads, s, batchFiles, sortBudgetBytes);
  }

  public IndexOptions withSortBudget(long bytes) {
    return new IndexOptions(threads, scan, batchFiles, Math.max(1, bytes));
  }
}
