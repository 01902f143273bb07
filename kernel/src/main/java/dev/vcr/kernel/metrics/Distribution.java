package dev.vcr.kernel.metrics;

import java.util.Arrays;

/** A recorded sample of values (e.g. microseconds) with nearest-rank percentiles. Thread-safe. */
public final class Distribution {
  private long[] values = new long[64];
  private int count;

  public synchronized void record(long value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
  }

  public synchronized int count() {
    return count;
  }

  /** Nearest-rank percentile, p in (0, 100]; 0 when empty. */
  public synchronized long percentile(double p) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }

  public synchronized long sum() {
    long s = 0;
    for (int i = 0; i < count; i++) {
      s += values[i];
    }
    return s;
  }
}
