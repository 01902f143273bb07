package dev.vcr.kernel.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Telling resource exhaustion from damage, and a test hook that injects resource faults into the store's
 * write path.
 *
 * <p>{@link #resourceProblem} answers whether a failure is the machine's, not the index's: out of memory (any
 * {@link VirtualMachineError}), a full disk or quota (also met as the JVM's {@code InternalError} for a fault
 * in a memory-mapped file: SIGBUS when a full tmpfs cannot back a mapped page), a read-only file system, or a directory Vcr may not
 * write. Such a failure never deletes an index: the store rolls back, stays as it was (read-only if it must)
 * and says so with {@link StoreUnavailableException}. Only what the index itself gets wrong (a checksum or
 * schema mismatch, MapDB failing on its own data) is damage.
 *
 * <p>{@link #inject} installs a hook called at the points of {@link Point}; a test makes it throw what the
 * operating system would ({@link #diskFull}, {@link #readOnly}) or an {@link OutOfMemoryError}.
 */
public final class StoreFaults {
  /** Where the store asks the hook. */
  public enum Point {
    /** Creating the index directory and its lock file when the store opens. */
    OPEN,
    /** Committing a transaction of the live generation (in-place updates, and the write test on open). */
    COMMIT,
    /** Writing a generation being built (each file added, and its completion). */
    BUILD,
    /** Replacing CURRENT. */
    CURRENT
  }

  /** A test hook: throws to simulate a fault at a point, or returns to let the store go on. */
  @FunctionalInterface
  public interface Injector {
    void at(Point point, Path dir) throws IOException;
  }

  private static volatile Injector injector;

  private StoreFaults() {}

  /** Installs a hook (tests only); null removes it. */
  public static void inject(Injector i) {
    injector = i;
  }

  /** What a full disk throws. */
  public static IOException diskFull(Path p) {
    return new FileSystemException(String.valueOf(p), null, "No space left on device");
  }

  /** What a read-only file system throws. */
  public static IOException readOnly(Path p) {
    return new FileSystemException(String.valueOf(p), null, "Read-only file system");
  }

  static void check(Point point, Path dir) throws IOException {
    Injector i = injector;
    if (i != null) {
      i.at(point, dir);
    }
  }

  /** {@link #check} for code that cannot throw IOException: wrapped as MapDB wraps its I/O errors. */
  static void checkUnchecked(Point point, Path dir) {
    try {
      check(point, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What ran out if {@code t} (or a cause) is resource exhaustion rather than damage: "out of memory",
   * "the disk is full", "the index directory is read-only"; else null.
   */
  public static String resourceProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof InternalError && c.getMessage() != null && c.getMessage().contains("unsafe memory access")) {
        // SIGBUS on a memory-mapped file (MapDB's write-ahead log): on Linux, a write to a full tmpfs or disk.
        return "the disk is full";
      }
      if (c instanceof VirtualMachineError) {
        return "out of memory";
      }
      if (c instanceof AccessDeniedException) {
        return "the index directory is not writable";
      }
      String m = c instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : c.getMessage();
      if ((c instanceof IOException || c instanceof UncheckedIOException) && m != null) {
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk quota") || lower.contains("file too large")) {
          return "the disk is full";
        }
        if (lower.contains("read-only file system") || lower.contains("permission denied")) {
          return "the index directory is read-only";
        }
      }
    }
    return null;
  }

  /**
   * Whether an {@link OutOfMemoryError} met while reading the store is a length read from damaged data (an
   * array larger than the VM allows, or one refused while most of the heap is free) rather than a heap
   * that is full. After a kill -9, MapDB can read a B-tree node whose size field is garbage.
   */
  static boolean absurdAllocation(OutOfMemoryError e) {
    Runtime r = Runtime.getRuntime();
    return absurdAllocation(e, r.maxMemory(), () -> r.maxMemory() - (r.totalMemory() - r.freeMemory()), () -> {
      System.gc();
      return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    });
  }

  /**
   * As {@link #absurdAllocation(OutOfMemoryError)}, with the heap's free bytes now ({@code free}) and after a
   * full collection ({@code freeAfterCollecting}, asked only when needed). A damaged node can claim many
   * keys of garbage lengths: the read then fills the heap with arrays before it fails, and those are garbage
   * by the time the error is caught (CrashRecoveryTest met one that left the heap over half full). So a heap
   * that is over half full is collected and looked at again: full without the failed read's arrays, it is
   * exhaustion; mostly free, the read asked for what no index needs.
   */
  static boolean absurdAllocation(OutOfMemoryError e, long max, java.util.function.LongSupplier free,
      java.util.function.LongSupplier freeAfterCollecting) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("exceeds VM limit")) {
      return true;
    }
    if (!m.contains("Java heap space")) {
      return false;
    }
    return free.getAsLong() > max / 2 || freeAfterCollecting.getAsLong() > max / 2;
  }
}
