package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's mapped copy of the definition names: lookups compare stored UTF-8 bytes as strings compare. */
class FlatNamesTest {
  @TempDir Path tmp;

  /** Names from ASCII, Latin, BMP characters above the surrogates, and supplementary ones (two UTF-16 units). */
  private static String name(Random r) {
    String[] parts = {"a", "b", "_", "Z", "0", "é", "ß", "中", "\uffee", "\ud835\udc9c", "\ud83d\ude00", "$"};
    StringBuilder s = new StringBuilder();
    for (int n = r.nextInt(6); n >= 0; n--) {
      s.append(parts[r.nextInt(parts.length)]);
    }
    return s.toString();
  }

  @Test
  void theNameTablesOrderIsStringOrder() {
    Random r = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String a = name(r);
      String b = name(r);
      assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(SortedRuns.NAMES.compare(a, b)), a + " / " + b);
    }
  }

  @Test
  void storedBytesCompareAsTheirStrings() {
    Random r = new Random(7);
    for (int i = 0; i < 50_000; i++) {
      String stored = name(r);
      String asked = r.nextInt(10) == 0 ? stored : name(r);
      byte[] utf8 = stored.getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(utf8.length + 3);
      b.put(1, utf8); // at an offset, as in the mapped file
      assertEquals(Integer.signum(stored.compareTo(asked)), Integer.signum(FlatNames.compare(b, 1, utf8.length, asked)),
          stored + " / " + asked);
    }
  }

  @Test
  void lookupsFindWhatATreeMapFinds() throws Exception {
    Random r = new Random(11);
    TreeMap<String, byte[]> names = new TreeMap<>();
    for (int i = 0; i < 5_000; i++) {
      names.put(name(r) + r.nextInt(50), new byte[] {(byte) i, (byte) (i >> 8), 7});
    }
    FlatNames flat;
    try (FlatNames.Writer w = new FlatNames.Writer(tmp, "t")) {
      for (Map.Entry<String, byte[]> e : names.entrySet()) {
        w.add(e.getKey(), e.getValue());
      }
      flat = w.finish();
    }
    try (flat) {
      for (Map.Entry<String, byte[]> e : names.entrySet()) {
        assertArrayEquals(e.getValue(), flat.get(e.getKey()), e.getKey());
      }
      List<String> absent = new ArrayList<>(List.of("", "\uffff", "\ud83d", "zzzz"));
      for (int i = 0; i < 5_000; i++) {
        absent.add(name(r) + "#");
      }
      for (String a : absent) {
        if (!names.containsKey(a)) {
          assertNull(flat.get(a), a);
        }
      }
    }
  }
}
