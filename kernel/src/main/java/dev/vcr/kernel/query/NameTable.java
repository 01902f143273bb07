package dev.vcr.kernel.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The distinct definition names of an index, for fuzzy workspace-symbol search (see {@link FuzzyMatcher}).
 * Every tier but substring needs the name's first letter (after leading {@code _}/{@code $}) to be the
 * query's, so a search scores the names with that first letter, and looks further only when their
 * matches leave room for substrings: then it finds the names that contain the query in one case-folded
 * copy of all names (the JDK's string search), rather than scoring millions of names one by one. The
 * answer is the same as scoring every name. Immutable and thread-safe.
 */
public final class NameTable {
  private static final Logger LOG = Logger.getLogger(NameTable.class.getName());
  /** A matched name and its score (see {@link FuzzyMatcher#score}). */
  public record Match(String name, int score) {}

  /** The best score a substring match can have: below every hump match's. */
  private static final int BEST_SUBSTRING = FuzzyMatcher.SUBSTRING * 10_000 + 9_999;

  private final String[] names;
  /** All names case-folded (see {@link #fold}), each followed by '\n'; {@code starts[i]} is name i's offset. */
  private final String folded;
  private final int[] starts;
  /** Name indexes grouped by folded first letter (after decoration): {@code byLetter[letterStart[k]..]}. */
  private final int[] byLetter;
  private final char[] letters;
  private final int[] letterStart;
  /** The names that start with a decoration character ({@code _}, {@code $}), for queries that do too. */
  private final int[] decorated;

  /**
   * A table of these names, normally sorted and distinct (sorted here when not). Empty names (a declaration
   * whose name error recovery left missing) are left out.
   */
  public NameTable(List<String> sortedDistinct) {
    String[] given = sortedDistinct.stream().filter(n -> n != null && !n.isEmpty()).toArray(String[]::new);
    boolean sorted = true;
    for (int i = 1; i < given.length && sorted; i++) {
      sorted = given[i - 1].compareTo(given[i]) < 0;
    }
    this.names = sorted ? given : new java.util.TreeSet<>(Arrays.asList(given)).toArray(String[]::new);
    // Built in a few flat arrays, without an object per name: Linux has millions of names, and a table is
    // built again whenever a save adds or removes one.
    long chars = 0;
    for (String name : names) {
      chars += name.length() + 1;
    }
    if (chars > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("names too long for one table: " + chars + " characters");
    }
    char[] all = new char[(int) chars];
    starts = new int[names.length];
    char[] first = new char[names.length]; // folded first letter after decoration, or 0 for none
    boolean[] hasFirst = new boolean[names.length];
    int[] perLetter = new int[Character.MAX_VALUE + 1];
    int decoratedCount = 0;
    int at = 0;
    int n = 0;
    for (int i = 0; i < names.length; i++) {
      starts[i] = at;
      String name = names[i];
      for (int c = 0; c < name.length(); c++) {
        all[at++] = fold(name.charAt(c));
      }
      all[at++] = '\n';
      int f = 0;
      while (f < name.length() && FuzzyMatcher.isDecoration(name.charAt(f))) {
        f++;
      }
      decoratedCount += f > 0 ? 1 : 0;
      if (f < name.length()) {
        first[i] = fold(name.charAt(f));
        hasFirst[i] = true;
        perLetter[first[i]]++;
        n++;
      }
    }
    folded = new String(all);
    // Names grouped by first letter, in index order within a letter (a counting sort).
    int distinctLetters = 0;
    for (int count : perLetter) {
      distinctLetters += count > 0 ? 1 : 0;
    }
    letters = new char[distinctLetters];
    letterStart = new int[distinctLetters + 1];
    int[] next = new int[Character.MAX_VALUE + 1];
    for (int c = 0, k = 0, start = 0; c <= Character.MAX_VALUE; c++) {
      if (perLetter[c] > 0) {
        letters[k] = (char) c;
        letterStart[k++] = start;
        next[c] = start;
        start += perLetter[c];
      }
    }
    letterStart[distinctLetters] = n;
    byLetter = new int[n];
    decorated = new int[decoratedCount];
    for (int i = 0, d = 0; i < names.length; i++) {
      if (hasFirst[i]) {
        byLetter[next[first[i]]++] = i;
      }
      if (FuzzyMatcher.isDecoration(names[i].charAt(0))) {
        decorated[d++] = i;
      }
    }
  }

  /**
   * This table with the names of {@code present} in it and those of {@code absent} out of it: what a change
   * to the index that added or removed definition names leaves, without reading every name again.
   */
  public NameTable updated(java.util.Collection<String> present, java.util.Collection<String> absent) {
    java.util.Set<String> gone = new java.util.HashSet<>(absent);
    java.util.TreeSet<String> added = new java.util.TreeSet<>();
    for (String name : present) {
      if (name != null && !name.isEmpty() && Arrays.binarySearch(names, name) < 0) {
        added.add(name);
      }
    }
    List<String> out = new ArrayList<>(names.length + added.size());
    for (String name : names) {
      if (!gone.contains(name)) {
        out.add(name);
      }
    }
    out.addAll(added);
    out.sort(Comparator.naturalOrder()); // two sorted runs: one merge
    return new NameTable(out);
  }

  /** Case folding as {@code String.regionMatches(true, ...)} compares characters. */
  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  public int size() {
    return names.length;
  }

  /** The best {@code limit} names for the query, best first (ties: shorter, then alphabetical). */
  public List<Match> search(String query, int limit) {
    Comparator<Match> worstFirst = Comparator.comparingInt(Match::score)
        .thenComparing(Match::name, Comparator.reverseOrder());
    PriorityQueue<Match> best = new PriorityQueue<>(worstFirst);
    if (query.isEmpty() || query.indexOf('\n') >= 0) {
      for (int i = 0; i < names.length; i++) {
        offer(best, query, i, limit);
      }
    } else {
      boolean decoratedQuery = FuzzyMatcher.isDecoration(query.charAt(0));
      char letter = fold(query.charAt(0));
      String foldedQuery = foldAll(query);
      // Every tier but substring needs the first letter: after decoration, or for a query that starts with
      // one, the name's own first character. Every tier implies the query is a case-folded subsequence of
      // the name: a cheap test first.
      if (decoratedQuery) {
        for (int i : decorated) {
          if (names[i].charAt(0) == query.charAt(0) && subsequence(foldedQuery, i)) {
            offer(best, query, i, limit);
          }
        }
      } else {
        int k = Arrays.binarySearch(letters, letter);
        if (k >= 0) {
          for (int j = letterStart[k]; j < letterStart[k + 1]; j++) {
            if (subsequence(foldedQuery, byLetter[j])) {
              offer(best, query, byLetter[j], limit);
            }
          }
        }
      }
      if (best.size() < limit || best.peek().score() <= BEST_SUBSTRING) {
        // Names with another first letter can only match as substrings.
        String needle = foldedQuery;
        for (int at = folded.indexOf(needle); at >= 0; ) {
          int i = Arrays.binarySearch(starts, at);
          i = i >= 0 ? i : -i - 2;
          boolean scored = decoratedQuery ? names[i].charAt(0) == query.charAt(0) : hasFirstLetter(names[i], letter);
          if (!scored) {
            offer(best, query, i, limit);
          }
          int next = i + 1 < starts.length ? starts[i + 1] : folded.length();
          at = folded.indexOf(needle, next);
        }
      }
    }
    List<Match> out = new ArrayList<>(best);
    out.sort(worstFirst.reversed());
    return out;
  }

  private static String foldAll(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int c = 0; c < s.length(); c++) {
      b.append(fold(s.charAt(c)));
    }
    return b.toString();
  }

  /** Whether the folded query's characters occur in order in name {@code i}'s folded copy. */
  private boolean subsequence(String foldedQuery, int i) {
    int q = 0;
    int end = i + 1 < starts.length ? starts[i + 1] - 1 : folded.length() - 1;
    for (int at = starts[i]; at < end && q < foldedQuery.length(); at++) {
      if (folded.charAt(at) == foldedQuery.charAt(q)) {
        q++;
      }
    }
    return q == foldedQuery.length();
  }

  private static boolean hasFirstLetter(String name, char letter) {
    int first = 0;
    while (first < name.length() && FuzzyMatcher.isDecoration(name.charAt(first))) {
      first++;
    }
    return first < name.length() && fold(name.charAt(first)) == letter;
  }

  private void offer(PriorityQueue<Match> best, String query, int i, int limit) {
    String name = names[i];
    int s;
    try {
      s = FuzzyMatcher.score(query, name);
    } catch (RuntimeException e) {
      // One odd name must not fail the whole search.
      LOG.log(Level.FINE, "name table: skipped \"" + name + "\" for query \"" + query + "\"", e);
      return;
    }
    if (s < 0) {
      return;
    }
    if (best.size() < limit) {
      best.add(new Match(name, s));
      return;
    }
    Match worst = best.peek();
    // Better than the worst kept (worstFirst's order, without making a Match for every loser).
    if (s > worst.score() || (s == worst.score() && name.compareTo(worst.name()) < 0)) {
      best.poll();
      best.add(new Match(name, s));
    }
  }
}
