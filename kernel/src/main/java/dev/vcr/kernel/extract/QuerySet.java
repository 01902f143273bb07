package dev.vcr.kernel.extract;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.parse.NativeExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.treesitter.TSLanguage;
import org.treesitter.TSQuery;

/**
 * The compiled extraction query of one language, plus what each capture id means. Queries are immutable
 * and shared by all threads; they are compiled once, on one thread, because the binding reports compile
 * errors through a global buffer.
 */
public final class QuerySet {
  private static final Logger LOG = Logger.getLogger(QuerySet.class.getName());
  /** Held while compiling: the binding reports compile errors through a global buffer. */
  private static final Object COMPILING = new Object();
  private static final Registry SHARED = new Registry();

  final Language language;
  final TSQuery query;
  final CaptureKind[] kinds;
  final SymbolKind[] defKinds;
  final RefRole[] refRoles;
  final boolean hasPredicates;
  /**
   * The same query compiled by the native fast path's runtime, with the predicates it needs evaluated in
   * Java; both null when this language stays on tree-sitter-ng (see {@link #attachNative}).
   */
  final NativeExtractor.Query nativeQuery;
  final MatchPredicates predicates;

  private QuerySet(Language language, TSQuery query, String source) {
    this.language = language;
    this.query = query;
    int n = query.getCaptureCount();
    kinds = new CaptureKind[n];
    defKinds = new SymbolKind[n];
    refRoles = new RefRole[n];
    for (int id = 0; id < n; id++) {
      String name = query.getCaptureNameForId(id);
      kinds[id] = classify(name, id);
    }
    boolean predicates = false;
    for (int p = 0; p < query.getPatternCount(); p++) {
      if (!query.getPredicatesForPattern(p).isEmpty()) {
        predicates = true;
        break;
      }
    }
    hasPredicates = predicates;
    MatchPredicates evaluator = null;
    NativeExtractor.Query compiled = null;
    if (NativeExtractor.available()) {
      try {
        evaluator = MatchPredicates.of(query);
        compiled = attachNative(language, query, source);
      } catch (MatchPredicates.Unsupported e) {
        LOG.warning("native extractor: the " + language.id() + " query uses a predicate it does not evaluate ("
            + e.getMessage() + "); " + language.id() + " uses tree-sitter-ng");
      }
    }
    this.nativeQuery = compiled;
    this.predicates = compiled == null ? null : evaluator;
  }

  /**
   * Compiles the query with the native library's runtime and checks that it numbers patterns and captures
   * exactly as the binding's does (pattern index and capture id are what a match record carries), or
   * returns null so that the language keeps to tree-sitter-ng.
   */
  private static NativeExtractor.Query attachNative(Language language, TSQuery query, String source) {
    NativeExtractor.Query q = NativeExtractor.compile(language, source);
    if (q == null) {
      return null;
    }
    String mismatch = null;
    if (q.patternCount() != query.getPatternCount()) {
      mismatch = q.patternCount() + " patterns, binding " + query.getPatternCount();
    } else if (q.captureCount() != query.getCaptureCount()) {
      mismatch = q.captureCount() + " captures, binding " + query.getCaptureCount();
    } else {
      for (int id = 0; id < q.captureCount() && mismatch == null; id++) {
        if (!q.captureName(id).equals(query.getCaptureNameForId(id))) {
          mismatch = "capture " + id + " is @" + q.captureName(id) + ", binding @" + query.getCaptureNameForId(id);
        }
      }
      for (int p = 0; p < q.patternCount() && mismatch == null; p++) {
        if (q.patternStartByte(p) != query.getStartByteForPattern(p)) {
          mismatch = "pattern " + p + " starts at " + q.patternStartByte(p) + ", binding " + query.getStartByteForPattern(p);
        }
      }
    }
    if (mismatch != null) {
      LOG.warning("native extractor: the " + language.id() + " query differs from the binding's (" + mismatch
          + "); " + language.id() + " uses tree-sitter-ng");
      q.discard();
      return null;
    }
    return q;
  }

  private CaptureKind classify(String name, int id) {
    if (name.startsWith("_")) {
      return CaptureKind.IGNORED;
    }
    switch (name) {
      case "name": return CaptureKind.NAME;
      case "def.params": return CaptureKind.PARAMS;
      case "def.type": return CaptureKind.TYPE;
      case "def.instance": return CaptureKind.INSTANCE;
      case "def.modifier": return CaptureKind.MODIFIER;
      case "def.body": return CaptureKind.BODY;
      case "ref.receiver": return CaptureKind.RECEIVER;
      case "ref.args": return CaptureKind.ARGS;
      case "ref.callee": return CaptureKind.CALLEE;
      case "scope": return CaptureKind.SCOPE;
      case "package": return CaptureKind.PACKAGE;
      case "import.path": return CaptureKind.IMPORT_PATH;
      case "import.module": return CaptureKind.IMPORT_MODULE;
      case "import.name": return CaptureKind.IMPORT_NAME;
      case "import.alias": return CaptureKind.IMPORT_ALIAS;
      case "import.static": return CaptureKind.IMPORT_STATIC;
      case "import.wildcard": return CaptureKind.IMPORT_WILDCARD;
      case "error": return CaptureKind.ERROR;
      default: break;
    }
    if (name.startsWith("def.")) {
      defKinds[id] = SymbolKind.fromLabel(name.substring(4)).orElseThrow(() -> bad(name));
      return CaptureKind.DEF;
    }
    if (name.startsWith("ref.")) {
      refRoles[id] = RefRole.fromLabel(name.substring(4)).orElseThrow(() -> bad(name));
      return CaptureKind.REF;
    }
    throw bad(name);
  }

  private IllegalArgumentException bad(String capture) {
    return new IllegalArgumentException(
        "query for " + language.id() + " uses unknown capture @" + capture + " (see docs/queries.md)");
  }

  /**
   * The compiled query of a language, compiled on first use on the calling thread (see {@link Registry}).
   */
  public static QuerySet of(Language language) {
    return SHARED.of(language);
  }

  /**
   * Compiled queries by language. Compiles run one at a time, but a compiled query is returned without
   * waiting for another language's compile: C++'s takes seconds (1.7 s in the binding and 1.6 s more in
   * the native fast path's runtime, 2 cores), and a Java file's outline must not wait behind the first C++
   * file's. One shared registry serves the process; tests make their own.
   */
  static final class Registry {
    private final java.util.concurrent.atomic.AtomicReferenceArray<QuerySet> compiled =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(Language.values().length);
    /** Run inside the compile lock before a query compiles, with its language (for tests), or null. */
    volatile java.util.function.Consumer<Language> compiling;

    QuerySet of(Language language) {
      QuerySet set = compiled.get(language.ordinal());
      if (set != null) {
        return set;
      }
      synchronized (COMPILING) {
        set = compiled.get(language.ordinal());
        if (set == null) {
          java.util.function.Consumer<Language> hook = compiling;
          if (hook != null) {
            hook.accept(language);
          }
          set = compile(language, loadSource(language));
          compiled.set(language.ordinal(), set);
        }
        return set;
      }
    }
  }

  /** Compiles every language's query, failing fast on the first broken one. */
  public static void compileAll() {
    for (Language language : Language.values()) {
      of(language);
    }
  }

  static QuerySet compile(Language language, String source) {
    TSLanguage grammar = language.newGrammar();
    // Every query also counts ERROR nodes, so parse damage shows up in the facts without a tree walk.
    String full = source + "\n(ERROR) @error\n";
    try {
      return new QuerySet(language, new TSQuery(grammar, full), full);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "query for " + language.id() + " does not compile: " + e.getMessage() + near(full, e.getMessage()), e);
    }
  }

  /** The query text around the offset a compile error names, so a broken pattern is easy to find. */
  private static String near(String source, String message) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("offset (\\d+)").matcher(String.valueOf(message));
    if (!m.find()) {
      return "";
    }
    int at = Math.min(Integer.parseInt(m.group(1)), source.length());
    int line = 1;
    for (int i = 0; i < at; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return " (line " + line + ": '" + source.substring(Math.max(0, at - 40), Math.min(source.length(), at + 40))
        .replace('\n', ' ') + "')";
  }

  /**
   * A digest of every language's extraction query. What an index holds depends on the queries as much as
   * on the files, so the store keeps this with its schema and rebuilds an index made with other queries.
   */
  public static String digest() {
    return Digest.VALUE;
  }

  private static final class Digest {
    static final String VALUE = compute();

    private static String compute() {
      com.google.common.hash.Hasher h = com.google.common.hash.Hashing.sha256().newHasher();
      for (Language l : Language.values()) {
        h.putString(l.id(), StandardCharsets.UTF_8).putByte((byte) 0)
            .putString(loadSource(l), StandardCharsets.UTF_8).putByte((byte) 0);
      }
      return h.hash().toString().substring(0, 16);
    }
  }

  /**
   * The query text of a language. A line {@code ; include <language-id>} is replaced by that language's
   * query, so a dialect (TSX) states only what it adds to its base (TypeScript) instead of a copy.
   */
  static String loadSource(Language language) {
    return loadSource(language, 0);
  }

  private static String loadSource(Language language, int depth) {
    if (depth > 4) {
      throw new IllegalStateException("query includes nest too deeply at " + language.id());
    }
    String text;
    try (InputStream in = QuerySet.class.getResourceAsStream(language.queryResource())) {
      if (in == null) {
        throw new IllegalStateException("missing query resource " + language.queryResource());
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      String t = line.trim();
      if (t.startsWith("; include ")) {
        String id = t.substring("; include ".length()).trim();
        Language base = Language.forId(id)
            .orElseThrow(() -> new IllegalStateException(language.id() + " query includes unknown language " + id));
        out.append(loadSource(base, depth + 1)).append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
