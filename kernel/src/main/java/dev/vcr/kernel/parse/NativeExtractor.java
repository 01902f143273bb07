package dev.vcr.kernel.parse;

import dev.vcr.kernel.lang.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Vcr's indexing fast path: {@code libvcrts.so} (native/vcrts.c), built by {@code native/build.sh} at -O3
 * from the tree-sitter core and grammar sources the npm registry publishes. One call parses a file and runs
 * a compiled query over it, returning every match as packed ints (see {@link #run}); the tree never leaves
 * C. tree-sitter-ng's natives are built at -O0 with assertions; this path parses and queries about 3x faster.
 *
 * <p>Which library: the system property {@code vcr.native}, else the environment variable
 * {@code VCR_NATIVE}: a path to the library, or {@code off} to force tree-sitter-ng everywhere. With
 * neither, or when the library does not load or lacks a grammar, callers use tree-sitter-ng; answers are
 * the same either way (tested by NativeParityTest). {@code bin/vcr} and {@code scripts/test.sh} pass
 * {@code -Dvcr.native=<path>}.
 *
 * <p>Open documents keep a native {@link Tree} between calls: edited ({@link Tree#edit}), reparsed
 * incrementally ({@link Query#parse}) and queried ({@link Query#run(Tree)}) without re-reading the whole file.
 *
 * <p>Thread-safe: each thread gets its own C parser and query cursor (freed when the thread ends); queries
 * are compiled once and shared read-only; they live as long as the process, like the binding's. A
 * {@link Tree} is not thread-safe: its owner serialises calls on it.
 */
public final class NativeExtractor {
  private static final Logger LOG = Logger.getLogger(NativeExtractor.class.getName());
  /** Must equal VCRTS_PROTOCOL in native/vcrts.c. */
  static final int PROTOCOL = 2;

  /** How the fast path was configured, and what came of it. */
  public enum Mode { OFF, NOT_CONFIGURED, LOADED, FAILED }

  private static final class State {
    static final State INSTANCE = load(System.getProperty("vcr.native"), System.getenv("VCR_NATIVE"));
    final Mode mode;
    final String detail;

    State(Mode mode, String detail) {
      this.mode = mode;
      this.detail = detail;
    }
  }

  private NativeExtractor() {}

  /** True when the library is loaded; a language may still lack a grammar ({@link #compile} says). */
  public static boolean available() {
    return State.INSTANCE.mode == Mode.LOADED;
  }

  public static Mode mode() {
    return State.INSTANCE.mode;
  }

  /** One line for logs and {@code vcr stats}: the mode and the library path or the reason. */
  public static String describe() {
    return State.INSTANCE.mode.name().toLowerCase(Locale.ROOT) + " (" + State.INSTANCE.detail + ")";
  }

  /** The setting in force: the system property wins over the environment; blank counts as unset. */
  static String setting(String property, String env) {
    if (property != null && !property.isBlank()) {
      return property.trim();
    }
    return env != null && !env.isBlank() ? env.trim() : null;
  }

  static boolean isOff(String setting) {
    if (setting == null) {
      return false;
    }
    String s = setting.toLowerCase(Locale.ROOT);
    return s.equals("off") || s.equals("false") || s.equals("0") || s.equals("no");
  }

  private static State load(String property, String env) {
    String setting = setting(property, env);
    if (setting == null) {
      return new State(Mode.NOT_CONFIGURED, "no -Dvcr.native or VCR_NATIVE; using tree-sitter-ng");
    }
    if (isOff(setting)) {
      return new State(Mode.OFF, "turned off; using tree-sitter-ng");
    }
    Path lib = Path.of(setting).toAbsolutePath();
    if (!Files.isRegularFile(lib)) {
      LOG.warning("native extractor " + lib + " does not exist; using tree-sitter-ng");
      return new State(Mode.FAILED, lib + " does not exist");
    }
    try {
      System.load(lib.toString());
      int protocol = nProtocol();
      if (protocol != PROTOCOL) {
        LOG.warning("native extractor " + lib + " speaks protocol " + protocol + ", not " + PROTOCOL
            + " (rebuild it with native/build.sh); using tree-sitter-ng");
        return new State(Mode.FAILED, lib + ": protocol " + protocol);
      }
    } catch (UnsatisfiedLinkError | SecurityException e) {
      LOG.warning("native extractor " + lib + " does not load (" + e.getMessage() + "); using tree-sitter-ng");
      return new State(Mode.FAILED, lib + ": " + e.getMessage());
    }
    LOG.fine("native extractor loaded from " + lib);
    return new State(Mode.LOADED, lib.toString());
  }

  /**
   * Compiles {@code source} for a language, or returns null (logged) when the library is not loaded, lacks
   * the grammar, or the query does not compile under its tree-sitter runtime.
   */
  public static Query compile(Language language, String source) {
    if (!available()) {
      return null;
    }
    long grammar = nLanguage(language.id());
    if (grammar == 0) {
      LOG.info("native extractor has no " + language.id() + " grammar; " + language.id() + " uses tree-sitter-ng");
      return null;
    }
    int[] error = new int[2];
    long query = nQueryNew(grammar, source.getBytes(StandardCharsets.UTF_8), error);
    if (query == 0) {
      LOG.warning("native extractor: the " + language.id() + " query does not compile (error " + error[1]
          + " at byte " + error[0] + "); " + language.id() + " uses tree-sitter-ng");
      return null;
    }
    return new Query(language, grammar, query);
  }

  /** A query compiled by the native library's runtime, for one language's grammar. */
  public static final class Query {
    private final Language language;
    private final long grammar;
    private long ptr;

    private Query(Language language, long grammar, long ptr) {
      this.language = language;
      this.grammar = grammar;
      this.ptr = ptr;
    }

    public Language language() {
      return language;
    }

    public int patternCount() {
      return nPatternCount(ptr);
    }

    public int captureCount() {
      return nCaptureCount(ptr);
    }

    public String captureName(int id) {
      return new String(nCaptureName(ptr, id), StandardCharsets.UTF_8);
    }

    public int patternStartByte(int pattern) {
      return nPatternStart(ptr, pattern);
    }

    /**
     * Parses UTF-8 bytes and runs the query over the whole tree. The result is {@code [matchCount]} followed,
     * per match in tree-sitter's order, by {@code patternIndex, captureCount} and then
     * {@code captureIndex, startByte, endByte} per capture, in the match's own capture order.
     */
    public int[] run(byte[] utf8) {
      if (ptr == 0) {
        throw new IllegalStateException("native query closed");
      }
      return nExtract(grammar, ptr, utf8);
    }

    /**
     * Parses UTF-8 bytes into a tree the caller owns (and must {@link Tree#close}), reusing {@code old} (null
     * for none) when every change since it was parsed was recorded on it with {@link Tree#edit}; {@code old}
     * stays the caller's. With {@code budgetNanos} > 0 the parse gives up after that long and returns null.
     */
    public Tree parse(byte[] utf8, Tree old, long budgetNanos) {
      if (ptr == 0) {
        throw new IllegalStateException("native query closed");
      }
      int[] status = new int[1];
      long tree = nTreeParse(grammar, utf8, old == null ? 0 : old.live(), budgetNanos, status);
      if (tree == 0) {
        if (status[0] == 1) {
          return null;
        }
        throw new IllegalStateException("vcrts: no tree");
      }
      return new Tree(tree);
    }

    /** Runs the query over a tree of this query's grammar; the result is laid out as {@link #run(byte[])}'s. */
    public int[] run(Tree tree) {
      if (ptr == 0) {
        throw new IllegalStateException("native query closed");
      }
      return nTreeQuery(tree.live(), ptr);
    }

    /** Frees the query; only for a query that was never shared (e.g. one that failed validation). */
    public void discard() {
      if (ptr != 0) {
        nQueryDelete(ptr);
        ptr = 0;
      }
    }
  }

  /** A tree kept in C for an open document. Not thread-safe; {@link #close} frees it (once). */
  public static final class Tree implements AutoCloseable {
    private long ptr;

    private Tree(long ptr) {
      this.ptr = ptr;
    }

    private long live() {
      if (ptr == 0) {
        throw new IllegalStateException("native tree closed");
      }
      return ptr;
    }

    /** Records one change of the text: byte offsets, and rows and byte columns, of the old and new text. */
    public void edit(int startByte, int oldEndByte, int newEndByte, int startRow, int startColumn, int oldEndRow,
        int oldEndColumn, int newEndRow, int newEndColumn) {
      nTreeEdit(live(), startByte, oldEndByte, newEndByte, startRow, startColumn, oldEndRow, oldEndColumn,
          newEndRow, newEndColumn);
    }

    @Override
    public void close() {
      if (ptr != 0) {
        nTreeDelete(ptr);
        ptr = 0;
      }
    }
  }

  private static native int nProtocol();

  private static native long nLanguage(String id);

  private static native long nQueryNew(long language, byte[] source, int[] error);

  private static native void nQueryDelete(long query);

  private static native int nPatternCount(long query);

  private static native int nCaptureCount(long query);

  private static native int nPatternStart(long query, int pattern);

  private static native byte[] nCaptureName(long query, int id);

  private static native int[] nExtract(long language, long query, byte[] text);

  private static native long nTreeParse(long language, byte[] text, long oldTree, long budgetNanos, int[] status);

  private static native void nTreeEdit(long tree, int startByte, int oldEndByte, int newEndByte, int startRow,
      int startColumn, int oldEndRow, int oldEndColumn, int newEndRow, int newEndColumn);

  private static native int[] nTreeQuery(long tree, long query);

  private static native void nTreeDelete(long tree);
}
