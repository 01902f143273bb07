package dev.vcr.kernel.memo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntBiFunction;

/**
 * A thread-safe memo of values that are functions of their keys, bounded by a total weight: an insert that
 * would pass the budget empties the memo first. A read is one {@link ConcurrentHashMap#get}, without the
 * recency bookkeeping of a least-recently-used cache, which the resolution pass paid on every one of its
 * tens of millions of reads (on Linux, Guava's cache lookups were 7 % of the pass's samples). Meant for
 * memos whose working set fits the budget, as a pass's over an unchanging view does; one that does not
 * gets refilled after each emptying, still within the budget.
 */
public final class ClearingMemo<K, V> {
  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
  private final AtomicLong weight = new AtomicLong();
  private final long budget;
  private final ToIntBiFunction<K, V> weigher;

  /** A memo of at most about {@code budget} weight, each entry weighing {@code weigher}'s answer (at least 1). */
  public ClearingMemo(long budget, ToIntBiFunction<K, V> weigher) {
    this.budget = budget;
    this.weigher = weigher;
  }

  /** The value of {@code key}, or null when it is not (or no longer) held. */
  public V get(K key) {
    return map.get(key);
  }

  public void put(K key, V value) {
    int w = weigh(key, value);
    V old = map.put(key, value);
    if (weight.addAndGet(old == null ? w : w - weigh(key, old)) > budget) {
      synchronized (this) {
        if (weight.get() > budget) {
          map.clear();
          map.put(key, value);
          weight.set(w);
        }
      }
    }
  }

  private int weigh(K key, V value) {
    return Math.max(1, weigher.applyAsInt(key, value));
  }

  /** Entries held now (for tests). */
  public int size() {
    return map.size();
  }
}
