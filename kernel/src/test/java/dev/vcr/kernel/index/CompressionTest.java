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

  @Test
  void aSealedBlockIsCheckedAndDecompressedInPlace() {
    Random random = new Random(11);
    for (int n : new int[] {0, 1, 300, 40_000}) {
      byte[] raw = new byte[n];
      for (int i = 0; i < n; i++) {
        raw[i] = (byte) ('a' + random.nextInt(4)); // compressible, so the block is shorter than the bytes
      }
      byte[] sealed = Seal.seal(n, Compression.compress(raw));
      assertArrayEquals(raw, Compression.unsealAndDecompress(n, sealed));
      assertArrayEquals(Compression.decompress(n, Seal.unseal(n, sealed)), Compression.unsealAndDecompress(n, sealed));
      for (int at : new int[] {0, sealed.length / 2, sealed.length - 1}) {
        byte[] damaged = sealed.clone();
        damaged[at] ^= 0x10;
        assertThrows(StoreDamagedException.class, () -> Compression.unsealAndDecompress(n, damaged), "byte " + at);
      }
      assertThrows(StoreDamagedException.class, () -> Compression.unsealAndDecompress(n + 1, sealed), "another key");
    }
    // a block whose length prefix runs into the checksum: the checksum is not read as block bytes
    byte[] prefixOnly = Seal.seal(1, new byte[] {(byte) 0x80});
    assertThrows(StoreDamagedException.class, () -> Compression.unsealAndDecompress(1, prefixOnly));
  }
}
