package dev.vcr.kernel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Span spells out equals and hashCode (the generated ones run slowly on the JIT's first tier): equal exactly
 * when every column is, and hashed as a record's generated method hashes six ints, so that no hash-keyed
 * collection of spans behaves differently from before.
 */
class SpanTest {
  @Test
  void equalExactlyWhenEveryColumnIsAndHashedAsARecordIs() {
    Random r = new Random(17);
    for (int n = 0; n < 5_000; n++) {
      int[] a = new int[6];
      for (int i = 0; i < 6; i++) {
        a[i] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(3);
      }
      int[] b = a.clone();
      int changed = r.nextInt(7); // 6: none
      if (changed < 6) {
        b[changed] += 1 + r.nextInt(2);
      }
      Span x = span(a);
      Span y = span(b);
      assertEquals(changed == 6, x.equals(y), x + " vs " + y);
      assertEquals(changed == 6, y.equals(x));
      int generated = 0;
      for (int v : a) {
        generated = generated * 31 + Integer.hashCode(v);
      }
      assertEquals(generated, x.hashCode());
      if (changed == 6) {
        assertEquals(x.hashCode(), y.hashCode());
      }
    }
    Span s = new Span(1, 2, 2, 3, 4, 4);
    assertNotEquals(s, null);
    assertFalse(s.equals("1:3-4:5"));
  }

  private static Span span(int[] v) {
    return new Span(v[0], v[1], v[2], v[3], v[4], v[5]);
  }
}
