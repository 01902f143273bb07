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
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import kotlin.Pair;
import org.mapdb.Serializer;

/**
 * An external sort of (name, file id) pairs into posting lists, for building a name table of any size in
 * bounded memory. A pair may carry a part (the file's definitions of that name): then the lists are
 * {@link DefPostings}, else {@link Postings}. Pairs are buffered up to a budget of bytes, sorted and spilled to a run file; at the end
 * the runs are merged (in several passes when there are more than {@link #FAN_IN}) and grouped by name.
 *
 * <p>Each (name, file id) pair must be added once. Names are ordered as the store's key serializer orders
 * them, so the grouped output can be bulk-loaded as it comes. Run files live in {@code dir}, which belongs
 * to an unfinished generation: a crash leaves them with it, and the next open deletes both.
 */
final class SortedRuns implements AutoCloseable {
  static final int FAN_IN = 64;
  /** The order of the store's name keys. */
  static final Comparator<String> NAMES = Serializer.STRING_DELTA::compare;
  private static final Comparator<Entry> ORDER =
      Comparator.<Entry, String>comparing(e -> e.name, NAMES).thenComparingInt(e -> e.fileId);

  private final Path dir;
  private final String prefix;
  private final long budget;
  private final List<Entry> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private long buffered;
  private int runCount;

  private record Entry(String name, int fileId, byte[] part) {}

  private static final byte[] NONE = new byte[0];

  SortedRuns(Path dir, String prefix, long budgetBytes) {
    this.dir = dir;
    this.prefix = prefix;
    this.budget = Math.max(1, budgetBytes);
  }

  void add(String name, int fileId) throws IOException {
    add(name, fileId, NONE);
  }

  /** Adds a pair with its part; a sort gets parts for all its pairs or for none. */
  void add(String name, int fileId, byte[] part) throws IOException {
    buffer.add(new Entry(name, fileId, part));
    buffered += 72 + 2L * name.length() + part.length; // the entry, the string, the part and the list slot, roughly
    if (buffered >= budget) {
      spill();
    }
  }

  int runsSpilled() {
    return runCount;
  }

  private void spill() throws IOException {
    if (buffer.isEmpty()) {
      return;
    }
    buffer.sort(ORDER);
    Path run = dir.resolve(prefix + "-" + (runCount++) + ".run");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (Entry e : buffer) {
        write(out, e);
      }
    }
    runs.add(run);
    buffer.clear();
    buffered = 0;
  }

  /**
   * The posting lists, one per name in key order, each value sealed under its name. Call once, after the
   * last {@link #add}. Reading the iterator may throw {@link UncheckedIOException}.
   */
  Iterator<Pair<String, byte[]>> grouped() throws IOException {
    Iterator<Entry> sorted;
    if (runs.isEmpty()) {
      buffer.sort(ORDER);
      sorted = buffer.iterator();
    } else {
      spill();
      while (runs.size() > FAN_IN) {
        List<Path> group = new ArrayList<>(runs.subList(0, FAN_IN));
        runs.subList(0, FAN_IN).clear();
        Path merged = dir.resolve(prefix + "-" + (runCount++) + ".run");
        try (Merge m = new Merge(group);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(merged), 1 << 16))) {
          while (m.hasNext()) {
            write(out, m.next());
          }
        }
        for (Path p : group) {
          Files.deleteIfExists(p);
        }
        runs.add(merged);
      }
      merge = new Merge(runs);
      sorted = merge;
    }
    return new Grouped(sorted);
  }

  private Merge merge;

  private static void write(DataOutputStream out, Entry e) throws IOException {
    out.writeUTF(e.name);
    out.writeInt(e.fileId);
    out.writeInt(e.part.length);
    out.write(e.part);
  }

  @Override
  public void close() throws IOException {
    if (merge != null) {
      merge.close();
    }
    for (Path p : runs) {
      Files.deleteIfExists(p);
    }
    buffer.clear();
  }

  /** Consecutive entries of one name become one sealed posting list. */
  private static final class Grouped implements Iterator<Pair<String, byte[]>> {
    private final Iterator<Entry> in;
    private Entry pending;
    private int[] ids = new int[64];
    private byte[][] parts = new byte[64][];

    Grouped(Iterator<Entry> in) {
      this.in = in;
      this.pending = in.hasNext() ? in.next() : null;
    }

    @Override
    public boolean hasNext() {
      return pending != null;
    }

    @Override
    public Pair<String, byte[]> next() {
      if (pending == null) {
        throw new NoSuchElementException();
      }
      String name = pending.name;
      int n = 0;
      boolean withParts = pending.part.length > 0;
      while (pending != null && pending.name.equals(name)) {
        if (n == ids.length) {
          ids = java.util.Arrays.copyOf(ids, n * 2);
          parts = java.util.Arrays.copyOf(parts, n * 2);
        }
        parts[n] = pending.part;
        ids[n++] = pending.fileId;
        pending = in.hasNext() ? in.next() : null;
      }
      byte[] value = withParts ? DefPostings.encode(ids, parts, n) : Postings.encode(ids, n);
      java.util.Arrays.fill(parts, 0, n, null);
      return new Pair<>(name, Seal.seal(name, value));
    }
  }

  /** A k-way merge of run files. */
  private static final class Merge implements Iterator<Entry>, AutoCloseable {
    private final PriorityQueue<Run> heap = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
    private final List<Run> all = new ArrayList<>();

    Merge(List<Path> files) throws IOException {
      for (Path p : files) {
        Run r = new Run(new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16)));
        all.add(r);
        if (r.advance()) {
          heap.add(r);
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heap.isEmpty();
    }

    @Override
    public Entry next() {
      Run r = heap.poll();
      if (r == null) {
        throw new NoSuchElementException();
      }
      Entry e = r.head;
      if (r.advance()) {
        heap.add(r);
      }
      return e;
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
    Entry head;

    Run(DataInputStream in) {
      this.in = in;
    }

    boolean advance() {
      try {
        String name = in.readUTF();
        int fileId = in.readInt();
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        head = new Entry(name, fileId, part.length == 0 ? NONE : part);
        return true;
      } catch (EOFException e) {
        head = null;
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
