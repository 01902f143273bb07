package dev.vcr.kernel.scan;

/**
 * A file that would have been indexed but cannot be, or a directory (symlinked, unreadable) whose
 * contents could not be scanned.
 *
 * @param rootIndex index of the root in the list given to {@link WorkspaceScanner#scan}
 * @param path relative to the root, {@code /}-separated ("" for the root directory itself)
 * @param reason why
 * @param detail a human-readable explanation (size, link target, where a duplicate was first reached...)
 */
public record SkippedFile(int rootIndex, String path, SkipReason reason, String detail) {}
