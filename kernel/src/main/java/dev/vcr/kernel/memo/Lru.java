package dev.vcr.kernel.memo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps at most a given number of entries, dropping the least recently used (read or written)
 * first: the bounded memos of one resolver or one navigator, used by one thread. Not thread-safe.
 */
public final class Lru {
  private Lru() {}

  public static <K, V> Map<K, V> of(int capacity) {
    return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
