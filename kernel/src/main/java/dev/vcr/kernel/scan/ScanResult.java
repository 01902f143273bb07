package dev.vcr.kernel.scan;

import java.util.List;

/**
 * The outcome of a scan. Both file lists are immutable and sorted by {@code (rootIndex, path)}, paths
 * compared with {@link String#compareTo} on their {@code /}-separated form. {@code warnings} are
 * human-readable diagnostics about the scan as a whole (in root order), such as ignore rules that hide
 * every source file of a root.
 */
public record ScanResult(List<ScannedFile> files, List<SkippedFile> skipped, List<String> warnings) {
  public ScanResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    warnings = List.copyOf(warnings);
  }

  public ScanResult(List<ScannedFile> files, List<SkippedFile> skipped) {
    this(files, skipped, List.of());
  }
}
