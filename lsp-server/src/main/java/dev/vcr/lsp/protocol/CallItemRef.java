package dev.vcr.lsp.protocol;

/**
 * The kernel identity of a call-hierarchy item, as carried in {@code CallHierarchyItem.data}: the index key
 * of its file, its definition ordinal (-1 for a file's top level) and, to re-validate against current facts,
 * its name and kind label. A library member's item (kind {@code external}) also carries its external id and
 * its type's simple name; its name is the member's.
 */
public record CallItemRef(String path, int ordinal, String name, String kind, Long external, String type) {
  public CallItemRef(String path, int ordinal, String name, String kind) {
    this(path, ordinal, name, kind, null, null);
  }

  public CallItemRef withPath(String newPath) {
    return new CallItemRef(newPath, ordinal, name, kind, external, type);
  }
}
