package dev.vcr.lsp.features;

import dev.vcr.kernel.text.LineIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The line tables of files that are not open, which a request reads only to check the position it was
 * given: kept for the last few files while their size, modification time and file key stay the same (a
 * stat instead of reading the whole file and indexing its lines, for every request about a closed file).
 * A file changed in between is read again. Bounded in files and bytes; thread-safe.
 */
public final class DiskLines {
  private static final int MAX_FILES = 64;
  private static final long MAX_BYTES = 16L << 20;

  private record Entry(long size, long mtimeNanos, Object fileKey, LineIndex lines) {}

  private final LinkedHashMap<Path, Entry> recent = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /** The file's lines as its bytes are now (read again unless its attributes are those of the kept copy). */
  public LineIndex read(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    synchronized (this) {
      Entry e = recent.get(file);
      if (e != null && e.size == a.size() && e.mtimeNanos == mtime && Objects.equals(e.fileKey, a.fileKey())) {
        return e.lines;
      }
    }
    byte[] text = Files.readAllBytes(file);
    LineIndex lines = new LineIndex(text);
    if (text.length == a.size() && text.length <= MAX_BYTES / 4) {
      // kept under the attributes read before it: if the file changed in between, they differ next time
      synchronized (this) {
        Entry old = recent.put(file, new Entry(a.size(), mtime, a.fileKey(), lines));
        bytes += text.length - (old == null ? 0 : old.lines.text().length);
        var it = recent.entrySet().iterator();
        while ((recent.size() > MAX_FILES || bytes > MAX_BYTES) && it.hasNext()) {
          Map.Entry<Path, Entry> eldest = it.next();
          bytes -= eldest.getValue().lines.text().length;
          it.remove();
        }
      }
    }
    return lines;
  }
}
