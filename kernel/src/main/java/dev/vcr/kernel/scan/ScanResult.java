package dev.vcr.kernel.scan;

import java.util.List;

/**
 * The outcome of a scan. Both lists are immutable and sorted by {@code (rootIndex, path)}, paths compared
 * with {@link String#compareTo} on their {@code /}-separated form.
 */
public record ScanResult(List<ScannedFile> files, List<SkippedFile> skipped) {
  public ScanResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
