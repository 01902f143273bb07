package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Confidence;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The links of one file: for each of its references (by ordinal), the ids of the declarations it names
 * ({@link SymbolIds}) and how each link was found. Stored as one block per file, next to its facts block:
 * a table of the distinct target ids (ascending, each with how many of the file's references link to it),
 * then per reference a count and, per link, the target's index in the table and the confidence, as varints.
 */
public final class Links {
  private static final Confidence[] CONFIDENCES = Confidence.values();
  private final long[] targets;
  private final int[] counts;
  /** Per reference: entries {@code tableIndex << 2 | confidence}. */
  private final int[][] perRef;

  private Links(long[] targets, int[] counts, int[][] perRef) {
    this.targets = targets;
    this.counts = counts;
    this.perRef = perRef;
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
   * The ordinals of a block's references linked to {@code id}, read straight from the encoded block
   * (a references query reads hundreds of blocks and needs only this from each).
   */
  public static int[] referencesTo(byte[] block, long id) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    int at = -1;
    int count = 0;
    for (int i = 0; i < n; i++) {
      long t = r.longValue();
      int c = r.varint();
      if (t == id) {
        at = i;
        count = c;
      }
    }
    if (at < 0) {
      return new int[0];
    }
    int[] out = new int[count];
    int found = 0;
    int refs = r.varint();
    for (int ref = 0; ref < refs && found < count; ref++) {
      int k = r.varint();
      boolean hit = false;
      for (int j = 0; j < k; j++) {
        hit |= r.varint() >>> 2 == at;
      }
      if (hit) {
        out[found++] = ref;
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
      if (t == id) {
        return c;
      }
    }
    return 0;
  }

  /** The number of references in an encoded block (its facts must have as many). */
  public static int referenceCount(byte[] block) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    for (int i = 0; i < n; i++) {
      r.longValue();
      r.varint();
    }
    return r.varint();
  }

  public byte[] encode() {
    Packer p = new Packer(16 + targets.length * 10 + perRef.length * 2);
    p.varint(targets.length);
    for (int i = 0; i < targets.length; i++) {
      p.longValue(targets[i]).varint(counts[i]);
    }
    p.varint(perRef.length);
    for (int[] e : perRef) {
      p.varint(e.length);
      for (int x : e) {
        p.varint(x);
      }
    }
    return p.toByteArray();
  }

  public static Links decode(byte[] block) {
    Packer.Reader r = new Packer.Reader(block);
    int n = r.varint();
    long[] targets = new long[n];
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      targets[i] = r.longValue();
      counts[i] = r.varint();
    }
    int refs = r.varint();
    int[][] perRef = new int[refs][];
    for (int i = 0; i < refs; i++) {
      int k = r.varint();
      int[] e = new int[k];
      for (int j = 0; j < k; j++) {
        e[j] = r.varint();
        if (e[j] >>> 2 >= n) {
          throw new StoreDamagedException("link to a missing target", null);
        }
      }
      perRef[i] = e;
    }
    if (!r.atEnd()) {
      throw new StoreDamagedException("trailing bytes after a links block", null);
    }
    return new Links(targets, counts, perRef);
  }

  /** Collects a file's links reference by reference; each reference's links in the order given. */
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

    public Links build() {
      TreeMap<Long, Integer> counts = new TreeMap<>();
      for (long[] row : ids) {
        if (row != null) {
          for (long id : new java.util.TreeSet<>(java.util.Arrays.stream(row).boxed().toList())) {
            counts.merge(id, 1, Integer::sum);
          }
        }
      }
      long[] targets = new long[counts.size()];
      int[] c = new int[counts.size()];
      int i = 0;
      for (var e : counts.entrySet()) {
        targets[i] = e.getKey();
        c[i++] = e.getValue();
      }
      int[][] perRef = new int[ids.length][];
      for (int r = 0; r < ids.length; r++) {
        long[] row = ids[r] == null ? new long[0] : ids[r];
        int[] e = new int[row.length];
        for (int j = 0; j < row.length; j++) {
          e[j] = Arrays.binarySearch(targets, row[j]) << 2 | confidences[r][j];
        }
        perRef[r] = e;
      }
      return new Links(targets, c, perRef);
    }
  }
}
