package dev.vcr.kernel.index;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Facts blocks (and the graph summaries that end links blocks, {@link GraphSummary}) are stored
 * LZ4-compressed: the uncompressed length as a varint, then one LZ4 block. Facts blocks'
 * string tables (names, types, receivers) repeat across a file's neighbours' blocks but not within a
 * block's varints, so LZ4 takes about half (Linux: 0.52, against 0.39 for deflate at level 1, which
 * decompresses several times slower; a references answer decompresses the blocks of every file it names).
 * Pure-Java LZ4: no native library is unpacked for it. The seal's checksum covers the stored bytes, so a
 * damaged block is caught before it is decompressed.
 */
final class Compression {
  private static final LZ4Factory LZ4 = LZ4Factory.fastestJavaInstance();
  private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();

  private Compression() {}

  static byte[] compress(byte[] raw) {
    int max = COMPRESSOR.maxCompressedLength(raw.length);
    byte[] out = new byte[5 + max];
    int at = 0;
    for (int v = raw.length; ; v >>>= 7) {
      if ((v & ~0x7F) == 0) {
        out[at++] = (byte) v;
        break;
      }
      out[at++] = (byte) ((v & 0x7F) | 0x80);
    }
    int n = COMPRESSOR.compress(raw, 0, raw.length, out, at, max);
    return java.util.Arrays.copyOf(out, at + n);
  }

  /** The raw bytes of {@code packed}; throws {@link StoreDamagedException} when they cannot be. */
  static byte[] decompress(Object key, byte[] packed) {
    return decompress(key, packed, 0);
  }

  /** As {@link #decompress(Object, byte[])}, of the bytes of {@code packed} from {@code from} on. */
  static byte[] decompress(Object key, byte[] packed, int from) {
    return decompress(key, packed, from, packed.length);
  }

  /**
   * The raw bytes of a sealed compressed block, decompressed in place: the checksum checked
   * ({@link Seal#verified}), the block not copied out first.
   */
  static byte[] unsealAndDecompress(Object key, byte[] sealed) {
    return decompress(key, sealed, 0, Seal.verified(key, sealed));
  }

  /** As {@link #decompress(Object, byte[])}, of the bytes of {@code packed} from {@code from} up to {@code end}. */
  static byte[] decompress(Object key, byte[] packed, int from, int end) {
    int length = 0;
    int at = from;
    for (int shift = 0; ; shift += 7) {
      if (at >= end || shift > 28) {
        throw new StoreDamagedException("malformed compressed block (key " + key + ")", null);
      }
      int b = packed[at++];
      length |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (length < 0) {
      throw new StoreDamagedException("malformed compressed block (key " + key + ")", null);
    }
    byte[] raw = new byte[length];
    try {
      int n = DECOMPRESSOR.decompress(packed, at, end - at, raw, 0, length);
      if (n != length) {
        throw new StoreDamagedException("compressed block of the wrong length (key " + key + ")", null);
      }
    } catch (LZ4Exception e) {
      throw new StoreDamagedException("malformed compressed block (key " + key + ")", e);
    }
    return raw;
  }
}
