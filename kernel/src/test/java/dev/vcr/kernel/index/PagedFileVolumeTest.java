package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/** The build's page-cached volume: byte-exact against a model, a valid MapDB file, safe across threads. */
class PagedFileVolumeTest {
  private static final int PAGE = PagedFileVolume.PAGE;

  @TempDir
  Path tmp;

  @Test
  void randomReadsAndWritesThroughThreeCachedPagesMatchAModelAndTheFile() throws IOException {
    Path file = tmp.resolve("v.db");
    Random rnd = new Random(42);
    int limit = 40 * PAGE;
    byte[] model = new byte[limit];
    long size = 0;
    PagedFileVolume v = new PagedFileVolume(file.toFile(), 3L * PAGE);
    try {
      v.ensureAvailable(limit);
      size = v.length();
      assertEquals(2L << 20, size, "the file grows in whole megabytes");
      for (int op = 0; op < 20_000; op++) {
        // Offsets cluster near page boundaries half the time, where values straddle two pages.
        int at = rnd.nextBoolean() ? rnd.nextInt(limit - 64)
            : Math.max(0, (1 + rnd.nextInt(38)) * PAGE - rnd.nextInt(12));
        switch (rnd.nextInt(9)) {
          case 0 -> {
            long x = rnd.nextLong();
            v.putLong(at, x);
            ByteBuffer.wrap(model, at, 8).putLong(x);
          }
          case 1 -> {
            int x = rnd.nextInt();
            v.putInt(at, x);
            ByteBuffer.wrap(model, at, 4).putInt(x);
          }
          case 2 -> {
            byte x = (byte) rnd.nextInt();
            v.putByte(at, x);
            model[at] = x;
          }
          case 3 -> {
            byte[] data = new byte[rnd.nextInt(Math.min(3 * PAGE, limit - at))];
            rnd.nextBytes(data);
            if (rnd.nextBoolean()) {
              v.putData(at, data, 0, data.length);
            } else {
              ByteBuffer b = ByteBuffer.wrap(data);
              v.putData(at, b);
              assertEquals(b.limit(), b.position(), "the buffer is consumed, as a channel write consumes it");
            }
            System.arraycopy(data, 0, model, at, data.length);
          }
          case 4 -> {
            int end = Math.min(limit, at + rnd.nextInt(2 * PAGE));
            v.clear(at, end);
            Arrays.fill(model, at, end, (byte) 0);
          }
          case 5 -> assertEquals(ByteBuffer.wrap(model, at, 8).getLong(), v.getLong(at), "long at " + at);
          case 6 -> assertEquals(ByteBuffer.wrap(model, at, 4).getInt(), v.getInt(at), "int at " + at);
          case 7 -> assertEquals(model[at], v.getByte(at), "byte at " + at);
          default -> {
            int n = rnd.nextInt(Math.min(2 * PAGE, limit - at));
            byte[] got = new byte[n];
            if (rnd.nextBoolean()) {
              v.getData(at, got, 0, n);
            } else {
              v.getDataInput(at, n).readFully(got);
            }
            assertArrayEquals(Arrays.copyOfRange(model, at, at + n), got, "data at " + at);
          }
        }
      }
      assertTrue(v.misses() > 1_000, "three pages must miss often: " + v.stats());
    } finally {
      v.close();
    }
    byte[] onDisk = Files.readAllBytes(file);
    assertEquals(size, onDisk.length);
    assertArrayEquals(model, Arrays.copyOf(onDisk, limit), "close writes every dirty page");
  }

  @Test
  void truncateDropsCachedPagesBeyondTheNewEndAndZeroesTheRestOfTheLastOne() throws IOException {
    Path file = tmp.resolve("t.db");
    PagedFileVolume v = new PagedFileVolume(file.toFile(), 64L * PAGE);
    try {
      v.ensureAvailable(4L << 20);
      for (long at = 0; at < (4L << 20); at += 4096) {
        v.putLong(at, at + 1);
      }
      long end = 5 * PAGE + 100;
      v.truncate(end);
      assertEquals(end, v.length());
      assertEquals(5L * PAGE + 1, v.getLong(5L * PAGE), "kept before the new end");
      v.ensureAvailable(2L << 20);
      assertEquals(0L, v.getLong(5L * PAGE + 4096), "cut off and grown again: zero, not the cached value");
      assertEquals(0L, v.getLong(20L * PAGE), "a dropped page reads as zero");
      v.putLong(30L * PAGE, 7);
      v.sync();
    } finally {
      v.close();
    }
    ByteBuffer disk = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(2L << 20, disk.capacity());
    assertEquals(1L, disk.getLong(0));
    assertEquals(0L, disk.getLong(20 * PAGE), "no dropped page was written back");
    assertEquals(7L, disk.getLong(30 * PAGE));
  }

  @Test
  void aMapDbTreeWrittenThroughOneCachedPageReadsBackThroughMapDbsOwnFileVolume() {
    Path file = tmp.resolve("tree.db");
    Random rnd = new Random(7);
    List<byte[]> values = new ArrayList<>();
    DB db = DBMaker.volumeDB(new PagedFileVolume(file.toFile(), 1), false).make();
    try {
      BTreeMap<Integer, byte[]> map = fillTree(db, rnd, 5_000, 3 * PAGE, 300, values);
      for (int i = 0; i < 5_000; i += 97) {
        assertArrayEquals(values.get(i), map.get(i), "read back while building, key " + i);
      }
      db.commit();
    } finally {
      db.close();
    }
    DB again = DBMaker.fileDB(file.toFile()).readOnly().fileChannelEnable().make();
    try {
      BTreeMap<Integer, byte[]> map = again.treeMap("m", Serializer.INTEGER, Serializer.BYTE_ARRAY).open();
      assertEquals(values.size(), map.size());
      for (int i = 0; i < values.size(); i++) {
        assertArrayEquals(values.get(i), map.get(i), "key " + i);
      }
    } finally {
      again.close();
    }
  }

  @Test
  void readersOnOtherThreadsSeeWhatWasWrittenWhileAWriterEvictsPages() throws Exception {
    Path file = tmp.resolve("c.db");
    PagedFileVolume v = new PagedFileVolume(file.toFile(), 4L * PAGE);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      v.ensureAvailable(8L << 20);
      int stable = 64 * PAGE;
      for (long at = 0; at < stable; at += 8) {
        v.putLong(at, at * 31);
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int seed = t;
        readers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          for (int i = 0; i < 50_000; i++) {
            long at = rnd.nextInt(stable / 8) * 8L;
            assertEquals(at * 31, v.getLong(at));
          }
          return null;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        Random rnd = new Random(99);
        for (int i = 0; i < 50_000; i++) {
          v.putLong(stable + rnd.nextInt((6 << 20) / 8) * 8L, i);
        }
        return null;
      });
      writer.get();
      for (Future<?> r : readers) {
        r.get();
      }
    } finally {
      pool.shutdownNow();
      v.close();
    }
  }

  @Test
  void aReadOnlyVolumeReadsWhatMapDbWroteThroughTwoPagesAndWritesNothing() throws IOException {
    Path file = tmp.resolve("ro.db");
    Random rnd = new Random(9);
    List<byte[]> values = new ArrayList<>();
    DB db = DBMaker.fileDB(file.toFile()).fileChannelEnable().make();
    try {
      fillTree(db, rnd, 3_000, 2 * PAGE, 200, values);
      db.commit();
    } finally {
      db.close();
    }
    byte[] before = Files.readAllBytes(file);
    PagedFileVolume volume = new PagedFileVolume(file.toFile(), 2L * PAGE, true);
    DB again = DBMaker.volumeDB(volume, true).readOnly().make();
    try {
      assertTrue(volume.isReadOnly());
      BTreeMap<Integer, byte[]> map = again.treeMap("m", Serializer.INTEGER, Serializer.BYTE_ARRAY).open();
      assertEquals(values.size(), map.size());
      for (int i = values.size() - 1; i >= 0; i -= 3) { // backwards, in steps: pages are evicted and read again
        assertArrayEquals(values.get(i), map.get(i), "key " + i);
      }
      assertThrows(DBException.VolumeIOError.class, () -> volume.putLong(0, 1));
      assertThrows(DBException.VolumeIOError.class, () -> volume.putData(8, new byte[3], 0, 3));
      assertThrows(DBException.VolumeIOError.class, () -> volume.clear(0, 16));
      assertThrows(DBException.VolumeIOError.class, () -> volume.ensureAvailable(before.length + (2L << 20)));
      assertThrows(DBException.VolumeIOError.class, () -> volume.truncate(0));
      assertThrows(DBException.VolumeIOError.class, volume::sync);
      volume.ensureAvailable(before.length - 1); // within the file: nothing to grow, so allowed
    } finally {
      again.close();
    }
    assertArrayEquals(before, Files.readAllBytes(file), "the file is unchanged");
    assertThrows(DBException.VolumeIOError.class,
        () -> new PagedFileVolume(tmp.resolve("missing.db").toFile(), PAGE, true), "a missing file is not created");
    assertTrue(Files.notExists(tmp.resolve("missing.db")));
  }

  /**
   * A tree "m" of {@code n} random values, every hundredth up to {@code big} bytes long (spanning pages), the
   * rest up to {@code small}; the values are also added to {@code values}.
   */
  private static BTreeMap<Integer, byte[]> fillTree(DB db, Random rnd, int n, int big, int small, List<byte[]> values) {
    BTreeMap<Integer, byte[]> map =
        db.treeMap("m", Serializer.INTEGER, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
    for (int i = 0; i < n; i++) {
      byte[] value = new byte[rnd.nextInt(i % 100 == 0 ? big : small)];
      rnd.nextBytes(value);
      values.add(value);
      map.put(i, value);
    }
    return map;
  }

  @Test
  void aClosedVolumeRefusesWorkAndClosingTwiceIsHarmless() {
    PagedFileVolume v = new PagedFileVolume(tmp.resolve("x.db").toFile(), 1 << 20);
    v.ensureAvailable(1);
    v.putLong(0, 1);
    v.close();
    v.close();
    assertTrue(v.isClosed());
    assertThrows(DBException.VolumeClosed.class, () -> v.getLong(0));
    assertThrows(DBException.VolumeClosed.class, () -> v.putLong(0, 2));
  }
}
