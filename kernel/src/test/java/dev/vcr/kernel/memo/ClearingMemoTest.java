package dev.vcr.kernel.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClearingMemoTest {
  @Test
  void holdsWhatFitsAndEmptiesBeforePassingItsBudget() {
    ClearingMemo<String, int[]> m = new ClearingMemo<>(100, (k, v) -> v.length);
    for (int i = 0; i < 9; i++) {
      m.put("k" + i, new int[10]);
    }
    assertEquals(9, m.size());
    assertEquals(10, m.get("k3").length);
    m.put("k3", new int[20]); // a replacement weighs its new value only: 100 in all, still within
    assertEquals(9, m.size());
    m.put("big", new int[5]); // 105 > 100: emptied first, then held
    assertEquals(1, m.size());
    assertNull(m.get("k0"));
    assertEquals(5, m.get("big").length);
  }

  @Test
  void neverHoldsMoreThanItsBudgetOfEntries() {
    ClearingMemo<Integer, String> m = new ClearingMemo<>(50, (k, v) -> 1);
    for (int i = 0; i < 1000; i++) {
      m.put(i, "v" + i);
      assertTrue(m.size() <= 50, "size " + m.size());
      assertEquals("v" + i, m.get(i));
    }
  }
}
