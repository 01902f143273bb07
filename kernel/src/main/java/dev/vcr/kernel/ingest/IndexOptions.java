package dev.vcr.kernel.ingest;

import dev.vcr.kernel.scan.ScanOptions;

/**
 * How to index.
 *
 * @param threads parser threads (default: available processors)
 * @param batchFiles files per in-place transaction
 */
public record IndexOptions(int threads, ScanOptions scan, int batchFiles) {

  public static IndexOptions defaults() {
    return new IndexOptions(Runtime.getRuntime().availableProcessors(), ScanOptions.defaults(), 256);
  }

  public IndexOptions withThreads(int n) {
    return new IndexOptions(Math.max(1, n), scan, batchFiles);
  }

  public IndexOptions withScan(ScanOptions s) {
    return new IndexOptions(threads, s, batchFiles);
  }
}
