package dev.vcr.kernel.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The compiled patterns of one ignore file ({@code .gitignore}, {@code .ignore}, {@code .vcrignore},
 * {@code .git/info/exclude}) or pattern list, with git's semantics, as documented in gitignore(5) and
 * implemented in git's {@code dir.c} and {@code wildmatch.c}:
 *
 * <ul>
 *   <li>blank lines match nothing; a line starting with {@code #} is a comment; {@code \#} and {@code \!}
 *       escape a leading {@code #} or {@code !}; trailing spaces are trimmed unless escaped with a
 *       backslash; a trailing CR (CRLF files) is dropped;
 *   <li>a leading {@code !} negates: a matching path is re-included;
 *   <li>a trailing {@code /} matches directories only;
 *   <li>a pattern with a {@code /} at the start or in the middle is anchored to the directory holding the
 *       ignore file ({@linkplain #baseDir() base}); without one it matches the last path component at any
 *       depth below that directory;
 *   <li>{@code *}, {@code ?} and {@code [...]} (with {@code !}/{@code ^}, ranges and {@code [:class:]})
 *       never match {@code /}; a leading {@code **}{@code /}, a trailing {@code /**} and a middle
 *       {@code /**}{@code /} match any number of directories.
 * </ul>
 *
 * <p>Within one file the last matching pattern decides. Combining files (deeper overrides shallower) and
 * the rule that nothing below an excluded directory can be re-included are handled by
 * {@link #isIgnored(List, String, boolean)} and by {@link WorkspaceScanner}.
 *
 * <p>Paths are relative to the scan root, {@code /}-separated, without a leading {@code ./} or
 * {@code /}. Each pattern is compiled once (flags, literal prefix, and a fast path for literal names and
 * {@code *.ext}); matching allocates nothing. Immutable and thread-safe.
 */
public final class IgnoreRules {

  /** The verdict of one rule set for one path. */
  public enum Verdict {
    /** No pattern of this set matches; ask the next (shallower / lower-priority) set. */
    NO_MATCH,
    /** The last matching pattern excludes the path. */
    IGNORE,
    /** The last matching pattern is a negation ({@code !pattern}): the path is re-included. */
    INCLUDE
  }

  /** A set with no patterns. */
  public static final IgnoreRules EMPTY = new IgnoreRules("", "", new Rule[0]);

  private final String baseDir;
  /** {@link #baseDir} plus a trailing slash, or "" at the root. */
  private final String basePrefix;
  private final String source;
  private final Rule[] rules;

  private IgnoreRules(String baseDir, String source, Rule[] rules) {
    this.baseDir = baseDir;
    this.basePrefix = baseDir.isEmpty() ? "" : baseDir + "/";
    this.source = source;
    this.rules = rules;
  }

  /**
   * Compiles the lines of an ignore file.
   *
   * @param baseDir the directory holding the file, relative to the scan root ("" for the root itself);
   *     anchored patterns are relative to it and no pattern applies outside it
   * @param source a label for diagnostics, such as the file's relative path
   * @param content the file's text; a leading UTF-8 byte-order mark is ignored
   */
  public static IgnoreRules parse(String baseDir, String source, CharSequence content) {
    Objects.requireNonNull(content, "content");
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = content.length();
    if (n > 0 && content.charAt(0) == '\uFEFF') {
      start = 1;
    }
    for (int i = start; i < n; i++) {
      if (content.charAt(i) == '\n') {
        lines.add(content.subSequence(start, i).toString());
        start = i + 1;
      }
    }
    if (start < n) {
      lines.add(content.subSequence(start, n).toString());
    }
    return of(baseDir, source, lines);
  }

  /** Compiles an ignore file's bytes, decoded as UTF-8 (malformed input replaced). */
  public static IgnoreRules parse(String baseDir, String source, byte[] content) {
    return parse(baseDir, source, new String(content, StandardCharsets.UTF_8));
  }

  /** Compiles a list of pattern lines (same syntax as an ignore file, one pattern per element). */
  public static IgnoreRules of(String baseDir, String source, List<String> lines) {
    String base = normalizeBase(baseDir);
    List<Rule> compiled = new ArrayList<>();
    int lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      Rule rule = Rule.compile(line, lineNumber);
      if (rule != null) {
        compiled.add(rule);
      }
    }
    return new IgnoreRules(base, source, compiled.toArray(new Rule[0]));
  }

  private static String normalizeBase(String baseDir) {
    String base = Objects.requireNonNull(baseDir, "baseDir");
    while (base.startsWith("./")) {
      base = base.substring(2);
    }
    while (base.startsWith("/")) {
      base = base.substring(1);
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base.equals(".") ? "" : base;
  }

  /** The directory the patterns are relative to ("" for the scan root). */
  public String baseDir() {
    return baseDir;
  }

  /** The label given at parse time. */
  public String source() {
    return source;
  }

  /** Number of effective patterns (comments and blank lines excluded). */
  public int size() {
    return rules.length;
  }

  public boolean isEmpty() {
    return rules.length == 0;
  }

  /** The effective patterns as written (after trailing-space trimming), in file order. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>(rules.length);
    for (Rule rule : rules) {
      out.add(rule.text);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The verdict of the last pattern matching {@code path} itself (parent directories are not
   * considered here). Paths outside {@link #baseDir()} never match.
   */
  public Verdict match(String path, boolean isDirectory) {
    return match(path, path.lastIndexOf('/') + 1, isDirectory);
  }

  /** As {@link #match(String, boolean)}, with the start of the last path component precomputed. */
  Verdict match(String path, int nameStart, boolean isDirectory) {
    int i = lastMatch(path, nameStart, isDirectory);
    if (i < 0) {
      return Verdict.NO_MATCH;
    }
    return rules[i].negated ? Verdict.INCLUDE : Verdict.IGNORE;
  }

  /** The index of the last pattern matching {@code path} itself, or -1. */
  private int lastMatch(String path, int nameStart, boolean isDirectory) {
    if (rules.length == 0) {
      return -1;
    }
    int baseLen = basePrefix.length();
    if (baseLen > 0 && (path.length() <= baseLen || !path.startsWith(basePrefix))) {
      return -1;
    }
    for (int i = rules.length - 1; i >= 0; i--) {
      if (rules[i].matches(path, baseLen, nameStart, isDirectory)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The pattern that decides {@code path} (as {@link #match(String, boolean)} does), for diagnostics:
   * {@code line N "pattern"} with its line number in the ignore file, or null if none matches.
   */
  public String decidingPattern(String path, boolean isDirectory) {
    int i = lastMatch(path, path.lastIndexOf('/') + 1, isDirectory);
    return i < 0 ? null : "line " + rules[i].line + " \"" + rules[i].text + "\"";
  }

  /**
   * Git's full answer for one path given ignore rule sets in increasing priority (for example
   * {@code .git/info/exclude}, then {@code .gitignore} files from the root down, then command-line
   * patterns): the path is ignored if one of its parent directories is, or if the highest-priority set
   * with a matching pattern excludes it. Sets whose base directory is not an ancestor of a path do not
   * apply to it.
   */
  public static boolean isIgnored(List<IgnoreRules> lowestToHighest, String path, boolean isDirectory) {
    String p = normalizeBase(path);
    if (p.isEmpty()) {
      return false;
    }
    int slash = p.indexOf('/');
    while (slash >= 0) {
      if (decide(lowestToHighest, p.substring(0, slash), true)) {
        return true;
      }
      slash = p.indexOf('/', slash + 1);
    }
    return decide(lowestToHighest, p, isDirectory);
  }

  private static boolean decide(List<IgnoreRules> lowestToHighest, String path, boolean isDirectory) {
    int nameStart = path.lastIndexOf('/') + 1;
    for (int i = lowestToHighest.size() - 1; i >= 0; i--) {
      Verdict v = lowestToHighest.get(i).match(path, nameStart, isDirectory);
      if (v != Verdict.NO_MATCH) {
        return v == Verdict.IGNORE;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "IgnoreRules[" + source + " @ '" + baseDir + "', " + rules.length + " patterns]";
  }

  /** One compiled pattern. */
  private static final class Rule {
    private static final int LITERAL = 0;
    private static final int ENDS_WITH = 1;
    private static final int WILD = 2;

    final String text;
    /** 1-based line in the ignore file (or position in the pattern list). */
    final int line;
    final boolean negated;
    final boolean dirOnly;
    /** No slash in the pattern: matched against the last path component only. */
    final boolean basenameOnly;
    /** The pattern proper: no '!', no leading '/' (anchored), no trailing '/'. */
    final char[] pattern;
    /** Length of the leading part without glob-special characters (git's "nowildcardlen"). */
    final int prefix;
    final int kind;
    /** For LITERAL: the pattern; for ENDS_WITH: the text after the leading '*'. */
    final String literal;
    /** The first {@link #prefix} characters of the pattern. */
    final String prefixText;

    private Rule(String text, int line, boolean negated, boolean dirOnly, boolean basenameOnly, char[] pattern,
        int prefix, int kind, String literal) {
      this.prefixText = new String(pattern, 0, prefix);
      this.text = text;
      this.line = line;
      this.negated = negated;
      this.dirOnly = dirOnly;
      this.basenameOnly = basenameOnly;
      this.pattern = pattern;
      this.prefix = prefix;
      this.kind = kind;
      this.literal = literal;
    }

    /** Null for blank lines, comments and patterns that are empty after parsing. */
    static Rule compile(String rawLine, int lineNumber) {
      String line = rawLine;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty() || line.charAt(0) == '#') {
        return null;
      }
      line = trimTrailingSpaces(line);
      int from = 0;
      int end = line.length();
      boolean negated = false;
      if (from < end && line.charAt(from) == '!') {
        negated = true;
        from++;
      }
      boolean dirOnly = false;
      if (end > from && line.charAt(end - 1) == '/') {
        dirOnly = true;
        end--;
      }
      if (end <= from) {
        return null;
      }
      boolean basenameOnly = line.indexOf('/', from) < 0 || line.indexOf('/', from) >= end;
      int prefix = simpleLength(line, from, end);
      if (!basenameOnly && line.charAt(from) == '/') {
        from++;
        prefix--;
      }
      if (end <= from) {
        return null;
      }
      char[] pattern = line.substring(from, end).toCharArray();
      int kind;
      String literal = null;
      if (prefix == pattern.length) {
        kind = LITERAL;
        literal = new String(pattern);
      } else if (basenameOnly && pattern[0] == '*' && simpleLength(pattern, 1) == pattern.length) {
        kind = ENDS_WITH;
        literal = new String(pattern, 1, pattern.length - 1);
      } else {
        kind = WILD;
      }
      return new Rule(line, lineNumber, negated, dirOnly, basenameOnly, pattern, prefix, kind, literal);
    }

    boolean matches(String path, int baseLen, int nameStart, boolean isDirectory) {
      if (dirOnly && !isDirectory) {
        return false;
      }
      if (basenameOnly) {
        switch (kind) {
          case LITERAL:
            return path.length() - nameStart == literal.length()
                && path.startsWith(literal, nameStart);
          case ENDS_WITH:
            return path.length() - nameStart >= literal.length() && path.endsWith(literal);
          default:
            return Wildmatch.matches(pattern, 0, pattern.length, path, nameStart, path.length(), false);
        }
      }
      // Anchored: match the path relative to the base with WM_PATHNAME, after the literal prefix.
      int nameLen = path.length() - baseLen;
      if (prefix > 0) {
        if (prefix > nameLen || !path.startsWith(prefixText, baseLen)) {
          return false;
        }
        if (kind == LITERAL) {
          return prefix == nameLen;
        }
      }
      return Wildmatch.matches(pattern, prefix, pattern.length, path, baseLen + prefix, path.length(), true);
    }

    /** Git's trim_trailing_spaces: drops unescaped trailing spaces (not tabs). */
    private static String trimTrailingSpaces(String s) {
      int lastSpace = -1;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == ' ') {
          if (lastSpace < 0) {
            lastSpace = i;
          }
        } else if (c == '\\') {
          i++;
          if (i >= s.length()) {
            return s;
          }
          lastSpace = -1;
        } else {
          lastSpace = -1;
        }
      }
      return lastSpace < 0 ? s : s.substring(0, lastSpace);
    }

    private static int simpleLength(String s, int from, int end) {
      int i = from;
      while (i < end && !Wildmatch.isGlobSpecial(s.charAt(i))) {
        i++;
      }
      return i - from;
    }

    private static int simpleLength(char[] s, int from) {
      int i = from;
      while (i < s.length && !Wildmatch.isGlobSpecial(s[i])) {
        i++;
      }
      return i;
    }
  }
}
