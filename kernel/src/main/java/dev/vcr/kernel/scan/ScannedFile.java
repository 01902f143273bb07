package dev.vcr.kernel.scan;

import dev.vcr.kernel.lang.Language;
import java.nio.file.Path;

/**
 * A file to index.
 *
 * @param rootIndex index of the root in the list given to {@link WorkspaceScanner#scan}
 * @param root that root, made absolute and normalized (not resolved through symlinks)
 * @param path relative to the root, {@code /}-separated, without a leading {@code ./}; through symlinked
 *     directories when the file was reached through one
 * @param absolute {@code root} resolved with {@code path} (the path the user sees, not the real path)
 * @param language from the file name ({@link Language#forFileName})
 * @param size in bytes, of the target for a symlinked file
 * @param mtimeMillis last-modified time, of the target for a symlinked file
 */
public record ScannedFile(
    int rootIndex, Path root, String path, Path absolute, Language language, long size, long mtimeMillis) {}
