package dev.vcr.kernel.ingest;

import dev.vcr.kernel.lang.Language;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A quick look at a workspace's source files, without its scan: files of a language Vcr indexes, dot
 * folders and {@code node_modules} skipped, ignore files not read, unreadable paths passed over. For
 * decisions about a workspace before it is indexed (is it big?) and for warming code up, never for what
 * the index holds.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** Told of each file; returns false to stop the walk. */
  @FunctionalInterface
  public interface Visitor {
    boolean visit(Path file, Language language, long size);
  }

  /** Walks the roots in order, telling {@code each} of every source file until it returns false. */
  public static void walk(List<Path> roots, Visitor each) throws IOException {
    boolean[] stopped = {false};
    for (Path root : roots) {
      if (stopped[0]) {
        return;
      }
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          return !dir.equals(root) && (name.startsWith(".") || name.equals("node_modules"))
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          java.util.Optional<Language> language = attrs.isRegularFile()
              ? Language.forFileName(file.getFileName().toString()) : java.util.Optional.empty();
          if (language.isPresent() && !each.visit(file, language.get(), attrs.size())) {
            stopped[0] = true;
            return FileVisitResult.TERMINATE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    }
  }
}
