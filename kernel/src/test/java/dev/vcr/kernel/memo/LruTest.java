package dev.vcr.kernel.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Lru} keeps its capacity and drops the entry read or written longest ago. */
class LruTest {
  @Test
  void dropsTheLeastRecentlyUsedBeyondItsCapacity() {
    Map<String, Integer> m = Lru.of(3);
    m.put("a", 1);
    m.put("b", 2);
    m.put("c", 3);
    m.get("a"); // a is now the most recently used
    m.put("d", 4); // b goes
    assertEquals(List.of("c", "a", "d"), List.copyOf(m.keySet()));
    m.put("c", 5); // a write is a use too
    m.put("e", 6); // a goes
    assertEquals(List.of("d", "c", "e"), List.copyOf(m.keySet()));
  }
}
