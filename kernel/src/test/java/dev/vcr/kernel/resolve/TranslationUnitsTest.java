package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The membership test of a translation unit: its bit filter never turns away a file the unit sees. */
class TranslationUnitsTest {
  @Test
  void filterKeepsEveryMemberAndTurnsAwayMostOthers() {
    for (int size : new int[] {1, 7, 300, 5000}) {
      Map<String, Integer> order = new HashMap<>();
      for (int i = 0; i < size; i++) {
        order.put("include/linux/h" + i + ".h", i);
      }
      TranslationUnits.Unit u = TranslationUnits.Unit.of(order, false);
      for (String p : order.keySet()) {
        // a new string: the test must not depend on the instance the unit was built from
        assertTrue(u.sees(new String(p.toCharArray())), p);
      }
      int passed = 0;
      int others = 20_000;
      for (int i = 0; i < others; i++) {
        String p = "drivers/net/x" + i + ".c";
        assertEquals(false, u.sees(p), p);
        if (u.mayHold(p)) {
          passed++; // a false positive of the filter, which the map then answers
        }
      }
      assertTrue(passed < others / 8, size + " files: " + passed + " of " + others + " passed the filter");
    }
  }
}
