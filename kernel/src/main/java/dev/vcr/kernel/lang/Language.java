package dev.vcr.kernel.lang;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterC;
import org.treesitter.TreeSitterCSharp;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPhp;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRuby;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * The languages Vcr indexes: file extensions, the tree-sitter grammar and the project's own query file
 * ({@code queries/<id>/tags.scm} on the classpath). Adding a language is one constant here plus a query
 * file and a fixture.
 */
public enum Language {
  JAVA("java", TreeSitterJava::new, "java"),
  PYTHON("python", TreeSitterPython::new, "py", "pyi"),
  JAVASCRIPT("javascript", TreeSitterJavascript::new, "js", "mjs", "cjs", "jsx"),
  TYPESCRIPT("typescript", TreeSitterTypescript::new, "ts", "mts", "cts"),
  TSX("tsx", TreeSitterTsx::new, "tsx"),
  GO("go", TreeSitterGo::new, "go"),
  RUST("rust", TreeSitterRust::new, "rs"),
  C("c", TreeSitterC::new, "c", "h"),
  CPP("cpp", TreeSitterCpp::new, "cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "ipp"),
  CSHARP("csharp", TreeSitterCSharp::new, "cs"),
  RUBY("ruby", TreeSitterRuby::new, "rb", "rake", "gemspec"),
  PHP("php", TreeSitterPhp::new, "php", "phtml");

  private final String id;
  private final Supplier<TSLanguage> grammar;
  private final List<String> extensions;

  Language(String id, Supplier<TSLanguage> grammar, String... extensions) {
    this.id = id;
    this.grammar = grammar;
    this.extensions = List.of(extensions);
  }

  /** Stable identifier, also the LSP languageId and the query folder name. */
  public String id() {
    return id;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** A new grammar handle. Grammar objects are cheap; callers keep one per parser. */
  public TSLanguage newGrammar() {
    return grammar.get();
  }

  public String queryResource() {
    return "/queries/" + id + "/tags.scm";
  }

  /** The language of a file name, by extension (case-insensitive). */
  /**
   * The languages whose declarations a use in this language can name: C with C++ (through headers),
   * JavaScript with TypeScript and TSX; every other language only itself.
   */
  public boolean interoperatesWith(Language other) {
    return family() == other.family();
  }

  /** The family a language shares declarations with (C with C++, JavaScript with TypeScript). */
  public Language family() {
    switch (this) {
      case CPP:
        return C;
      case TYPESCRIPT:
      case TSX:
        return JAVASCRIPT;
      default:
        return this;
    }
  }

  public static Optional<Language> forFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return Optional.empty();
    }
    String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (Language language : values()) {
      if (language.extensions.contains(ext)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }

  /**
   * The language to parse a file with, from its name and then its content: a {@code .h} header that uses
   * C++ syntax (a namespace, a template, a class with a body or a base, access specifiers, {@code std::})
   * is parsed as C++, as clangd does; any other header stays C. Only the first 64 KB are looked at.
   */
  public static Language forContent(Language byName, String fileName, byte[] text) {
    if (byName != C || !fileName.toLowerCase(Locale.ROOT).endsWith(".h")) {
      return byName;
    }
    String head = new String(text, 0, Math.min(text.length, 64 * 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
    return hasCppSyntax(head) ? CPP : C;
  }

  /**
   * Whether a line's first token starts a C++-only construct ({@link #CPP_LINE}), or {@code std::} is used:
   * what {@code (?m)^\s*(?:CPP_LINE)|\bstd::\w} finds, without trying a regular expression at every
   * character (on Linux's headers that search was a tenth of the indexing threads' Java time). The first
   * token of a line is the first non-space character after a line start, where blank lines are skipped as
   * {@code \s*} skips them. Word characters are ASCII, for {@code \b} too (as the JDK reads it from 19 on;
   * 17's {@code \b} also took Latin-1 letters), so every JDK decides alike.
   */
  static boolean hasCppSyntax(String text) {
    int n = text.length();
    java.util.regex.Matcher line = CPP_LINE.matcher(text);
    for (int start = 0; start < n; ) {
      int p = start;
      while (p < n && regexSpace(text.charAt(p))) {
        p++; // also over blank lines: every line start in this run of spaces leads to p
      }
      if (p == n) {
        break;
      }
      char c = text.charAt(p);
      if ((c == 'n' || c == 't' || c == 'c' || c == 's' || c == 'p') && line.region(p, n).lookingAt()) {
        return true;
      }
      start = nextLineStart(text, p);
    }
    for (int at = text.indexOf("std::"); at >= 0; at = text.indexOf("std::", at + 1)) {
      if ((at == 0 || !asciiWord(text.charAt(at - 1))) && at + 5 < n && asciiWord(text.charAt(at + 5))) {
        return true;
      }
    }
    return false;
  }

  /** The start of the line after the one {@code from} is on, or the text's length (terminators as (?m)^ reads them). */
  private static int nextLineStart(String text, int from) {
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u0085') {
        return i + 1;
      }
      if (c == '\r') {
        return i + 1 < n && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
      }
    }
    return n;
  }

  /** The characters of a regex {@code \s}. */
  private static boolean regexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** The characters of a regex {@code \w}. */
  private static boolean asciiWord(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
  }

  /**
   * As {@link #forContent(Language, String, byte[])}, and a {@code .h} header whose nearest sources are
   * mostly C++ ({@code cppNear}, from {@link HeaderLanguages}) is C++ whatever its content.
   */
  public static Language forContent(Language byName, String fileName, byte[] text, boolean cppNear) {
    if (cppNear && byName == C && fileName.toLowerCase(Locale.ROOT).endsWith(".h")) {
      return CPP;
    }
    return forContent(byName, fileName, text);
  }

  /** What starts a C++-only construct, at a line's first token (see {@link #hasCppSyntax}). */
  static final java.util.regex.Pattern CPP_LINE = java.util.regex.Pattern.compile(
      "namespace\\s+[A-Za-z_][\\w:]*\\s*\\{|namespace\\s*\\{|template\\s*<"
      + "|(?:class|struct)\\s+[A-Za-z_]\\w*\\s*(?:final\\s*)?:\\s*(?:public|protected|private|virtual)\\b"
      + "|class\\s+[A-Za-z_]\\w*\\s*(?:final\\s*)?\\{|(?:public|protected|private)\\s*:");

  /** The language with the given id (as in LSP languageId), also accepting a few common aliases. */
  public static Optional<Language> forId(String id) {
    String key = id.toLowerCase(Locale.ROOT);
    switch (key) {
      case "javascriptreact":
        return Optional.of(JAVASCRIPT);
      case "typescriptreact":
        return Optional.of(TSX);
      case "c++":
        return Optional.of(CPP);
      case "c#":
        return Optional.of(CSHARP);
      default:
        break;
    }
    for (Language language : values()) {
      if (language.id.equals(key)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }
}
