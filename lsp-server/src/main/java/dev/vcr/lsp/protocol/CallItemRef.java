package dev.vcr.lsp.protocol;

/**
 * The kernel identity of a call-hierarchy item, as carried in {@code CallHierarchyItem.data}: the index key
 * of its file, its definition ordinal (-1 for a file's top level) and, to re-validate against current facts,
 * its name and kind label.
 */
public record CallItemRef(String path, int ordinal, String name, String kind) {}
