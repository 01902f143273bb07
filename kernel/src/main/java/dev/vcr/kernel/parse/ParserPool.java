package dev.vcr.kernel.parse;

import dev.vcr.kernel.lang.Language;
import java.util.EnumMap;
import java.util.Map;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * One tree-sitter parser per thread and language: the C parser is not thread-safe, so parsers never cross
 * threads. Parsing goes through the binding's byte reader, so tree offsets index exactly the bytes given
 * (no String round trip, no modified-UTF-8). Trees returned here are owned by the caller, who must close them.
 */
public final class ParserPool {
  private static final class PerThread {
    final Map<Language, TSParser> parsers = new EnumMap<>(Language.class);
    final byte[] scratch = new byte[64 * 1024];
  }

  private static final ThreadLocal<PerThread> LOCAL = ThreadLocal.withInitial(PerThread::new);

  private ParserPool() {}

  /**
   * Parses UTF-8 bytes, reusing {@code oldTree} when not null (the caller has already applied
   * {@code TSTree.edit} to it). Parsing never fails on bad syntax: the tree then holds ERROR nodes.
   */
  public static TSTree parse(Language language, byte[] utf8, TSTree oldTree) {
    return parse(language, utf8, oldTree, 0);
  }

  /**
   * As {@link #parse(Language, byte[], TSTree)}, but gives up after {@code budgetNanos} of parsing (0: no
   * limit), for open documents, where a pathological text must not hold a session's requests for long.
   *
   * @throws ParseBudgetExceededException when the budget ran out (the parser is reset; no tree is made)
   */
  public static TSTree parse(Language language, byte[] given, TSTree oldTree, long budgetNanos) {
    byte[] utf8 = source(language, given);
    PerThread local = LOCAL.get();
    TSParser parser = local.parsers.computeIfAbsent(language, ParserPool::newParser);
    org.treesitter.TSReader reader = (buf, offset, position) -> {
      if (offset >= utf8.length) {
        return 0;
      }
      int n = Math.min(buf.length, utf8.length - offset);
      System.arraycopy(utf8, offset, buf, 0, n);
      return n;
    };
    TSTree tree;
    long start = System.nanoTime();
    boolean[] stopped = {false};
    if (budgetNanos > 0) {
      // tree-sitter calls this now and then while parsing; true stops the parse.
      tree = parser.parseWithOptions(local.scratch, oldTree, reader, TSInputEncoding.TSInputEncodingUTF8, state -> {
        if (System.nanoTime() - start > budgetNanos) {
          stopped[0] = true;
        }
        return stopped[0];
      });
    } else {
      tree = parser.parse(local.scratch, oldTree, reader, TSInputEncoding.TSInputEncodingUTF8);
    }
    if (tree == null) {
      parser.reset();
      if (stopped[0]) {
        throw new ParseBudgetExceededException(utf8.length, budgetNanos / 1_000_000);
      }
      throw new IllegalStateException("tree-sitter returned no tree for a " + language.id() + " file");
    }
    return tree;
  }

  /**
   * The bytes the parser reads for a text: C's lone macro lines in struct bodies blanked
   * ({@link CMacroLines}), for TypeScript with separators before call signatures on lines of their own
   * ({@link TsSignatureLines}), same length, so tree offsets are the text's; the text itself otherwise.
   */
  public static byte[] source(Language language, byte[] utf8) {
    switch (language) {
      case C:
        return CMacroLines.mask(utf8);
      case TYPESCRIPT:
      case TSX:
        return TsSignatureLines.mask(utf8);
      default:
        return utf8;
    }
  }

  /** Whether {@link #source} changes anything in {@code utf8} (then an edit elsewhere may change what). */
  public static boolean masks(Language language, byte[] utf8) {
    return source(language, utf8) != utf8;
  }

  private static TSParser newParser(Language language) {
    TSParser parser = new TSParser();
    if (!parser.setLanguage(language.newGrammar())) {
      throw new IllegalStateException("grammar ABI not accepted for " + language.id());
    }
    return parser;
  }
}
