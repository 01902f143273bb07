package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import kotlin.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The id tables' external sort gives every id's files, ascending, in the tables' key order, sealed as the
 * store reads them: in memory, over spilled runs, and over more runs than one merge pass takes.
 */
class IdRunsTest {
  @TempDir Path tmp;

  @Test
  void inMemory() throws IOException {
    assertEquals(0, check(1 << 20, 3_000));
  }

  @Test
  void spilledRuns() throws IOException {
    int runs = check(IdRuns.ENTRY_BYTES * 500L, 3_000); // runs of 500 pairs: one merge
    assertTrue(runs > 1 && runs <= SortedRuns.FAN_IN, "runs: " + runs);
  }

  @Test
  void moreRunsThanOneMergeTakes() throws IOException {
    int runs = check(IdRuns.ENTRY_BYTES * 40L, 3_000); // runs of 40 pairs: merged in passes
    assertTrue(runs > SortedRuns.FAN_IN, "runs: " + runs);
  }

  @Test
  void noPairsNoLists() throws IOException {
    try (IdRuns runs = new IdRuns(tmp, "t", 1 << 20)) {
      assertFalse(runs.grouped().hasNext());
    }
  }

  @Test
  void fileIdsMustAscend() throws IOException {
    try (IdRuns runs = new IdRuns(tmp, "t", 1 << 20)) {
      runs.add(5, 2);
      runs.add(3, 2); // same file: any id order
      assertThrows(IllegalArgumentException.class, () -> runs.add(7, 1));
    }
  }

  /**
   * Random files of random ids (a few shared by many files, signs mixed), against a sorted map; returns how
   * many runs the pairs spilled to.
   */
  private int check(long budget, int files) throws IOException {
    Random random = new Random(files + budget);
    long[] common = new long[40];
    for (int i = 0; i < common.length; i++) {
      common[i] = random.nextLong();
    }
    common[0] = -1L; // the largest unsigned id
    common[1] = Long.MIN_VALUE;
    common[2] = 1;
    Map<Long, List<Integer>> expected = new TreeMap<>(Long::compareUnsigned);
    int spilled;
    try (IdRuns runs = new IdRuns(tmp, "t", budget)) {
      for (int file = 1; file <= files; file++) {
        java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
        int n = random.nextInt(12);
        for (int k = 0; k < n; k++) {
          ids.add(random.nextInt(3) == 0 ? random.nextLong() : common[random.nextInt(common.length)]);
        }
        for (long id : ids) {
          runs.add(id, file);
          expected.computeIfAbsent(id, x -> new ArrayList<>()).add(file);
        }
      }
      spilled = runs.runsSpilled();
      Iterator<Pair<Long, byte[]>> out = runs.grouped();
      Long lastKey = null;
      int lists = 0;
      for (Map.Entry<Long, List<Integer>> e : expected.entrySet()) {
        assertTrue(out.hasNext());
        Pair<Long, byte[]> p = out.next();
        assertEquals(SymbolIds.tableKey(e.getKey()), p.getFirst());
        if (lastKey != null) {
          assertTrue(lastKey < p.getFirst(), "table keys ascend as signed longs");
        }
        lastKey = p.getFirst();
        int[] want = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(want, Postings.decode(Seal.unseal(SymbolIds.key(e.getKey()), p.getSecond())));
        lists++;
      }
      assertFalse(out.hasNext());
      assertEquals(expected.size(), lists);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(0, left.count(), "run files are deleted on close");
    }
    return spilled;
  }
}
