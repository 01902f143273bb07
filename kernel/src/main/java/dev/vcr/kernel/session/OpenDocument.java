package dev.vcr.kernel.session;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.text.LineIndex;
import dev.vcr.kernel.text.TextEdit;
import java.nio.charset.StandardCharsets;
import org.treesitter.TSPoint;

/**
 * A document a session has open: its text (as UTF-8 bytes), line table, version, tree-sitter tree and the
 * facts of its current text. Edits are applied incrementally: each change is recorded on the old tree, then
 * the text is reparsed with the edited tree and the facts re-extracted. The tree is a {@link DocumentTree}:
 * in Vcr's native library when it has the language, else tree-sitter-ng's.
 *
 * <p>This object owns its tree; {@link #close()} frees it and nothing else ever holds a node of it. Not
 * thread-safe: its {@link ParseEpoch} serialises access.
 */
public final class OpenDocument implements AutoCloseable {
  private final String path;
  private final Language language;
  private int version;
  private LineIndex lines;
  private DocumentTree tree;
  private FileFacts facts;
  /** The text {@link #facts} and the tree were made from; differs from {@link #lines} while edits await a parse. */
  private LineIndex parsedLines;
  private final long parseBudgetNanos;
  private final boolean allowNative;
  /** Whether the parsed text had C macro lines blanked for the parser ({@link #reparse} then starts afresh). */
  private boolean parsedMasked;

  OpenDocument(String path, Language language, int version, String text) {
    this(path, language, version, text, Long.MAX_VALUE);
  }

  /** @throws DocumentTooLargeException if the text is over {@code maxBytes} (UTF-8); nothing is parsed then */
  OpenDocument(String path, Language language, int version, String text, long maxBytes) {
    this(path, language, version, text, maxBytes, 0);
  }

  /**
   * @param parseBudgetNanos how long a parse may take (0: no limit); past it {@link DocumentTooLargeException}
   *     (with a positive {@link DocumentTooLargeException#parseBudgetMillis()}) is thrown and nothing is kept
   */
  OpenDocument(String path, Language language, int version, String text, long maxBytes, long parseBudgetNanos) {
    this(path, language, version, text, maxBytes, parseBudgetNanos, true);
  }

  /** As above; {@code allowNative} false keeps the tree in tree-sitter-ng whatever the native library offers. */
  OpenDocument(String path, Language language, int version, String text, long maxBytes, long parseBudgetNanos,
      boolean allowNative) {
    this.parseBudgetNanos = parseBudgetNanos;
    this.allowNative = allowNative;
    this.path = path;
    this.language = language;
    this.version = version;
    if (text.length() > maxBytes) { // UTF-8 has at least as many bytes as UTF-16 chars: no need to encode
      throw new DocumentTooLargeException(path, utf8Length(text), maxBytes);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new DocumentTooLargeException(path, bytes.length, maxBytes);
    }
    this.lines = new LineIndex(bytes);
    this.tree = parse(bytes, null);
    this.facts = tree.facts(lines);
    this.parsedLines = lines;
    this.parsedMasked = masked(bytes);
  }

  private boolean masked(byte[] text) {
    return dev.vcr.kernel.parse.ParserPool.masks(language, text);
  }

  /** One change as the tree records it: byte offsets and tree-sitter points of the old and new text. */
  private record TreeEdit(int start, int oldEnd, int newEnd, TSPoint startPoint, TSPoint oldEndPoint,
      TSPoint newEndPoint) {}

  private DocumentTree parse(byte[] text, DocumentTree old) {
    try {
      return old == null ? DocumentTree.parse(language, text, parseBudgetNanos, allowNative)
          : old.reparse(text, parseBudgetNanos);
    } catch (dev.vcr.kernel.parse.ParseBudgetExceededException e) {
      throw DocumentTooLargeException.parseBudget(path, text.length, Long.MAX_VALUE, e.budgetMillis());
    }
  }

  public String path() {
    return path;
  }

  public Language language() {
    return language;
  }

  public int version() {
    return version;
  }

  /** The current text's line table (edits not parsed yet included). */
  public LineIndex lines() {
    return lines;
  }

  /** The line table of the text {@link #facts()} describe: the current text once {@link #reparse()} ran. */
  public LineIndex parsedLines() {
    return parsedLines;
  }

  /** Whether edits were applied to the text since the last parse. */
  public boolean needsParse() {
    return parsedLines != lines;
  }

  public FileFacts facts() {
    return facts;
  }

  public String text() {
    return new String(lines.text(), StandardCharsets.UTF_8);
  }

  /**
   * Applies a batch of changes in order, then reparses once with the edited tree.
   *
   * @throws IllegalArgumentException if a range lies outside the document (nothing is changed then)
   */
  void apply(int newVersion, java.util.List<TextEdit> edits) {
    apply(newVersion, edits, Long.MAX_VALUE);
  }

  /**
   * As {@link #apply(int, java.util.List)}, but the new text may be at most {@code maxBytes} (UTF-8).
   *
   * @throws DocumentTooLargeException if it would be larger (nothing is changed or parsed then)
   */
  void apply(int newVersion, java.util.List<TextEdit> edits, long maxBytes) {
    edit(newVersion, edits, maxBytes);
    reparse();
  }

  /**
   * Applies a batch of changes to the text and edits the tree, without parsing: a burst of changes is
   * parsed once, by {@link #reparse()}. Until then {@link #facts()} describe {@link #parsedLines()}.
   *
   * @throws IllegalArgumentException if a range lies outside the document (nothing is changed then)
   * @throws DocumentTooLargeException if the new text would be over {@code maxBytes} (nothing is changed then)
   */
  void edit(int newVersion, java.util.List<TextEdit> edits, long maxBytes) {
    byte[] text = lines.text();
    LineIndex current = lines;
    java.util.List<TreeEdit> treeEdits = new java.util.ArrayList<>();
    for (TextEdit e : edits) {
      byte[] insert = e.text().getBytes(StandardCharsets.UTF_8);
      int start;
      int oldEnd;
      if (e.isFull()) {
        start = 0;
        oldEnd = text.length;
      } else {
        start = current.offsetOf(e.startLine(), e.startChar(), e.utf16());
        oldEnd = current.offsetOf(e.endLine(), e.endChar(), e.utf16());
        if (start < 0 || oldEnd < 0 || oldEnd < start) {
          throw new IllegalArgumentException("edit range " + (e.startLine() + 1) + ":" + e.startChar() + "-"
              + (e.endLine() + 1) + ":" + e.endChar() + " is outside " + path + " (" + current.lineCount() + " lines)");
        }
      }
      byte[] next = new byte[text.length - (oldEnd - start) + insert.length];
      System.arraycopy(text, 0, next, 0, start);
      System.arraycopy(insert, 0, next, start, insert.length);
      System.arraycopy(text, oldEnd, next, start + insert.length, text.length - oldEnd);
      int newEnd = start + insert.length;
      treeEdits.add(new TreeEdit(start, oldEnd, newEnd, point(text, start), point(text, oldEnd), point(next, newEnd)));
      text = next;
      if (text.length > maxBytes) {
        throw new DocumentTooLargeException(path, text.length, maxBytes);
      }
      current = new LineIndex(text);
    }
    for (TreeEdit e : treeEdits) {
      tree.edit(e.start(), e.oldEnd(), e.newEnd(), e.startPoint(), e.oldEndPoint(), e.newEndPoint());
    }
    lines = current;
    version = newVersion;
  }

  /**
   * Parses the text edited since the last parse (with the edited tree) and extracts its facts; nothing if
   * there is no such edit.
   *
   * @throws DocumentTooLargeException if the parse runs over the parse budget (the document must be closed)
   */
  void reparse() {
    if (!needsParse()) {
      return;
    }
    // C's blanked macro lines (ParserPool.source) depend on context an edit elsewhere can change: the
    // edited tree could keep a stale blank or a stale identifier, so such texts are parsed afresh.
    boolean masked = masked(lines.text());
    DocumentTree next = parse(lines.text(), parsedMasked || masked ? null : tree);
    tree.close();
    tree = next;
    facts = tree.facts(lines);
    parsedLines = lines;
    parsedMasked = masked;
  }

  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** tree-sitter's point of a byte offset: rows end at '\n' only, columns count bytes. */
  static TSPoint point(byte[] text, int offset) {
    int row = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text[i] == '\n') {
        row++;
        lineStart = i + 1;
      }
    }
    return new TSPoint(row, offset - lineStart);
  }

  @Override
  public void close() {
    if (tree != null) {
      tree.close();
      tree = null;
    }
  }
}
