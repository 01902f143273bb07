package dev.vcr.kernel.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Every stored value carries a CRC32C of its key and payload. MapDB keeps no record checksums, and a damaged
 * byte in a key or a value would otherwise be served silently; with the trailer, a read of a damaged entry
 * throws {@link StoreDamagedException} and the store is rebuilt.
 */
final class Seal {
  private Seal() {}

  static byte[] seal(Object key, byte[] payload) {
    byte[] out = Arrays.copyOf(payload, payload.length + 4);
    int crc = crc(key, payload, payload.length);
    out[payload.length] = (byte) (crc >>> 24);
    out[payload.length + 1] = (byte) (crc >>> 16);
    out[payload.length + 2] = (byte) (crc >>> 8);
    out[payload.length + 3] = (byte) crc;
    return out;
  }

  static byte[] unseal(Object key, byte[] stored) {
    return Arrays.copyOf(stored, verified(key, stored));
  }

  /**
   * The length of {@code stored}'s payload (its bytes before the checksum), once the checksum is checked:
   * for a reader that decodes the payload in place rather than copying it out ({@link #unseal}).
   */
  static int verified(Object key, byte[] stored) {
    int n = stored.length - 4;
    if (n < 0) {
      throw new StoreDamagedException("stored value too short for its checksum (key " + key + ")", null);
    }
    int expected = ((stored[n] & 0xFF) << 24) | ((stored[n + 1] & 0xFF) << 16) | ((stored[n + 2] & 0xFF) << 8)
        | (stored[n + 3] & 0xFF);
    if (crc(key, stored, n) != expected) {
      throw new StoreDamagedException("checksum mismatch for key " + key, null);
    }
    return n;
  }

  private static int crc(Object key, byte[] payload, int length) {
    CRC32C c = new CRC32C();
    if (key instanceof String str) {
      c.update(str.getBytes(StandardCharsets.UTF_8));
    } else if (key instanceof Integer i) {
      updateInt(c, i);
    } else {
      throw new IllegalArgumentException("unsupported key type " + key.getClass());
    }
    c.update(payload, 0, length);
    return (int) c.getValue();
  }

  private static void updateInt(CRC32C c, int v) {
    c.update(v >>> 24);
    c.update(v >>> 16);
    c.update(v >>> 8);
    c.update(v);
  }
}
