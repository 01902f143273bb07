package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The value of the definition-name table: for one name, the files that define it in ascending file id order,
 * and in each the definitions of that name (ordinal, kind, arity and symbol id), so that by-name lookups of
 * the resolution pass and ranking never decode a file's facts.
 *
 * <p>Layout: file count; then per file the file id as a delta from the previous one, and its part: the
 * definition count and, per definition, ordinal, kind, arity + 1 (varints) and the 8-byte id. A file's part
 * is computed once from its facts ({@link #parts}) and is the unit that in-place updates replace.
 */
final class DefPostings {
  private DefPostings() {}

  private static final SymbolKind[] KINDS = SymbolKind.values();

  /** Each defined name's part of a file: the named definitions of that name, in order. Sorted by name. */
  static SortedMap<String, byte[]> parts(String path, FileFacts f) {
    return parts(f, SymbolIds.of(path, f));
  }

  /** As {@link #parts(String, FileFacts)}, given the file's ids ({@link SymbolIds#of}). */
  static SortedMap<String, byte[]> parts(FileFacts f, long[] ids) {
    TreeMap<String, Packer> byName = new TreeMap<>();
    TreeMap<String, Integer> counts = new TreeMap<>();
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (!d.kind().isNamed()) {
        continue;
      }
      byName.computeIfAbsent(d.name(), k -> new Packer(16)).varint(i).varint(d.kind().ordinal())
          .varint(d.arity() + 1).longValue(ids[i]);
      counts.merge(d.name(), 1, Integer::sum);
    }
    TreeMap<String, byte[]> out = new TreeMap<>();
    for (var e : byName.entrySet()) {
      out.put(e.getKey(), new Packer(e.getValue().length() + 2).varint(counts.get(e.getKey())).append(e.getValue())
          .toByteArray());
    }
    return out;
  }

  /** One name's value from its files' parts, in ascending file id order. */
  static byte[] encode(int[] fileIds, byte[][] parts, int n) {
    int size = 5;
    for (int i = 0; i < n; i++) {
      size += 5 + parts[i].length;
    }
    Packer p = new Packer(size).varint(n);
    int last = 0;
    for (int i = 0; i < n; i++) {
      p.varint(fileIds[i] - last).bytes(parts[i]);
      last = fileIds[i];
    }
    return p.toByteArray();
  }

  /** The defining files' ids, ascending. */
  static int[] files(byte[] value) {
    Packer.Reader r = new Packer.Reader(value);
    int[] out = new int[r.varint()];
    int last = 0;
    for (int i = 0; i < out.length; i++) {
      last += r.varint();
      out[i] = last;
      skipPart(r);
    }
    end(r);
    return out;
  }

  /** A decoded entry before its file id is mapped to a path. */
  record Raw(int fileId, int ordinal, SymbolKind kind, int arity, long id) {}

  static List<Raw> entries(byte[] value) {
    Packer.Reader r = new Packer.Reader(value);
    int files = r.varint();
    List<Raw> out = new ArrayList<>(files);
    int last = 0;
    for (int i = 0; i < files; i++) {
      last += r.varint();
      int k = r.varint();
      for (int j = 0; j < k; j++) {
        int ordinal = r.varint();
        int kind = r.varint();
        if (kind >= KINDS.length) {
          throw new StoreDamagedException("unknown definition kind " + kind, null);
        }
        out.add(new Raw(last, ordinal, KINDS[kind], r.varint() - 1, r.longValue()));
      }
    }
    end(r);
    return out;
  }

  /** The value with file {@code fileId}'s part replaced by {@code part} (null removes it); null when empty. */
  static byte[] withPart(byte[] value, int fileId, byte[] part) {
    List<Integer> ids = new ArrayList<>();
    List<byte[]> parts = new ArrayList<>();
    if (value != null) {
      Packer.Reader r = new Packer.Reader(value);
      int files = r.varint();
      int last = 0;
      for (int i = 0; i < files; i++) {
        last += r.varint();
        int from = r.position();
        skipPart(r);
        if (last != fileId) {
          ids.add(last);
          parts.add(java.util.Arrays.copyOfRange(value, from, r.position()));
        }
      }
      end(r);
    }
    if (part != null) {
      int at = 0;
      while (at < ids.size() && ids.get(at) < fileId) {
        at++;
      }
      ids.add(at, fileId);
      parts.add(at, part);
    }
    if (ids.isEmpty()) {
      return null;
    }
    int[] a = new int[ids.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ids.get(i);
    }
    return encode(a, parts.toArray(new byte[0][]), a.length);
  }

  private static void skipPart(Packer.Reader r) {
    int k = r.varint();
    for (int j = 0; j < k; j++) {
      r.varint();
      r.varint();
      r.varint();
      r.longValue();
    }
  }

  private static void end(Packer.Reader r) {
    if (!r.atEnd()) {
      throw new StoreDamagedException("trailing bytes after a definition posting list", null);
    }
  }
}
