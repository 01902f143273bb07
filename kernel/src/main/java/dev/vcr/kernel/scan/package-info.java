/**
 * The workspace scanner: decides which files of the workspace roots Vcr indexes. {@link
 * dev.vcr.kernel.scan.WorkspaceScanner} walks each root, drops {@code .git} and whatever ignore rules
 * with git's syntax exclude ({@code .gitignore} at every level and {@code .git/info/exclude} inside git
 * repositories only, {@code .ignore} and {@code .vcrignore} everywhere, plus configured patterns; see
 * {@link dev.vcr.kernel.scan.IgnoreRules}), keeps files whose language
 * is known, and reports the ones it cannot index (too large, binary, unreadable, symlinked outside the
 * root or into a loop) as {@link dev.vcr.kernel.scan.SkippedFile}s instead of failing. Invariants: the
 * result is a pure function of the file-system contents (sorted by root index then {@code /}-separated
 * relative path, independent of directory iteration order, threads and clock); every real file appears
 * at most once per root; symlinks are followed only within the root's real path and never recursively
 * forever; nothing but the first {@value dev.vcr.kernel.scan.WorkspaceScanner#SNIFF_BYTES} bytes of a
 * file is read; and {@link dev.vcr.kernel.scan.WorkspaceScanner#isIgnored} gives the same ignore answer
 * as a scan, for file-watcher events.
 */
package dev.vcr.kernel.scan;
