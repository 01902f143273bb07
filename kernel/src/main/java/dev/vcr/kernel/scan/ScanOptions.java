package dev.vcr.kernel.scan;

import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link WorkspaceScanner}.
 *
 * @param maxFileBytes files larger than this are reported as {@link SkipReason#TOO_LARGE} and not read
 * @param extraIgnorePatterns gitignore-syntax patterns relative to each root, with the highest priority
 *     (like {@code git --exclude}): they override every ignore file, and a {@code !pattern} here can
 *     re-include what an ignore file excludes (but, as always, not below an excluded directory)
 */
public record ScanOptions(long maxFileBytes, List<String> extraIgnorePatterns) {
  public static final long DEFAULT_MAX_FILE_BYTES = 2L * 1024 * 1024; // 2 MiB

  public ScanOptions {
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("maxFileBytes < 0: " + maxFileBytes);
    }
    extraIgnorePatterns = List.copyOf(Objects.requireNonNull(extraIgnorePatterns, "extraIgnorePatterns"));
  }

  /** 2 MiB per file, no extra patterns. */
  public static ScanOptions defaults() {
    return new ScanOptions(DEFAULT_MAX_FILE_BYTES, List.of());
  }

  public ScanOptions withMaxFileBytes(long bytes) {
    return new ScanOptions(bytes, extraIgnorePatterns);
  }

  public ScanOptions withExtraIgnorePatterns(List<String> patterns) {
    return new ScanOptions(maxFileBytes, patterns);
  }
}
