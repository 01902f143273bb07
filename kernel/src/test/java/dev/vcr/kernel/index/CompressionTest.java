package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {
  @Test
  void blocksRoundTripAndRepetitiveOnesShrink() {
    Random random = new Random(7);
    for (int n : new int[] {0, 1, 127, 128, 5000, 70_000}) {
      byte[] raw = new byte[n];
      random.nextBytes(raw);
      assertArrayEquals(raw, Compression.decompress(n, Compression.compress(raw)));
    }
    byte[] text = "static int helper(struct device *dev) { return dev->id; }\n".repeat(200)
        .getBytes(StandardCharsets.UTF_8);
    byte[] packed = Compression.compress(text);
    assertTrue(packed.length < text.length / 4, packed.length + " of " + text.length);
    assertArrayEquals(text, Compression.decompress("k", packed));
  }

  @Test
  void aDamagedBlockIsReportedAsDamage() {
    byte[] packed = Compression.compress("some facts, some facts, some facts".getBytes(StandardCharsets.UTF_8));
    assertThrows(StoreDamagedException.class, () -> Compression.decompress(1, Arrays.copyOf(packed, packed.length - 3)));
    assertThrows(StoreDamagedException.class, () -> Compression.decompress(1, new byte[] {(byte) 0x80}));
    byte[] wrongLength = packed.clone();
    wrongLength[0] = (byte) (wrongLength[0] + 5);
    assertThrows(StoreDamagedException.class, () -> Compression.decompress(1, wrongLength));
  }
}
