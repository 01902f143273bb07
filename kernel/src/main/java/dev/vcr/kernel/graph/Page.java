package dev.vcr.kernel.graph;

/**
 * One page of a ranked list: the items {@code [from, to)} of {@code size}, after the first {@code offset},
 * at most {@code limit} of them. {@code cursor} is the offset of the next page, or null on the last one.
 * The lists it pages are ranked deterministically, so the next page of the same index continues exactly
 * where this one ended, and the pages together are the unpaged list.
 */
record Page(int from, int to, Integer cursor) {
  static Page of(int size, int offset, int limit) {
    int from = Math.min(Math.max(0, offset), size);
    int to = (int) Math.min(size, (long) from + Math.max(0, limit));
    return new Page(from, to, to < size ? Integer.valueOf(to) : null);
  }

  boolean truncated() {
    return cursor != null;
  }
}
