package dev.vcr.kernel.model;

/**
 * A range in a file, in LSP's line model ({@code \n}, {@code \r\n} and {@code \r} all end a line). Each
 * column is kept twice: in UTF-8 bytes (tree-sitter's unit, and LSP's {@code utf-8} encoding) and in
 * UTF-16 code units (LSP's default). Spans are only made by {@code text.LineIndex}, the one place that
 * converts between the two. Ordering and containment use the byte columns.
 */
public record Span(int startLine, int startCol, int startCol16, int endLine, int endCol, int endCol16) {

  /**
   * Spelled out (the values a record's generated method gives): the generated one is a method-handle chain
   * that a build on the JIT's first tier runs without inlining.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Span s && startLine == s.startLine && startCol == s.startCol && startCol16 == s.startCol16
        && endLine == s.endLine && endCol == s.endCol && endCol16 == s.endCol16;
  }

  @Override
  public int hashCode() {
    return ((((startLine * 31 + startCol) * 31 + startCol16) * 31 + endLine) * 31 + endCol) * 31 + endCol16;
  }

  public boolean contains(Span other) {
    return compare(startLine, startCol, other.startLine, other.startCol) <= 0
        && compare(other.endLine, other.endCol, endLine, endCol) <= 0;
  }

  /** Whether the position (line, byte column) lies in [start, end]; the end is inclusive so a cursor just after a name still hits it. */
  public boolean containsByteCol(int line, int col) {
    return compare(startLine, startCol, line, col) <= 0 && compare(line, col, endLine, endCol) <= 0;
  }

  /** Same as {@link #containsByteCol} in UTF-16 columns. */
  public boolean containsUtf16Col(int line, int col16) {
    return compare(startLine, startCol16, line, col16) <= 0 && compare(line, col16, endLine, endCol16) <= 0;
  }

  /** Orders by start, then by end descending (outer before inner). */
  public static int compareStart(Span a, Span b) {
    int c = compare(a.startLine, a.startCol, b.startLine, b.startCol);
    return c != 0 ? c : compare(b.endLine, b.endCol, a.endLine, a.endCol);
  }

  public static int compare(int lineA, int colA, int lineB, int colB) {
    return lineA != lineB ? Integer.compare(lineA, lineB) : Integer.compare(colA, colB);
  }

  /** Compact rendering used in golden files: {@code line:col-line:col}, 1-based, UTF-16 columns. */
  public String render() {
    return (startLine + 1) + ":" + (startCol16 + 1) + "-" + (endLine + 1) + ":" + (endCol16 + 1);
  }
}
