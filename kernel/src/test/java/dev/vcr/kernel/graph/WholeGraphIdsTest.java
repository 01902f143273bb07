package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The whole graph's id directory answers like a sorted map: the last node added under an id, else -1. */
class WholeGraphIdsTest {
  @Test
  void bucketedLookupAgreesWithASortedMap() {
    for (int size : new int[] {0, 1, 2, 17, 1000, 200_000}) {
      Random random = new Random(size);
      WholeGraph.Ids ids = new WholeGraph.Ids();
      TreeMap<Long, Integer> expected = new TreeMap<>();
      long[] added = new long[size];
      for (int node = 0; node < size; node++) {
        // hashes over the whole range, extremes and repeats (two definitions sharing an id: the later wins)
        long id = switch (node % 50) {
          case 0 -> Long.MIN_VALUE + node;
          case 1 -> Long.MAX_VALUE - node;
          case 2 -> node > 2 ? added[node / 2] : random.nextLong();
          default -> random.nextLong();
        };
        added[node] = id;
        ids.add(id, node);
        expected.put(id, node);
      }
      ids.sort();
      for (long id : added) {
        assertEquals((int) expected.get(id), ids.get(id), "size " + size);
      }
      for (int i = 0; i < 1000; i++) {
        long absent = random.nextLong();
        assertEquals(expected.getOrDefault(absent, -1), ids.get(absent), "size " + size);
      }
    }
  }
}
