package dev.vcr.kernel.scan;

/** Why a file (or directory) that would have been indexed was not. */
public enum SkipReason {
  /** Larger than {@link ScanOptions#maxFileBytes()}; not read. */
  TOO_LARGE,
  /** A NUL byte within the first {@value WorkspaceScanner#SNIFF_BYTES} bytes. */
  BINARY,
  /**
   * Could not be read: permission denied, vanished during the scan, a dangling symlink, or not a regular
   * file (FIFO, socket, device; these are never opened). For directories: could not be listed.
   */
  UNREADABLE,
  /** A symlink whose real target lies outside the root's real path. */
  SYMLINK_OUTSIDE_ROOT,
  /**
   * A symlink cycle (the OS reports too many levels of links, or the target directory is an ancestor),
   * or a symlink to a file or directory the scan already reached by another path; the detail names it.
   */
  SYMLINK_LOOP,
  /** An entry listed as a directory that could no longer be opened as one (replaced during the scan). */
  NOT_A_DIRECTORY
}
