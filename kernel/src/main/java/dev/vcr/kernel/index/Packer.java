package dev.vcr.kernel.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with varint, long and string encodings: the one wire format of the index's
 * values. Encoding is canonical (same values, same bytes), which the index hash relies on.
 * Not thread-safe.
 */
final class Packer {
  private byte[] buf;
  private int len;

  Packer(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  Packer() {
    this(256);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  int length() {
    return len;
  }

  /** Appends what another packer wrote. */
  Packer append(Packer other) {
    ensure(other.len);
    System.arraycopy(other.buf, 0, buf, len, other.len);
    len += other.len;
    return this;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  Packer varint(int value) {
    ensure(5);
    int v = value;
    while ((v & ~0x7F) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  /** Zig-zag encodes small negatives (-1 for "none") compactly. */
  Packer signed(int value) {
    return varint((value << 1) ^ (value >> 31));
  }

  Packer longValue(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[len++] = (byte) (value >>> (56 - 8 * i));
    }
    return this;
  }

  Packer string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    bytes(b);
    return this;
  }

  Packer bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Reads what a {@link Packer} wrote. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    Reader(byte[] buf, int position) {
      this.buf = buf;
      this.pos = position;
    }

    void skip(int n) {
      if (n < 0 || pos + n > buf.length) {
        throw new IllegalStateException("malformed length " + n);
      }
      pos += n;
    }

    int position() {
      return pos;
    }

    boolean atEnd() {
      return pos >= buf.length;
    }

    int varint() {
      int result = 0;
      int shift = 0;
      while (true) {
        byte b = buf[pos++];
        result |= (b & 0x7F) << shift;
        if (b >= 0) {
          return result;
        }
        shift += 7;
        if (shift > 28 + 7) {
          throw new IllegalStateException("malformed varint");
        }
      }
    }

    int signed() {
      int v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    long longValue() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFFL);
      }
      return v;
    }

    String string() {
      int n = varint();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
