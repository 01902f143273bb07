package dev.vcr.kernel.ingest;

import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.resolve.ProjectLayout;
import dev.vcr.kernel.scan.ScannedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * What a path reported changed (by a save or a watcher) is, for a run that does not scan
 * ({@link Indexer#runChanged}): a file as the scan would list it, or nothing the index reads.
 */
final class ChangedFiles {
  private ChangedFiles() {}

  /** The ignore files, which decide what is indexed. */
  private static final Set<String> IGNORE_FILES = Set.of(".gitignore", ".ignore", ".vcrignore");

  /**
   * Whether a path that has no record is nothing the index reads: not a source file by its name, not an
   * ignore file or project file ({@link ProjectFiles#decidesLayout}), not under {@code .git}, not a folder
   * now, and not one that held indexed files (an editor's probe or backup file, a build output).
   */
  static boolean notRead(SymbolStore store, Workspace workspace, String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    if (Language.forFileName(name).isPresent() || IGNORE_FILES.contains(name)
        || ProjectFiles.decidesLayout(key, ProjectLayout.decode(store.layout()))
        || key.startsWith(".git/")
        || key.contains("/.git/") || store.holdsPathsUnder(key + "/")) {
      return false;
    }
    return workspace.resolve(key).map(p -> !Files.isDirectory(p)).orElse(false);
  }

  /** The file at {@code key} as the scan would list it, if it is a regular file with a language; else null. */
  static ScannedFile scanOne(Workspace workspace, String key) {
    for (int i = 0; i < workspace.roots().size(); i++) {
      Path root = workspace.roots().get(i);
      String prefix = workspace.key(i, "");
      if (!key.startsWith(prefix)) {
        continue;
      }
      String rel = key.substring(prefix.length());
      Path absolute = root.resolve(rel);
      Optional<Language> language = Language.forFileName(absolute.getFileName().toString());
      try {
        BasicFileAttributes a = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || language.isEmpty()) {
          return null;
        }
        return new ScannedFile(i, root, rel, absolute, language.get(), a.size(), a.lastModifiedTime().toMillis());
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
