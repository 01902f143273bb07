package dev.vcr.kernel.resolve;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Memoises a recursive lookup that import cycles can re-enter (a module's top-level names, through
 * {@code export *} and imports of a barrel that imports the module back). A re-entered key answers empty
 * for that path, so an answer computed under such a cut may lack what the cut key provides: it is returned
 * but not kept, unless the cut was of the key itself. So a cached answer is the same whichever name was
 * asked first; keeping the partial ones made a file's links depend on the order of its references (a
 * TypeScript import of {@code IAtom} from a barrel, resolved first, left {@code IAtom} unknown in the files
 * of the cycle for the rest of the file). Not thread-safe.
 */
final class CycleMemo<V> {
  private final Map<String, List<V>> done;
  /** The keys being computed, with their depth on the stack. */
  private final Map<String, Integer> active = new HashMap<>();
  private final int maxDepth;
  /** The shallowest depth cut (re-entered, or past {@link #maxDepth}: -1) during the computation under way. */
  private int shallowestCut = Integer.MAX_VALUE;

  CycleMemo(int maxDepth) {
    this.maxDepth = maxDepth;
    this.done = new HashMap<>();
  }

  /**
   * One that keeps at most {@code capacity} answers, the least recently used going first (a kept answer
   * is complete, so one asked again after it went is computed to the same value).
   */
  CycleMemo(int maxDepth, int capacity) {
    this.maxDepth = maxDepth;
    this.done = dev.vcr.kernel.memo.Lru.of(capacity);
  }

  /** The answer for {@code key}: kept, else computed (empty when {@code key} is being computed or too deep). */
  List<V> get(String key, Supplier<List<V>> compute) {
    List<V> kept = done.get(key);
    if (kept != null) {
      return kept;
    }
    Integer at = active.get(key);
    if (at != null || active.size() > maxDepth) {
      shallowestCut = Math.min(shallowestCut, at != null ? at : -1);
      return List.of();
    }
    int depth = active.size();
    active.put(key, depth);
    int outer = shallowestCut;
    shallowestCut = Integer.MAX_VALUE;
    try {
      List<V> out = compute.get();
      if (shallowestCut >= depth) {
        done.put(key, out); // complete: nothing above this computation was cut
      }
      return out;
    } finally {
      active.remove(key);
      shallowestCut = Math.min(outer, shallowestCut);
    }
  }

  void clear() {
    done.clear();
  }
}
