package dev.vcr.kernel.query;

/**
 * Scores how well a workspace-symbol query matches a name. Higher is better; -1 means no match. The tiers,
 * best first: exact, exact ignoring case, prefix, prefix ignoring case, camel-case humps ({@code iOIC} or
 * {@code inOfIgCa} for {@code indexOfIgnoreCase}, {@code gv} for {@code get_value}), a prefix ignoring case
 * that the query's case contradicts, substring, and a subsequence that starts at the name's first letter.
 * An upper-case query letter only matches the start of a hump: {@code aP} is a prefix of {@code apply}
 * only ignoring the case the user typed, so it ranks below {@code asPredicate}. Within a tier, see
 * {@link #score}.
 */
public final class FuzzyMatcher {
  public static final int EXACT = 1000;
  public static final int EXACT_IGNORE_CASE = 900;
  public static final int PREFIX = 800;
  public static final int PREFIX_IGNORE_CASE = 700;
  public static final int HUMPS = 600;
  /** A prefix ignoring case, where an upper-case query letter after the first falls on a lower-case one. */
  public static final int PREFIX_OTHER_CASE = 500;
  public static final int SUBSTRING = 400;
  public static final int SUBSEQUENCE = 200;

  private FuzzyMatcher() {}

  /**
   * The tier of the match, or -1. An empty name matches nothing (the extractor keeps none; old indexes may).
   * A name's leading underscores and dollar signs ({@code _private}, {@code __init__}, {@code $scope}) are
   * decoration: a query that does not start with one matches the name without them, so {@code fRFTC}
   * finds {@code _formatReadFeaturesToChange}.
   */
  public static int tier(String query, String name) {
    if (name.isEmpty()) {
      return -1;
    }
    if (query.isEmpty()) {
      return SUBSEQUENCE;
    }
    if (isDecoration(name.charAt(0)) && !isDecoration(query.charAt(0))) {
      int start = 0;
      while (start < name.length() && isDecoration(name.charAt(start))) {
        start++;
      }
      return start == name.length() ? -1 : tier(query, name.substring(start));
    }
    if (name.equals(query)) {
      return EXACT;
    }
    if (name.equalsIgnoreCase(query)) {
      return EXACT_IGNORE_CASE;
    }
    if (name.startsWith(query)) {
      return PREFIX;
    }
    boolean prefixIgnoringCase = name.regionMatches(true, 0, query, 0, query.length());
    if (prefixIgnoringCase && !upperOnLower(query, name)) {
      return PREFIX_IGNORE_CASE;
    }
    if (Character.toLowerCase(query.charAt(0)) == Character.toLowerCase(name.charAt(0))
        && humps(query, 0, name, 0)) {
      return HUMPS;
    }
    if (prefixIgnoringCase) {
      return PREFIX_OTHER_CASE;
    }
    if (indexOfIgnoreCase(name, query) >= 0) {
      return SUBSTRING;
    }
    if (Character.toLowerCase(query.charAt(0)) == Character.toLowerCase(name.charAt(0))
        && subsequence(query, name)) {
      return SUBSEQUENCE;
    }
    return -1;
  }

  /**
   * The full score: the tier first; then, for hump matches, whether every query letter is a hump initial
   * and whether the query covers all humps ({@code FBS} is a complete match of {@code FluentBitSet});
   * then whether the first letter's case matches; then shorter names first.
   */
  public static int score(String query, String name) {
    int t = tier(query, name);
    if (t < 0) {
      return -1;
    }
    int bonus = 0;
    if (t == HUMPS) {
      if (initials(query, name)) {
        bonus += 2;
        if (query.length() == humpCount(name)) {
          bonus += 4;
        }
      }
    }
    if (!query.isEmpty() && query.charAt(0) == name.charAt(0)) {
      bonus += 1;
    }
    return t * 10_000 + bonus * 1000 - Math.min(999, Math.max(0, name.length() - query.length()));
  }

  /**
   * Whether an upper-case query letter after the first is matched, at the same position of the name, by a
   * lower-case letter: the user asked for a hump start there ({@code aP} against {@code apply}).
   */
  static boolean upperOnLower(String query, String name) {
    for (int i = 1; i < query.length() && i < name.length(); i++) {
      if (Character.isUpperCase(query.charAt(i)) && Character.isLowerCase(name.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether each query character is the initial of a successive hump of the name. */
  static boolean initials(String q, String name) {
    int qi = 0;
    for (int i = 0; i < name.length() && qi < q.length(); i++) {
      if (isHumpStart(name, i) && Character.toLowerCase(name.charAt(i)) == Character.toLowerCase(q.charAt(qi))) {
        qi++;
      }
    }
    return qi == q.length();
  }

  static int humpCount(String name) {
    int n = 0;
    for (int i = 0; i < name.length(); i++) {
      if (isHumpStart(name, i) && name.charAt(i) != '_') {
        n++;
      }
    }
    return n;
  }

  /**
   * Camel-hump match: each query character either continues the current hump (same letter, ignoring case)
   * or starts at a later hump start. The name must be fully consumed only as far as the query goes.
   */
  private static boolean humps(String q, int qi, String name, int ni) {
    if (qi == q.length()) {
      return true;
    }
    if (ni >= name.length()) {
      return false;
    }
    char raw = q.charAt(qi);
    char qc = Character.toLowerCase(raw);
    // Continue within the current hump; an upper-case query letter must start a hump instead.
    if ((!Character.isUpperCase(raw) || isHumpStart(name, ni)) && Character.toLowerCase(name.charAt(ni)) == qc
        && humps(q, qi + 1, name, ni + 1)) {
      return true;
    }
    // Jump to a later hump start that begins with the query character.
    for (int j = ni + 1; j < name.length(); j++) {
      if (isHumpStart(name, j) && Character.toLowerCase(name.charAt(j)) == qc && humps(q, qi + 1, name, j + 1)) {
        return true;
      }
    }
    return false;
  }

  static boolean isDecoration(char c) {
    return c == '_' || c == '$';
  }

  static boolean isHumpStart(String name, int i) {
    if (i == 0) {
      return true;
    }
    char c = name.charAt(i);
    char prev = name.charAt(i - 1);
    if (prev == '_' || prev == '$' || prev == '-') {
      return c != '_';
    }
    if (Character.isUpperCase(c)) {
      return !Character.isUpperCase(prev) || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)));
    }
    return Character.isDigit(c) && !Character.isDigit(prev);
  }

  private static boolean subsequence(String q, String name) {
    int j = 0;
    for (int i = 0; i < name.length() && j < q.length(); i++) {
      if (Character.toLowerCase(name.charAt(i)) == Character.toLowerCase(q.charAt(j))) {
        j++;
      }
    }
    return j == q.length();
  }

  private static int indexOfIgnoreCase(String haystack, String needle) {
    int max = haystack.length() - needle.length();
    for (int i = 0; i <= max; i++) {
      if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }
}
