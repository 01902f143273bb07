package dev.vcr.kernel.index;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume over a file with a bounded, write-back cache of fixed-size pages: what a generation being
 * built is written and read through.
 *
 * <p>Why: MapDB's own choices were a memory map, whose touched pages all count in the process's resident
 * memory (a Linux index would add 500–900 MB of them), or its file-channel volume, which makes one system
 * call for every long it reads or writes: on linux-10k 9.6 of the build's 87 CPU-s went to those calls, 7.5
 * of them on the thread that writes the generation. Here a read or write touches a cached page under one
 * lock, and the file is read and written a page at a time.
 *
 * <p>Memory: at most {@code maxBytes} of pages, allocated as they are first needed (a small index never
 * allocates more than its own size). Pages are evicted by the clock algorithm; a dirty page is written
 * when evicted, and all of them on {@link #sync} and {@link #close}. Nothing here is durable before
 * {@link #sync}: a generation being built is not live until its builder has committed and closed it.
 *
 * <p>Thread-safe: every operation takes one lock (the build's writer and the link pass's readers share
 * the volume; each operation is a copy within a page, or a page's read or write on a miss).
 *
 * <p>Read-only (a live generation served from a directory Vcr cannot write, {@link Generation#openReadOnly}):
 * the file is opened for reading only, and every write, growth, truncation or sync throws.
 */
final class PagedFileVolume extends Volume {
  static final int PAGE_SHIFT = 15;
  static final int PAGE = 1 << PAGE_SHIFT;
  private static final int IN_PAGE = PAGE - 1;
  /** The file grows in steps of this many bytes, as MapDB's file volumes grow it. */
  private static final long GROWTH = 1L << 20;
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final File file;
  private final RandomAccessFile raf;
  private final FileChannel channel;
  private final int maxFrames;
  private final boolean readOnly;
  private final ReentrantLock lock = new ReentrantLock();

  private byte[][] frames = new byte[0][];
  private long[] pageOfFrame = new long[0];
  private boolean[] dirty = new boolean[0];
  private boolean[] referenced = new boolean[0];
  private int frameCount;
  private int hand;
  /** Per page of the file: its frame + 1, or 0 when it is not cached. */
  private int[] frameOfPage = new int[0];
  private long size;

  private long hits;
  private long misses;
  private long pageWrites;

  /** Opens (creating it if needed) {@code file} with a cache of at most {@code maxBytes} (one page at least). */
  PagedFileVolume(File file, long maxBytes) {
    this(file, maxBytes, false);
  }

  /** As {@link #PagedFileVolume(File, long)}; {@code readOnly}: the file must exist and is never written. */
  PagedFileVolume(File file, long maxBytes, boolean readOnly) {
    this.file = file;
    this.readOnly = readOnly;
    this.maxFrames = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, maxBytes >> PAGE_SHIFT));
    try {
      this.raf = new RandomAccessFile(file, readOnly ? "r" : "rw");
      this.channel = raf.getChannel();
      this.size = channel.size();
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    }
    coverPages(size);
  }

  // ---------------------------------------------------------------- the cache

  /** The frame holding {@code page}, read in (or zeroed past the file's end) on a miss. Under the lock. */
  private byte[] frame(long page) {
    if (page >= frameOfPage.length) {
      throw new DBException.VolumeIOError("read or write beyond the end of " + file + ": page " + page
          + ", size " + size);
    }
    int f = frameOfPage[(int) page] - 1;
    if (f >= 0) {
      hits++;
      referenced[f] = true;
      return frames[f];
    }
    misses++;
    f = freeFrame();
    byte[] buf = frames[f];
    load(page, buf);
    pageOfFrame[f] = page;
    dirty[f] = false;
    referenced[f] = true;
    frameOfPage[(int) page] = f + 1;
    return buf;
  }

  /** A frame to reuse: a new one while under the budget, else the clock's victim, written if dirty. */
  private int freeFrame() {
    if (frameCount < maxFrames) {
      if (frameCount == frames.length) {
        int n = Math.min(maxFrames, Math.max(16, frameCount * 2));
        frames = Arrays.copyOf(frames, n);
        pageOfFrame = Arrays.copyOf(pageOfFrame, n);
        dirty = Arrays.copyOf(dirty, n);
        referenced = Arrays.copyOf(referenced, n);
      }
      frames[frameCount] = new byte[PAGE];
      return frameCount++;
    }
    while (referenced[hand]) {
      referenced[hand] = false;
      hand = (hand + 1) % frameCount;
    }
    int victim = hand;
    hand = (hand + 1) % frameCount;
    if (pageOfFrame[victim] >= 0) {
      if (dirty[victim]) {
        writePage(victim);
      }
      frameOfPage[(int) pageOfFrame[victim]] = 0;
    }
    return victim;
  }

  private void load(long page, byte[] buf) {
    long at = page << PAGE_SHIFT;
    ByteBuffer bb = ByteBuffer.wrap(buf);
    try {
      while (bb.hasRemaining()) {
        int n = channel.read(bb, at + bb.position());
        if (n < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    }
    Arrays.fill(buf, bb.position(), PAGE, (byte) 0);
  }

  private void writePage(int f) {
    long at = pageOfFrame[f] << PAGE_SHIFT;
    int len = (int) Math.min(PAGE, size - at);
    if (len > 0) {
      ByteBuffer bb = ByteBuffer.wrap(frames[f], 0, len);
      try {
        while (bb.hasRemaining()) {
          channel.write(bb, at + bb.position());
        }
      } catch (IOException e) {
        throw new DBException.VolumeIOError(e);
      }
      pageWrites++;
    }
    dirty[f] = false;
  }

  /** Writes every dirty page, in the file's order. Under the lock. */
  private void flush() {
    Integer[] order = new Integer[frameCount];
    int n = 0;
    for (int f = 0; f < frameCount; f++) {
      if (dirty[f]) {
        order[n++] = f;
      }
    }
    Arrays.sort(order, 0, n, (a, b) -> Long.compare(pageOfFrame[a], pageOfFrame[b]));
    for (int i = 0; i < n; i++) {
      writePage(order[i]);
    }
  }

  private void coverPages(long bytes) {
    long pages = (bytes + IN_PAGE) >>> PAGE_SHIFT;
    if (pages > Integer.MAX_VALUE - 8) {
      throw new DBException.VolumeIOError("file too large for a paged volume: " + bytes + " bytes");
    }
    if (pages > frameOfPage.length) {
      frameOfPage = Arrays.copyOf(frameOfPage, (int) Math.max(pages, frameOfPage.length * 3L / 2));
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new DBException.VolumeClosed(new java.nio.channels.ClosedChannelException());
    }
  }

  /** {@link #ensureOpen}, and refuses a write to a read-only volume. */
  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new DBException.VolumeIOError("write to read-only " + file);
    }
  }

  // ---------------------------------------------------------------- reads and writes

  /** Copies {@code len} bytes at {@code offset} into {@code buf} ({@code write} false) or from it. Under the lock. */
  private void copy(long offset, byte[] buf, int pos, int len, boolean write) {
    while (len > 0) {
      byte[] page = frame(offset >>> PAGE_SHIFT);
      int in = (int) (offset & IN_PAGE);
      int n = Math.min(len, PAGE - in);
      if (write) {
        System.arraycopy(buf, pos, page, in, n);
        markDirty(offset);
      } else {
        System.arraycopy(page, in, buf, pos, n);
      }
      offset += n;
      pos += n;
      len -= n;
    }
  }

  /** Marks the cached page holding {@code offset} as changed. Under the lock, the page in the cache. */
  private void markDirty(long offset) {
    dirty[frameOfPage[(int) (offset >>> PAGE_SHIFT)] - 1] = true;
  }

  /** The big-endian number of {@code width} bytes (4 or 8) at {@code offset}. */
  private long readNumber(long offset, int width) {
    lock.lock();
    try {
      ensureOpen();
      int in = (int) (offset & IN_PAGE);
      byte[] b;
      if (in <= PAGE - width) {
        b = frame(offset >>> PAGE_SHIFT);
      } else { // it straddles two pages
        b = new byte[width];
        copy(offset, b, 0, width, false);
        in = 0;
      }
      return width == 8 ? (long) LONG.get(b, in) : (int) INT.get(b, in);
    } finally {
      lock.unlock();
    }
  }

  /** Writes {@code value} as a big-endian number of {@code width} bytes (4 or 8) at {@code offset}. */
  private void writeNumber(long offset, int width, long value) {
    lock.lock();
    try {
      ensureWritable();
      int in = (int) (offset & IN_PAGE);
      boolean inOnePage = in <= PAGE - width;
      byte[] b = inOnePage ? frame(offset >>> PAGE_SHIFT) : new byte[width];
      int at = inOnePage ? in : 0;
      if (width == 8) {
        LONG.set(b, at, value);
      } else {
        INT.set(b, at, (int) value);
      }
      if (inOnePage) {
        markDirty(offset);
      } else {
        copy(offset, b, 0, width, true);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long getLong(long offset) {
    return readNumber(offset, 8);
  }

  @Override
  public void putLong(long offset, long value) {
    writeNumber(offset, 8, value);
  }

  @Override
  public int getInt(long offset) {
    return (int) readNumber(offset, 4);
  }

  @Override
  public void putInt(long offset, int value) {
    writeNumber(offset, 4, value);
  }

  @Override
  public byte getByte(long offset) {
    lock.lock();
    try {
      ensureOpen();
      return frame(offset >>> PAGE_SHIFT)[(int) (offset & IN_PAGE)];
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void putByte(long offset, byte value) {
    lock.lock();
    try {
      ensureWritable();
      frame(offset >>> PAGE_SHIFT)[(int) (offset & IN_PAGE)] = value;
      markDirty(offset);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void putData(long offset, byte[] src, int srcPos, int srcSize) {
    copyLocked(offset, src, srcPos, srcSize, true);
  }

  /** Writes the buffer's remaining bytes and, as a channel write would, moves its position to its limit. */
  @Override
  public void putData(long offset, ByteBuffer buf) {
    byte[] b = new byte[buf.remaining()];
    buf.get(buf.position(), b, 0, b.length);
    putData(offset, b, 0, b.length);
    buf.position(buf.limit());
  }

  @Override
  public void getData(long offset, byte[] bytes, int bytesPos, int size) {
    copyLocked(offset, bytes, bytesPos, size, false);
  }

  /** {@link #copy} under the lock, once the volume is open (and writable, for a write). */
  private void copyLocked(long offset, byte[] buf, int pos, int len, boolean write) {
    lock.lock();
    try {
      if (write) {
        ensureWritable();
      } else {
        ensureOpen();
      }
      copy(offset, buf, pos, len, write);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    byte[] b = new byte[size];
    getData(offset, b, 0, size);
    return new DataInput2.ByteArray(b, 0);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    lock.lock();
    try {
      ensureWritable();
      while (startOffset < endOffset) {
        byte[] page = frame(startOffset >>> PAGE_SHIFT);
        int in = (int) (startOffset & IN_PAGE);
        int n = (int) Math.min(endOffset - startOffset, PAGE - in);
        Arrays.fill(page, in, in + n, (byte) 0);
        markDirty(startOffset);
        startOffset += n;
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- the file

  @Override
  public void ensureAvailable(long offset) {
    long wanted = (offset + GROWTH - 1) / GROWTH * GROWTH;
    lock.lock();
    try {
      ensureOpen();
      if (wanted > size) {
        ensureWritable();
        raf.setLength(wanted);
        size = wanted;
        coverPages(wanted);
      }
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void truncate(long newSize) {
    lock.lock();
    try {
      ensureWritable();
      long keptPages = (newSize + IN_PAGE) >>> PAGE_SHIFT;
      for (int f = 0; f < frameCount; f++) {
        long page = pageOfFrame[f];
        if (page < 0) {
          continue;
        }
        if (page >= keptPages) {
          frameOfPage[(int) page] = 0;
          dirty[f] = false;
          referenced[f] = false;
          pageOfFrame[f] = -1; // free: the clock takes it the next time it passes
        } else if (page == keptPages - 1 && (newSize & IN_PAGE) != 0) {
          Arrays.fill(frames[f], (int) (newSize & IN_PAGE), PAGE, (byte) 0);
        }
      }
      channel.truncate(newSize);
      size = newSize;
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sync() {
    lock.lock();
    try {
      ensureWritable();
      flush();
      channel.force(true);
    } catch (IOException e) {
      throw new DBException.VolumeIOError(e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes what is dirty and closes the file; the pages are let go. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        flush();
        java.util.logging.Logger.getLogger(PagedFileVolume.class.getName()).log(java.util.logging.Level.FINE,
            () -> file.getName() + " page cache: " + stats());
      } finally {
        try {
          channel.close();
          raf.close();
        } catch (IOException e) {
          throw new DBException.VolumeIOError(e);
        } finally {
          frames = new byte[0][];
          frameCount = 0;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long length() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int sliceSize() {
    return -1;
  }

  @Override
  public boolean isSliced() {
    return false;
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public File getFile() {
    return file;
  }

  @Override
  public boolean getFileLocked() {
    return false;
  }

  /** Cache hits, misses and pages written, for the build's log and the tests. */
  String stats() {
    lock.lock();
    try {
      return "pages " + frameCount + "/" + maxFrames + ", hits " + hits + ", misses " + misses + ", writes "
          + pageWrites;
    } finally {
      lock.unlock();
    }
  }

  long misses() {
    lock.lock();
    try {
      return misses;
    } finally {
      lock.unlock();
    }
  }
}
