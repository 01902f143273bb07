package dev.vcr.kernel.index;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only copy of a name table in two memory-mapped files, for the random by-name lookups of a build's
 * resolution pass. A generation being built is written through a file channel (so that a build's memory is
 * its buffers, not the index's size), and there every B-tree lookup reads its nodes with system calls:
 * about 60 µs each, measured, against about 2 µs here. The files are written once, in key order, as the
 * table is bulk-loaded; their pages are clean and file-backed, and they are deleted when the build ends.
 *
 * <p>Layout: {@code <prefix>.data} holds, per entry, the name's and the value's lengths (4 bytes each) and
 * bytes; {@code <prefix>.offsets} holds each entry's offset in the data file (8 bytes), so a lookup is a
 * binary search over names in {@link String#compareTo} order (the name tables' order, {@link SortedRuns#NAMES}),
 * comparing a probed name's UTF-8 bytes with the name asked for as they are, without decoding them into a
 * string (a lookup in Linux's table probes about 22 names). Thread-safe for lookups (absolute reads only).
 */
final class FlatNames implements AutoCloseable {
  /** Larger tables are not mapped: their builds use the B-tree (one mapping is limited to 2 GB). */
  static final long MAX_BYTES = 1L << 30;

  private final Path data;
  private final Path offsets;
  private final ByteBuffer dataMap;
  private final ByteBuffer offsetMap;
  private final int count;

  private FlatNames(Path data, Path offsets, ByteBuffer dataMap, ByteBuffer offsetMap) {
    this.data = data;
    this.offsets = offsets;
    this.dataMap = dataMap;
    this.offsetMap = offsetMap;
    this.count = offsetMap.capacity() / 8;
  }

  /**
   * Writes entries in ascending {@link String#compareTo} order; {@link #finish} maps them, or gives null when
   * they are too large.
   */
  static final class Writer implements AutoCloseable {
    private final Path data;
    private final Path offsets;
    private final DataOutputStream dataOut;
    private final DataOutputStream offsetOut;
    private long written;

    Writer(Path dir, String prefix) throws IOException {
      this.data = dir.resolve(prefix + ".data");
      this.offsets = dir.resolve(prefix + ".offsets");
      this.dataOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(data), 1 << 16));
      this.offsetOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(offsets), 1 << 16));
    }

    void add(String name, byte[] value) throws IOException {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      offsetOut.writeLong(written);
      dataOut.writeInt(n.length);
      dataOut.write(n);
      dataOut.writeInt(value.length);
      dataOut.write(value);
      written += 8L + n.length + value.length;
    }

    FlatNames finish() throws IOException {
      close();
      if (written > MAX_BYTES) {
        delete(data, offsets);
        return null;
      }
      return new FlatNames(data, offsets, map(data), map(offsets));
    }

    @Override
    public void close() throws IOException {
      dataOut.close();
      offsetOut.close();
    }
  }

  private static MappedByteBuffer map(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
  }

  /** The value stored under {@code name}, or null. */
  byte[] get(String name) {
    if (closed) {
      throw new IllegalStateException("the build's name table copy is closed");
    }
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int at = (int) offsetMap.getLong(mid * 8);
      int len = dataMap.getInt(at);
      int c = compare(dataMap, at + 4, len, name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        int valueAt = at + 4 + len;
        byte[] v = new byte[dataMap.getInt(valueAt)];
        dataMap.get(valueAt + 4, v);
        return v;
      }
    }
    return null;
  }

  /**
   * The sign of {@code stored.compareTo(name)}, where {@code stored} is the name whose UTF-8 bytes are the
   * {@code len} bytes at {@code at} (as {@link String#getBytes} wrote them): its code points are decoded and
   * compared as UTF-16 units, as {@link String#compareTo} compares.
   */
  static int compare(ByteBuffer bytes, int at, int len, String name) {
    int i = at;
    int end = at + len;
    int k = 0;
    int n = name.length();
    while (i < end && k < n) {
      int b = bytes.get(i) & 0xff;
      int cp;
      if (b < 0x80) {
        cp = b;
        i++;
      } else if (b < 0xe0) {
        cp = (b & 0x1f) << 6 | bytes.get(i + 1) & 0x3f;
        i += 2;
      } else if (b < 0xf0) {
        cp = (b & 0x0f) << 12 | (bytes.get(i + 1) & 0x3f) << 6 | bytes.get(i + 2) & 0x3f;
        i += 3;
      } else {
        cp = (b & 0x07) << 18 | (bytes.get(i + 1) & 0x3f) << 12 | (bytes.get(i + 2) & 0x3f) << 6
            | bytes.get(i + 3) & 0x3f;
        i += 4;
      }
      if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
        int d = cp - name.charAt(k++);
        if (d != 0) {
          return d;
        }
      } else {
        int d = Character.highSurrogate(cp) - name.charAt(k++);
        if (d != 0) {
          return d;
        }
        if (k == n) {
          return 1; // the stored name goes on with the low surrogate
        }
        d = Character.lowSurrogate(cp) - name.charAt(k++);
        if (d != 0) {
          return d;
        }
      }
    }
    return i < end ? 1 : k < n ? -1 : 0;
  }

  private volatile boolean closed;

  /**
   * Unmaps and deletes the files. Called once the resolution pass is over: nothing reads the copy after
   * that. The mappings are released now rather than by the garbage collector, because a deleted file that
   * is still mapped keeps its space, and keeps its file system from being remounted read-only.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    unmap(dataMap);
    unmap(offsetMap);
    delete(data, offsets);
  }

  /** Releases a mapping at once (the JDK's own cleaner, as MapDB's cleaner hack does); else the GC will. */
  private static void unmap(ByteBuffer buffer) {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field f = unsafeClass.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      unsafeClass.getMethod("invokeCleaner", ByteBuffer.class).invoke(f.get(null), buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      java.util.logging.Logger.getLogger(FlatNames.class.getName()).log(java.util.logging.Level.FINE,
          "cannot unmap a name table copy now; the garbage collector will", e);
    }
  }

  private static void delete(Path... files) throws IOException {
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }
}
