package dev.vcr.kernel.graph;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.text.LineIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's text around a definition: the whole definition, its signature (its text up to the body), and
 * its documentation comment (the comment lines right above it, or a Python docstring). Syntactic and
 * cheap: no parse, just lines.
 */
final class SourceText {
  private static final int MAX_SIGNATURE = 300;
  private static final int MAX_DOC = 2_000;

  private final LineIndex lines;

  SourceText(byte[] text) {
    this.lines = new LineIndex(text);
  }

  String line(int line) {
    if (line < 0 || line >= lines.lineCount()) {
      return "";
    }
    int start = lines.lineStart(line);
    return new String(lines.text(), start, lines.lineContentEnd(line) - start, StandardCharsets.UTF_8);
  }

  /** A line's text from a byte column on. */
  private String lineFrom(int line, int byteCol) {
    if (line < 0 || line >= lines.lineCount()) {
      return "";
    }
    int start = Math.min(lines.lineStart(line) + byteCol, lines.lineContentEnd(line));
    return new String(lines.text(), start, lines.lineContentEnd(line) - start, StandardCharsets.UTF_8);
  }

  /** The text of a span (byte columns). */
  String text(Span s) {
    if (s.startLine() >= lines.lineCount()) {
      return "";
    }
    int from = lines.lineStart(s.startLine()) + s.startCol();
    int to = s.endLine() < lines.lineCount() ? lines.lineStart(s.endLine()) + s.endCol() : lines.text().length;
    to = Math.min(to, lines.text().length);
    return from >= to ? "" : new String(lines.text(), from, to - from, StandardCharsets.UTF_8);
  }

  /** The definition's header: its text up to a body ({@code {}), a Python colon or a semicolon, on one line. */
  String signature(Definition d) {
    StringBuilder sb = new StringBuilder();
    Span s = d.span();
    int last = Math.min(s.endLine(), d.nameSpan().startLine() + 5);
    for (int l = s.startLine(); l <= last; l++) {
      String text = l == s.startLine() ? lineFrom(l, s.startCol()) : line(l);
      int brace = text.indexOf('{');
      if (brace >= 0 && l >= d.nameSpan().startLine()) {
        sb.append(text, 0, brace).append(' ');
        break;
      }
      sb.append(text).append(' ');
      String t = text.strip();
      if (l >= d.nameSpan().startLine() && (t.endsWith(":") || t.endsWith(";"))) {
        break;
      }
    }
    String sig = sb.toString().replaceAll("\\s+", " ").strip();
    return sig.length() > MAX_SIGNATURE ? sig.substring(0, MAX_SIGNATURE) + "…" : sig;
  }

  /** The documentation comment of a definition, markers removed, or null. */
  String doc(Definition d, Language lang) {
    List<String> found = new ArrayList<>();
    boolean hashComments = lang.family() == Language.PYTHON || lang == Language.RUBY;
    for (int l = d.span().startLine() - 1; l >= 0; l--) {
      String t = line(l).strip();
      boolean comment = t.startsWith("//") || t.startsWith("/*") || t.startsWith("*") || t.endsWith("*/")
          || hashComments && t.startsWith("#");
      if (!comment) {
        break;
      }
      found.add(0, t);
    }
    if (found.isEmpty() && lang.family() == Language.PYTHON) {
      return docstring(d);
    }
    List<String> clean = new ArrayList<>();
    for (String t : found) {
      String c = t.replaceFirst("^(/\\*\\*|/\\*|\\*/|///|//!|//|\\*|#+)", "").replaceFirst("\\*/$", "").strip();
      if (!c.isEmpty()) {
        clean.add(c);
      }
    }
    return clean.isEmpty() ? null : cap(String.join("\n", clean));
  }

  private String docstring(Definition d) {
    int header = d.nameSpan().startLine();
    while (header <= d.span().endLine() && !line(header).strip().endsWith(":")) {
      header++;
    }
    String first = line(header + 1).strip();
    String quote = first.startsWith("\"\"\"") ? "\"\"\"" : first.startsWith("'''") ? "'''" : null;
    if (quote == null || header + 1 > d.span().endLine()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(first.substring(3));
    for (int l = header + 2; !sb.toString().contains(quote) && l <= d.span().endLine(); l++) {
      sb.append('\n').append(line(l).strip());
    }
    String s = sb.toString();
    int end = s.indexOf(quote);
    return cap((end >= 0 ? s.substring(0, end) : s).strip());
  }

  private static String cap(String s) {
    return s.length() > MAX_DOC ? s.substring(0, MAX_DOC) + "…" : s;
  }
}
