package dev.vcr.lsp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds the workspace of a query command run without {@code --root}, the way git finds its repository:
 * from the current folder upwards, the first folder that either already has a Vcr index (at the location
 * {@link IndexLocator} gives it, by default {@code Workspace.defaultIndexDir()}) or is a git top level
 * (holds a {@code .git} folder or file), so a nested repository or an indexed subfolder of a repository is
 * its own workspace. If no folder up to the file-system root qualifies, there is no workspace: the command
 * must not index the current folder, which may well be the home directory.
 */
final class WorkspaceFinder {
  /** Where a one-folder workspace rooted at a folder keeps its index by default. */
  @FunctionalInterface
  interface IndexLocator {
    Path indexDir(Path folder) throws IOException;
  }

  /** What was found, and why. */
  record Found(Path root, Reason reason, Path indexDir) {}

  enum Reason {
    INDEXED("has a Vcr index"),
    GIT("git top level");

    final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  /** No folder qualified; the message says where it looked and what to do. */
  static final class NoWorkspaceException extends Exception {
    NoWorkspaceException(String message) {
      super(message);
    }
  }

  private final IndexLocator locator;

  WorkspaceFinder(IndexLocator locator) {
    this.locator = locator;
  }

  /** Whether an index lives in {@code dir}: its {@code CURRENT} file names the live generation. */
  static boolean hasIndex(Path dir) {
    return Files.isRegularFile(dir.resolve("CURRENT"));
  }

  Found find(Path start) throws IOException, NoWorkspaceException {
    Path from = start.toAbsolutePath().normalize();
    if (!Files.isDirectory(from)) {
      throw new IOException("not a folder: " + start);
    }
    from = from.toRealPath();
    for (Path d = from; d != null; d = d.getParent()) {
      Path index = locator.indexDir(d);
      if (hasIndex(index)) {
        return new Found(d, Reason.INDEXED, index);
      }
      if (Files.exists(d.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
        return new Found(d, Reason.GIT, index);
      }
    }
    Path where = locator.indexDir(from).getParent();
    throw new NoWorkspaceException("no workspace found: neither " + from + " nor a folder above it is a git "
        + "repository (has .git) or has a Vcr index (in " + where + "); index a folder first with "
        + "'vcr index DIR', or name one with --root DIR");
  }
}
