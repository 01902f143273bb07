package dev.vcr.kernel.index;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.nio.charset.StandardCharsets;

/**
 * Which paths a generation may hold: a Bloom filter over its paths, so that looking up a path it does not
 * hold skips the files table. The C family's include search asks about hundreds of thousands of such paths
 * (every include tried beside the including file, in its {@code include/} folder and in each ancestor's:
 * 355k distinct candidates on Linux), and each miss of the table decodes a whole B-tree node. About 1.2 bytes
 * per path (1 % false positives, which read the table as before). Paths are only added: a removed path stays
 * "may hold", and the table says no. Thread-safe (Guava's filter sets its bits atomically).
 */
final class PathFilter {
  private static final double FALSE_POSITIVES = 0.01;
  private static final int MIN_CAPACITY = 4096;

  private final BloomFilter<CharSequence> bloom;
  private final long capacity;
  private long added;

  private PathFilter(long expected) {
    this.capacity = Math.max(MIN_CAPACITY, expected);
    this.bloom = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), capacity, FALSE_POSITIVES);
  }

  /** A filter over {@code paths} ({@code count} of them), with room for as many again. */
  static PathFilter of(Iterable<String> paths, long count) {
    PathFilter f = new PathFilter(2 * count);
    for (String p : paths) {
      f.add(p);
    }
    return f;
  }

  /** False only when the generation certainly holds no file at {@code path}. */
  boolean mayHold(String path) {
    return bloom.mightContain(path);
  }

  /** Adds a path; false when the filter is past the size it was made for (make a new one). */
  synchronized boolean add(String path) {
    bloom.put(path);
    return ++added <= capacity;
  }
}
