package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Confidence;
import java.util.Arrays;

/**
 * The links of one file: for each of its references (by ordinal), the ids of the declarations it names
 * ({@link SymbolIds}) and how each link was found. Stored as one block per file, next to its facts block,
 * inverted so that "which references link to this id" reads one section: a table of the distinct target
 * ids (ascending, each with how many of the file's references link to it and the byte length of its
 * section), the file's reference count, then per target its section: each link as the delta of the
 * reference's ordinal from the previous link's, shifted left by two, or its confidence (a section's links
 * are read to its end: their number is not stored).
 * A reference's links are in target order.
 */
public final class Links {
  private static final Confidence[] CONFIDENCES = Confidence.values();
  private final long[] targets;
  private final int[] counts;
  /** Per reference: entries {@code tableIndex << 2 | confidence}. */
  private final int[][] perRef;
  /** The file's graph summary ({@link GraphSummary}), encoded after the sections; null when absent. */
  private final byte[] graph;

  private Links(long[] targets, int[] counts, int[][] perRef, byte[] graph) {
    this.targets = targets;
    this.counts = counts;
    this.perRef = perRef;
    this.graph = graph;
  }

  /** These links with the file's graph summary, computed from them and the file's facts. */
  public Links withGraph(GraphSummary summary) {
    return new Links(targets, counts, perRef, summary.encode(targets));
  }

  /** The graph summary stored with these links, or null. */
  public GraphSummary graph() {
    return graph == null ? null : GraphSummary.decode(graph, 0, targets);
  }

  /** The table index of each link of a reference, in target order. */
  int[] tableIndexes(int ref) {
    int[] e = perRef[ref];
    int[] out = new int[e.length];
    for (int i = 0; i < e.length; i++) {
      out[i] = e[i] >>> 2;
    }
    return out;
  }

  /** The target table's ids (not a copy; do not modify). */
  long[] table() {
    return targets;
  }

  /** The distinct target ids, ascending. */
  public long[] targets() {
    return targets.clone();
  }

  public int referenceCount() {
    return perRef.length;
  }

  /** How many of the file's references link to {@code id}. */
  public int count(long id) {
    int at = Arrays.binarySearch(targets, id);
    return at < 0 ? 0 : counts[at];
  }

  /** The ids a reference links to (empty when it links to nothing). */
  public long[] targetsOf(int ref) {
    int[] e = perRef[ref];
    long[] out = new long[e.length];
    for (int i = 0; i < e.length; i++) {
      out[i] = targets[e[i] >>> 2];
    }
    return out;
  }

  public Confidence confidenceOf(int ref, int link) {
    return CONFIDENCES[perRef[ref][link] & 3];
  }

  /** The ordinals of the references that link to {@code id}, ascending. */
  public int[] referencesTo(long id) {
    int at = Arrays.binarySearch(targets, id);
    if (at < 0) {
      return new int[0];
    }
    int[] out = new int[counts[at]];
    int n = 0;
    for (int r = 0; r < perRef.length; r++) {
      for (int e : perRef[r]) {
        if (e >>> 2 == at) {
          out[n++] = r;
          break;
        }
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * The ordinals of a block's references linked to {@code id}, ascending, read straight from the encoded
   * block: the target table, then only that target's section (a references query reads hundreds of blocks
   * and needs only this from each).
   */
  public static int[] referencesTo(byte[] block, long id) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    int at = -1;
    int count = 0;
    int length = 0;
    int skip = 0;
    for (int i = 0; i < n; i++) {
      long t = r.longValue();
      int c = r.varint();
      int bytes = r.varint();
      if (t == id) {
        at = i;
        count = c;
        length = bytes;
      } else if (at < 0) {
        skip += bytes;
      }
    }
    if (at < 0) {
      return new int[0];
    }
    r.varint(); // the reference count
    r.skip(skip);
    int[] out = new int[count];
    int found = 0;
    int ordinal = 0;
    for (int end = r.position() + length; r.position() < end; ) {
      int delta = r.varint() >>> 2;
      ordinal += delta;
      if (found == 0 || delta != 0) {
        out[found++] = ordinal;
      }
    }
    return found == count ? out : java.util.Arrays.copyOf(out, found);
  }

  /** How many references of an encoded block link to {@code id}, read from its target table only. */
  public static int count(byte[] block, long id) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    for (int i = 0; i < n; i++) {
      long t = r.longValue();
      int c = r.varint();
      r.varint();
      if (t == id) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The graph summary of an encoded block, read from its target table and the bytes after its sections
   * (the sections are skipped by their lengths); null when the block has none.
   */
  public static GraphSummary graphOf(byte[] block) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    long[] targets = new long[n];
    int skip = 0;
    for (int i = 0; i < n; i++) {
      targets[i] = r.longValue();
      r.varint();
      skip += r.varint();
    }
    r.varint(); // the reference count
    r.skip(skip);
    return r.atEnd() ? null : GraphSummary.decode(block, r.position(), targets);
  }

  /** The number of references in an encoded block (its facts must have as many). */
  public static int referenceCount(byte[] block) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    for (int i = 0; i < n; i++) {
      r.longValue();
      r.varint();
      r.varint();
    }
    return r.varint();
  }

  public byte[] encode() {
    // Each target's section: its links in reference order, as (ordinal delta << 2 | confidence).
    Packer[] sections = new Packer[targets.length];
    int[] last = new int[targets.length];
    for (int t = 0; t < targets.length; t++) {
      sections[t] = new Packer(4 + counts[t] * 2);
    }
    for (int ref = 0; ref < perRef.length; ref++) {
      for (int e : perRef[ref]) {
        int t = e >>> 2;
        sections[t].varint((ref - last[t]) << 2 | (e & 3));
        last[t] = ref;
      }
    }
    Packer p = new Packer(16 + targets.length * 12 + perRef.length * 2);
    p.varint(targets.length);
    for (int t = 0; t < targets.length; t++) {
      p.longValue(targets[t]).varint(counts[t]).varint(sections[t].length());
    }
    p.varint(perRef.length);
    for (Packer section : sections) {
      p.append(section);
    }
    if (graph != null) {
      p.bytes(graph);
    }
    return p.toByteArray();
  }

  public static Links decode(byte[] block) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    long[] targets = new long[n];
    int[] counts = new int[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      targets[i] = r.longValue();
      counts[i] = r.varint();
      lengths[i] = r.varint();
    }
    int refs = r.varint();
    // Two passes over the sections: how many links each reference has, then the links, by target.
    int sections = r.position();
    int[] perRefCount = new int[refs];
    for (int t = 0; t < n; t++) {
      int ordinal = 0;
      int end = r.position() + lengths[t];
      while (r.position() < end) {
        ordinal += r.varint() >>> 2;
        if (ordinal >= refs) {
          throw new StoreDamagedException("link from a missing reference", null);
        }
        perRefCount[ordinal]++;
      }
      if (r.position() != end) {
        throw new StoreDamagedException("a links section of the wrong length", null);
      }
    }
    byte[] graph = r.atEnd() ? null : Arrays.copyOfRange(block, r.position(), block.length);
    int[][] perRef = new int[refs][];
    for (int i = 0; i < refs; i++) {
      perRef[i] = new int[perRefCount[i]];
      perRefCount[i] = 0;
    }
    r = new Packer.Reader(block, sections);
    for (int t = 0; t < n; t++) {
      int ordinal = 0;
      for (int end = r.position() + lengths[t]; r.position() < end; ) {
        int e = r.varint();
        ordinal += e >>> 2;
        perRef[ordinal][perRefCount[ordinal]++] = t << 2 | (e & 3);
      }
    }
    return new Links(targets, counts, perRef, graph);
  }

  /** Collects a file's links reference by reference (each reference's links end up in target order). */
  public static final class Builder {
    private final long[][] ids;
    private final byte[][] confidences;

    public Builder(int references) {
      ids = new long[references][];
      confidences = new byte[references][];
    }

    public Builder set(int ref, long[] targetIds, Confidence[] how) {
      ids[ref] = targetIds.clone();
      confidences[ref] = new byte[how.length];
      for (int i = 0; i < how.length; i++) {
        confidences[ref][i] = (byte) how[i].ordinal();
      }
      return this;
    }

    /** As {@link #set(int, long[], Confidence[])}, every link found the same way. */
    public Builder set(int ref, long[] targetIds, Confidence how) {
      ids[ref] = targetIds.clone();
      confidences[ref] = new byte[targetIds.length];
      Arrays.fill(confidences[ref], (byte) how.ordinal());
      return this;
    }

    public Links build() {
      // every reference's distinct targets, then sorted (signed order) and counted: targets and their counts
      int total = 0;
      for (long[] row : ids) {
        total += row == null ? 0 : row.length;
      }
      long[] all = new long[total];
      int n = 0;
      for (long[] row : ids) {
        if (row != null) {
          long[] sorted = row.clone();
          Arrays.sort(sorted);
          for (int j = 0; j < sorted.length; j++) {
            if (j == 0 || sorted[j] != sorted[j - 1]) {
              all[n++] = sorted[j];
            }
          }
        }
      }
      Arrays.sort(all, 0, n);
      long[] targets = new long[n];
      int[] c = new int[n];
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        if (distinct > 0 && targets[distinct - 1] == all[i]) {
          c[distinct - 1]++;
        } else {
          targets[distinct] = all[i];
          c[distinct++] = 1;
        }
      }
      targets = Arrays.copyOf(targets, distinct);
      c = Arrays.copyOf(c, distinct);
      int[][] perRef = new int[ids.length][];
      for (int r = 0; r < ids.length; r++) {
        long[] row = ids[r] == null ? new long[0] : ids[r];
        int[] e = new int[row.length];
        for (int j = 0; j < row.length; j++) {
          e[j] = Arrays.binarySearch(targets, row[j]) << 2 | confidences[r][j];
        }
        Arrays.sort(e); // target order, as a decoded block has them
        perRef[r] = e;
      }
      return new Links(targets, c, perRef, null);
    }
  }
}
