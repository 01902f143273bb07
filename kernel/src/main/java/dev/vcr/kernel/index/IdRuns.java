package dev.vcr.kernel.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import kotlin.Pair;

/**
 * An external sort of (symbol id, file id) pairs into the posting lists of the id tables ({@code decls},
 * {@code uses}): what {@link SortedRuns} does for names, for keys that are longs. The pairs live in two
 * primitive arrays, not an object and a hex string each, so a build's id sorts add no objects for the
 * collector to copy; a run is sorted by a stable radix sort of the ids.
 *
 * <p>File ids must be added in ascending order (several pairs of one file may come in any order): a build adds
 * files in that order, and a stable sort by id then leaves each id's files ascending, as the posting lists
 * need. Each pair is added once. The output is in ascending {@link SymbolIds#tableKey} order, each list sealed
 * under the id's {@link SymbolIds#key hex key}, exactly as the store reads them. Run files live in {@code dir},
 * which belongs to an unfinished generation (see {@link SortedRuns}).
 */
final class IdRuns implements AutoCloseable {
  /** Per pair in memory: the id and file id, and their copies while a run is sorted. */
  static final int ENTRY_BYTES = 24;

  private final Path dir;
  private final String prefix;
  private final int capacity;
  private final List<Path> runs = new ArrayList<>();
  private long[] ids;
  private int[] files;
  private long[] idsSpare = new long[0];
  private int[] filesSpare = new int[0];
  private int size;
  private int lastFileId = Integer.MIN_VALUE;
  private int runCount;
  private Merge merge;

  IdRuns(Path dir, String prefix, long budgetBytes) {
    this.dir = dir;
    this.prefix = prefix;
    this.capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, budgetBytes / ENTRY_BYTES));
    this.ids = new long[Math.min(1024, capacity)];
    this.files = new int[ids.length];
  }

  void add(long id, int fileId) throws IOException {
    if (fileId < lastFileId) {
      throw new IllegalArgumentException("file ids must ascend: " + fileId + " after " + lastFileId);
    }
    lastFileId = fileId;
    if (size == capacity) {
      spill();
    } else if (size == ids.length) {
      int n = (int) Math.min(capacity, 2L * size);
      ids = java.util.Arrays.copyOf(ids, n);
      files = java.util.Arrays.copyOf(files, n);
    }
    ids[size] = id;
    files[size++] = fileId;
  }

  int runsSpilled() {
    return runCount;
  }

  /** Sorts the buffer by unsigned id, keeping the order of equal ids (their files ascend). */
  private void sort() {
    if (idsSpare.length < size) {
      idsSpare = new long[ids.length];
      filesSpare = new int[ids.length];
    }
    long[] fromIds = ids;
    int[] fromFiles = files;
    long[] toIds = idsSpare;
    int[] toFiles = filesSpare;
    int[] count = new int[257];
    for (int shift = 0; shift < 64; shift += 8) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < size; i++) {
        count[(int) ((fromIds[i] >>> shift) & 0xFF) + 1]++;
      }
      if (count[(int) ((fromIds[0] >>> shift) & 0xFF) + 1] == size) {
        continue; // every id has the same byte here
      }
      for (int b = 0; b < 256; b++) {
        count[b + 1] += count[b];
      }
      for (int i = 0; i < size; i++) {
        int at = count[(int) ((fromIds[i] >>> shift) & 0xFF)]++;
        toIds[at] = fromIds[i];
        toFiles[at] = fromFiles[i];
      }
      long[] ti = fromIds;
      fromIds = toIds;
      toIds = ti;
      int[] tf = fromFiles;
      fromFiles = toFiles;
      toFiles = tf;
    }
    ids = fromIds;
    files = fromFiles;
    idsSpare = toIds;
    filesSpare = toFiles;
  }

  private void spill() throws IOException {
    if (size == 0) {
      return;
    }
    sort();
    Path run = dir.resolve(prefix + "-" + (runCount++) + ".run");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (int i = 0; i < size; i++) {
        out.writeLong(ids[i]);
        out.writeInt(files[i]);
      }
    }
    runs.add(run);
    size = 0;
  }

  /**
   * The posting lists, one per id in ascending table-key order: (table key, sealed list). Call once, after
   * the last {@link #add}. Reading the iterator may throw {@link UncheckedIOException}.
   */
  Iterator<Pair<Long, byte[]>> grouped() throws IOException {
    if (runs.isEmpty()) {
      if (size > 0) {
        sort();
      }
      return new Grouped(new Cursor() {
        int i = -1;

        @Override
        public boolean advance() {
          return ++i < size;
        }

        @Override
        public long id() {
          return ids[i];
        }

        @Override
        public int file() {
          return files[i];
        }
      });
    }
    spill();
    ids = new long[0];
    files = new int[0];
    idsSpare = new long[0];
    filesSpare = new int[0];
    while (runs.size() > SortedRuns.FAN_IN) {
      List<Path> group = new ArrayList<>(runs.subList(0, SortedRuns.FAN_IN));
      runs.subList(0, SortedRuns.FAN_IN).clear();
      Path merged = dir.resolve(prefix + "-" + (runCount++) + ".run");
      try (Merge m = new Merge(group);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(merged), 1 << 16))) {
        while (m.advance()) {
          out.writeLong(m.id());
          out.writeInt(m.file());
        }
      }
      for (Path p : group) {
        Files.deleteIfExists(p);
      }
      runs.add(merged);
    }
    merge = new Merge(runs);
    return new Grouped(merge);
  }

  @Override
  public void close() throws IOException {
    if (merge != null) {
      merge.close();
    }
    for (Path p : runs) {
      Files.deleteIfExists(p);
    }
    ids = new long[0];
    files = new int[0];
    size = 0;
  }

  /** Pairs in (unsigned id, file id) order. */
  private interface Cursor {
    boolean advance();

    long id();

    int file();
  }

  /** Consecutive pairs of one id become one sealed posting list. */
  private static final class Grouped implements Iterator<Pair<Long, byte[]>> {
    private final Cursor in;
    private boolean pending;
    private int[] fileIds = new int[64];

    Grouped(Cursor in) {
      this.in = in;
      this.pending = in.advance();
    }

    @Override
    public boolean hasNext() {
      return pending;
    }

    @Override
    public Pair<Long, byte[]> next() {
      if (!pending) {
        throw new NoSuchElementException();
      }
      long id = in.id();
      int n = 0;
      while (pending && in.id() == id) {
        if (n == fileIds.length) {
          fileIds = java.util.Arrays.copyOf(fileIds, n * 2);
        }
        fileIds[n++] = in.file();
        pending = in.advance();
      }
      return new Pair<>(SymbolIds.tableKey(id), Seal.seal(SymbolIds.key(id), Postings.encode(fileIds, n)));
    }
  }

  /** A k-way merge of run files. */
  private static final class Merge implements Cursor, AutoCloseable {
    private final PriorityQueue<Run> heap = new PriorityQueue<>((a, b) -> {
      int c = Long.compareUnsigned(a.id, b.id);
      return c != 0 ? c : Integer.compare(a.file, b.file);
    });
    private final List<Run> all = new ArrayList<>();
    private long id;
    private int file;

    Merge(List<Path> paths) throws IOException {
      for (Path p : paths) {
        Run r = new Run(new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16)));
        all.add(r);
        if (r.advance()) {
          heap.add(r);
        }
      }
    }

    @Override
    public boolean advance() {
      Run r = heap.poll();
      if (r == null) {
        return false;
      }
      id = r.id;
      file = r.file;
      if (r.advance()) {
        heap.add(r);
      }
      return true;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public int file() {
      return file;
    }

    @Override
    public void close() throws IOException {
      for (Run r : all) {
        r.in.close();
      }
    }
  }

  private static final class Run {
    final DataInputStream in;
    long id;
    int file;

    Run(DataInputStream in) {
      this.in = in;
    }

    boolean advance() {
      try {
        id = in.readLong();
        file = in.readInt();
        return true;
      } catch (EOFException e) {
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
