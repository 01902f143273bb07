package dev.vcr.kernel.session;

import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.kernel.parse.ParseBudgetExceededException;
import dev.vcr.kernel.parse.ParserPool;
import dev.vcr.kernel.text.LineIndex;
import java.util.logging.Logger;
import org.treesitter.TSInputEdit;
import org.treesitter.TSPoint;
import org.treesitter.TSTree;

/**
 * An open document's syntax tree, edited and reparsed incrementally: kept in Vcr's optimised native library when
 * it has the document's language ({@link NativeExtractor}; a keystroke's reparse and extraction cost a
 * fifth of tree-sitter-ng's), else in tree-sitter-ng. Both give the same facts (DocumentTreeParityTest) and
 * parse what {@link ParserPool#source} gives the parser (C's blanked macro lines).
 *
 * <p>Owned by one {@link OpenDocument}, which serialises every call and closes it.
 */
abstract class DocumentTree implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DocumentTree.class.getName());
  private static volatile boolean nativeFailureLogged;

  /**
   * Parses a document's first text.
   *
   * @param allowNative false to use tree-sitter-ng whatever the native library offers (for comparisons)
   * @throws ParseBudgetExceededException when the parse runs over {@code budgetNanos} (0: no limit)
   */
  static DocumentTree parse(Language language, byte[] text, long budgetNanos, boolean allowNative) {
    NativeExtractor.Query query = allowNative ? SymbolExtractor.nativeQuery(language) : null;
    if (query != null) {
      try {
        NativeExtractor.Tree tree = query.parse(ParserPool.source(language, text), null, budgetNanos);
        if (tree == null) {
          throw new ParseBudgetExceededException(text.length, budgetNanos / 1_000_000);
        }
        return new Native(language, query, tree);
      } catch (IllegalStateException e) {
        if (!nativeFailureLogged) {
          nativeFailureLogged = true;
          LOG.warning("native parse of a " + language.id() + " document failed (" + e.getMessage()
              + "); such documents use tree-sitter-ng");
        }
      }
    }
    return new Binding(language, ParserPool.parse(language, text, null, budgetNanos));
  }

  /** Records one change of the text (byte offsets; tree-sitter points: rows, byte columns). */
  abstract void edit(int startByte, int oldEndByte, int newEndByte, TSPoint start, TSPoint oldEnd, TSPoint newEnd);

  /**
   * Parses {@code text} reusing this tree (edited with every change since its parse). Returns a new tree;
   * this one stays the caller's to close.
   *
   * @throws ParseBudgetExceededException when the parse runs over {@code budgetNanos} (0: no limit)
   */
  abstract DocumentTree reparse(byte[] text, long budgetNanos);

  /** The facts of this tree, whose text is that of {@code lines}. */
  abstract FileFacts facts(LineIndex lines);

  @Override
  public abstract void close();

  /** A tree kept by Vcr's native library. */
  private static final class Native extends DocumentTree {
    private final Language language;
    private final NativeExtractor.Query query;
    private final NativeExtractor.Tree tree;

    Native(Language language, NativeExtractor.Query query, NativeExtractor.Tree tree) {
      this.language = language;
      this.query = query;
      this.tree = tree;
    }

    @Override
    void edit(int startByte, int oldEndByte, int newEndByte, TSPoint start, TSPoint oldEnd, TSPoint newEnd) {
      tree.edit(startByte, oldEndByte, newEndByte, start.getRow(), start.getColumn(), oldEnd.getRow(),
          oldEnd.getColumn(), newEnd.getRow(), newEnd.getColumn());
    }

    @Override
    DocumentTree reparse(byte[] text, long budgetNanos) {
      NativeExtractor.Tree next = query.parse(ParserPool.source(language, text), tree, budgetNanos);
      if (next == null) {
        throw new ParseBudgetExceededException(text.length, budgetNanos / 1_000_000);
      }
      return new Native(language, query, next);
    }

    @Override
    FileFacts facts(LineIndex lines) {
      return SymbolExtractor.extract(language, tree, lines);
    }

    @Override
    public void close() {
      tree.close();
    }
  }

  /** A tree-sitter-ng tree. */
  private static final class Binding extends DocumentTree {
    private final Language language;
    private final TSTree tree;

    Binding(Language language, TSTree tree) {
      this.language = language;
      this.tree = tree;
    }

    @Override
    void edit(int startByte, int oldEndByte, int newEndByte, TSPoint start, TSPoint oldEnd, TSPoint newEnd) {
      tree.edit(new TSInputEdit(startByte, oldEndByte, newEndByte, start, oldEnd, newEnd));
    }

    @Override
    DocumentTree reparse(byte[] text, long budgetNanos) {
      return new Binding(language, ParserPool.parse(language, text, tree, budgetNanos));
    }

    @Override
    FileFacts facts(LineIndex lines) {
      return SymbolExtractor.extract(language, tree, lines, () -> false);
    }

    @Override
    public void close() {
      tree.close();
    }
  }
}
