package dev.vcr.kernel.text;

import dev.vcr.kernel.model.Span;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Line table over the UTF-8 bytes of one document snapshot, and the only place Vcr converts between byte
 * offsets, UTF-8 columns and UTF-16 columns. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as in LSP.
 *
 * <p>Columns within a line are computed by walking the line's bytes; lines that are pure ASCII (the
 * common case, tracked in a bit set) convert in O(1). Invalid UTF-8 is never produced here: Vcr parses
 * the bytes it stores, and a stray continuation byte counts as one UTF-16 unit.
 *
 * <p>Thread-safe, and immutable but for a hint: the line last looked up, from which the next lookup starts
 * (an extractor asks about offsets in document order). A stale hint read by another thread is checked
 * before it is used, so it only costs a search.
 */
public final class LineIndex {
  private final byte[] text;
  private final int[] lineStarts;
  private final BitSet nonAscii;
  private int hint;

  public LineIndex(byte[] text) {
    this.text = text;
    int[] starts = new int[16];
    int count = 1;
    BitSet wide = new BitSet();
    int line = 0;
    for (int i = 0; i < text.length; i++) {
      byte b = text[i];
      if (b < 0) {
        wide.set(line);
      } else if (b == '\n' || b == '\r') {
        if (b == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
          i++;
        }
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
        line++;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
    this.nonAscii = wide;
  }

  public byte[] text() {
    return text;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  public int lineStart(int line) {
    return lineStarts[line];
  }

  /** Byte offset just past the line's content, before its terminator. */
  public int lineContentEnd(int line) {
    int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    while (end > lineStarts[line] && (text[end - 1] == '\n' || text[end - 1] == '\r')) {
      end--;
    }
    return end;
  }

  /** The line containing a byte offset (offsets at or past the end map to the last line). */
  public int lineOf(int offset) {
    int h = hint;
    if (h >= 0 && h < lineStarts.length && lineStarts[h] <= offset) {
      // the hint's line, or one of the next two (most lookups move forward by a line or less)
      for (int line = h, last = Math.min(lineStarts.length - 1, h + 2); ; line++) {
        if (line == lineStarts.length - 1 || offset < lineStarts[line + 1]) {
          hint = line;
          return line;
        }
        if (line == last) {
          break;
        }
      }
    }
    int i = Arrays.binarySearch(lineStarts, offset);
    int line = i >= 0 ? i : -i - 2;
    hint = Math.max(0, line);
    return line;
  }

  /** UTF-16 column of a byte offset within its line. */
  public int utf16Column(int line, int byteCol) {
    if (!nonAscii.get(line)) {
      return byteCol;
    }
    int start = lineStarts[line];
    int end = start + byteCol;
    int units = 0;
    for (int i = start; i < end; ) {
      int b = text[i] & 0xFF;
      int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      units += len == 4 ? 2 : 1;
      i += len;
    }
    return units;
  }

  /**
   * Byte offset of an LSP position. Returns -1 when the line is outside the document; a column past the
   * end of the line is clamped to the line end (as the LSP specification asks).
   *
   * @param utf16 whether {@code character} counts UTF-16 code units (else UTF-8 bytes)
   */
  public int offsetOf(int line, int character, boolean utf16) {
    if (line < 0 || line >= lineStarts.length || character < 0) {
      return -1;
    }
    int start = lineStarts[line];
    int end = lineContentEnd(line);
    if (!utf16 || !nonAscii.get(line)) {
      return Math.min(start + character, end);
    }
    int units = 0;
    int i = start;
    while (i < end && units < character) {
      int b = text[i] & 0xFF;
      int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      units += len == 4 ? 2 : 1;
      i = Math.min(i + len, end);
    }
    return i;
  }

  /** The span of a byte range. */
  public Span span(int startByte, int endByte) {
    int startLine = lineOf(startByte);
    // Most spans end on their first line: only search when the end passes the next line's start.
    int endLine = startLine + 1 < lineStarts.length && endByte >= lineStarts[startLine + 1] ? lineOf(endByte) : startLine;
    int startCol = startByte - lineStarts[startLine];
    int endCol = endByte - lineStarts[endLine];
    return new Span(
        startLine, startCol, utf16Column(startLine, startCol),
        endLine, endCol, utf16Column(endLine, endCol));
  }

}
