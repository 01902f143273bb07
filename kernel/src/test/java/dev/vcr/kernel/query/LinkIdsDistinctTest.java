package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ids a use links to: each distinct non-zero id once, in the order first seen ({@link Navigator#distinct}). */
class LinkIdsDistinctTest {
  @Test
  void keepsTheFirstOfEachNonZeroIdInOrder() {
    long[] a = {7, 0, 3, 7, 3, 0, 9, 7};
    int n = Navigator.distinct(a, a.length);
    assertArrayEquals(new long[] {7, 3, 9}, Arrays.copyOf(a, n));
    assertEquals(0, Navigator.distinct(new long[] {0, 0}, 2));
    assertEquals(0, Navigator.distinct(new long[0], 0));
  }

  @Test
  void agreesWithAnOrderedSetOnSmallAndLargeInputs() {
    Random random = new Random(7);
    for (int round = 0; round < 400; round++) {
      int n = round < 200 ? random.nextInt(20) : 17 + random.nextInt(600); // both sides of the cut-over
      long[] a = new long[n];
      for (int i = 0; i < n; i++) {
        // few distinct values, so runs of equal ids; negatives too (ids are 64-bit hashes)
        a[i] = random.nextInt(5) == 0 ? 0 : random.nextInt(40) - 20L * (random.nextBoolean() ? 1 : 0);
      }
      Set<Long> expected = new LinkedHashSet<>();
      for (long v : a) {
        if (v != 0) {
          expected.add(v);
        }
      }
      long[] copy = a.clone();
      int kept = Navigator.distinct(copy, n);
      assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), Arrays.copyOf(copy, kept),
          "input " + Arrays.toString(a));
    }
  }
}
