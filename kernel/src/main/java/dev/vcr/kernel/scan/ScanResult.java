package dev.vcr.kernel.scan;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The outcome of a scan. Both file lists are immutable and sorted by {@code (rootIndex, path)}, paths
 * compared with {@link String#compareTo} on their {@code /}-separated form. {@code warnings} are
 * human-readable diagnostics about the scan as a whole (in root order), such as ignore rules that hide
 * every source file of a root.
 */
public record ScanResult(List<ScannedFile> files, List<SkippedFile> skipped, List<String> warnings,
    List<Path> projectFiles) {
  /**
   * The names of the files besides sources that tell how a project's sources name each other: a Go module
   * ({@code go.mod}), a TypeScript or JavaScript project ({@code tsconfig.json}, {@code jsconfig.json}) and
   * an npm package ({@code package.json}, except in {@code node_modules}: those are dependencies, not the
   * workspace's packages). The scan lists those it reaches as it would a source file (not ignored,
   * regular, not through a link), as absolute paths in root and path order, in {@code projectFiles}.
   */
  public static final Set<String> PROJECT_FILES = Set.of("go.mod", "tsconfig.json", "jsconfig.json", "package.json");

  /** Whether the scan lists a file at a root-relative path in {@code projectFiles} (by its name and place). */
  public static boolean isProjectFile(String relativePath) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    return PROJECT_FILES.contains(name)
        && !(name.equals("package.json") && ("/" + relativePath).contains("/node_modules/"));
  }

  public ScanResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    warnings = List.copyOf(warnings);
    projectFiles = List.copyOf(projectFiles);
  }

  public ScanResult(List<ScannedFile> files, List<SkippedFile> skipped, List<String> warnings) {
    this(files, skipped, warnings, List.of());
  }

  public ScanResult(List<ScannedFile> files, List<SkippedFile> skipped) {
    this(files, skipped, List.of());
  }
}
