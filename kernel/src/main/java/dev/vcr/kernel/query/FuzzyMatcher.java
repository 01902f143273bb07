package dev.vcr.kernel.query;

/**
 * Scores how well a workspace-symbol query matches a name. Higher is better; -1 means no match. The tiers,
 * best first: exact, exact ignoring case, prefix, prefix ignoring case, camel-case humps ({@code iOIC} or
 * {@code inOfIgCa} for {@code indexOfIgnoreCase}, {@code get_v} for {@code get_value}), substring, and a
 * subsequence that starts at the name's first letter. Within a tier shorter names score higher.
 */
public final class FuzzyMatcher {
  public static final int EXACT = 1000;
  public static final int EXACT_IGNORE_CASE = 900;
  public static final int PREFIX = 800;
  public static final int PREFIX_IGNORE_CASE = 700;
  public static final int HUMPS = 600;
  public static final int SUBSTRING = 400;
  public static final int SUBSEQUENCE = 200;

  private FuzzyMatcher() {}

  /** The tier of the match, or -1. */
  public static int tier(String query, String name) {
    if (query.isEmpty()) {
      return SUBSEQUENCE;
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
    if (name.regionMatches(true, 0, query, 0, query.length())) {
      return PREFIX_IGNORE_CASE;
    }
    if (Character.toLowerCase(query.charAt(0)) == Character.toLowerCase(name.charAt(0))
        && humps(query, 0, name, 0)) {
      return HUMPS;
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

  /** Score within a tier: the tier, less a little per extra character, so shorter names come first. */
  public static int score(String query, String name) {
    int t = tier(query, name);
    return t < 0 ? -1 : t * 1000 - Math.min(999, Math.max(0, name.length() - query.length()));
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
    char qc = Character.toLowerCase(q.charAt(qi));
    // Continue within the current hump.
    if (Character.toLowerCase(name.charAt(ni)) == qc && humps(q, qi + 1, name, ni + 1)) {
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
