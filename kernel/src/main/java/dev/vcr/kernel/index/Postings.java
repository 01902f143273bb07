package dev.vcr.kernel.index;

import java.util.Arrays;

/**
 * A posting list: the ascending, distinct file ids under one name, stored as a count and then deltas, each a
 * varint (a name used in thousands of files costs one or two bytes per file).
 */
final class Postings {
  private Postings() {}

  static byte[] encode(int[] ids, int n) {
    Packer p = new Packer(4 + n * 2);
    p.varint(n);
    int last = 0;
    for (int i = 0; i < n; i++) {
      p.varint(ids[i] - last);
      last = ids[i];
    }
    return p.toByteArray();
  }

  static int[] decode(byte[] bytes) {
    Packer.Reader r = new Packer.Reader(bytes);
    int[] out = new int[r.varint()];
    int last = 0;
    for (int i = 0; i < out.length; i++) {
      last += r.varint();
      out[i] = last;
    }
    if (!r.atEnd()) {
      throw new StoreDamagedException("trailing bytes after a posting list", null);
    }
    return out;
  }

  /** The list with {@code id} added (null input is the empty list). */
  static byte[] with(byte[] list, int id) {
    int[] ids = list == null ? new int[0] : decode(list);
    int at = Arrays.binarySearch(ids, id);
    if (at >= 0) {
      return list;
    }
    int ins = -at - 1;
    int[] out = new int[ids.length + 1];
    System.arraycopy(ids, 0, out, 0, ins);
    out[ins] = id;
    System.arraycopy(ids, ins, out, ins + 1, ids.length - ins);
    return encode(out, out.length);
  }

  /** The list with {@code id} removed, or null when it becomes empty. */
  static byte[] without(byte[] list, int id) {
    if (list == null) {
      return null;
    }
    int[] ids = decode(list);
    int at = Arrays.binarySearch(ids, id);
    if (at < 0) {
      return list;
    }
    if (ids.length == 1) {
      return null;
    }
    int[] out = new int[ids.length - 1];
    System.arraycopy(ids, 0, out, 0, at);
    System.arraycopy(ids, at + 1, out, at, ids.length - at - 1);
    return encode(out, out.length);
  }
}
