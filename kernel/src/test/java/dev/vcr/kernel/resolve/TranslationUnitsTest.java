package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table a translation unit answers "which place has this file?" from ({@link TranslationUnits.PathIndex}). */
class TranslationUnitsTest {
  @Test
  void placesOfMembersAndNoneForOthers() {
    for (int size : new int[] {1, 7, 31, 32, 33, 300, 5000}) {
      TranslationUnits.PathIndex at = new TranslationUnits.PathIndex();
      List<String> files = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String p = "include/linux/h" + i + ".h";
        assertTrue(at.add(p, i), p);
        files.add(p);
      }
      for (int i = 0; i < size; i++) {
        // a new string: the table compares contents, not the instance it was given
        String p = new String(files.get(i).toCharArray());
        assertEquals(i, at.indexOf(p), p);
        assertFalse(at.add(p, -7), "a second add keeps the first place");
        assertEquals(i, at.indexOf(p));
      }
      for (int i = 0; i < 20_000; i++) {
        assertEquals(-1, at.indexOf("drivers/net/x" + i + ".c"));
      }
    }
  }

  @Test
  void collidingHashesAreTold() {
    TranslationUnits.PathIndex at = new TranslationUnits.PathIndex();
    // "Aa" and "BB" share a hash code, and so do their concatenations
    List<String> same = List.of("AaAa", "AaBB", "BBAa", "BBBB");
    for (int i = 0; i < same.size(); i++) {
      at.add(same.get(i), i);
    }
    for (int i = 0; i < same.size(); i++) {
      assertEquals(i, at.indexOf(same.get(i)));
    }
    assertEquals(-1, at.indexOf("AaAb"));
  }
}
