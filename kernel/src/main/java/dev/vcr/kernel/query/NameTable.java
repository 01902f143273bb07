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
 * copy of all names, reading only the blocks of names that hold every pair of adjacent characters of the
 * query, rather than scoring millions of names one by one. The answer is the same as scoring every name.
 * Immutable and thread-safe.
 */
public final class NameTable {
  private static final Logger LOG = Logger.getLogger(NameTable.class.getName());
  /** A matched name and its score (see {@link FuzzyMatcher#score}). */
  public record Match(String name, int score) {}

  /** The best score a substring match can have: below every hump match's. */
  private static final int BEST_SUBSTRING = FuzzyMatcher.SUBSTRING * 10_000 + 9_999;

  /** All names, each followed by '\n', in order; {@code starts[i]} is name i's offset. */
  private final String joined;
  /** The same case-folded (see {@link #fold}), at the same offsets. */
  private final String folded;
  private final int[] starts;
  /** Name indexes grouped by folded first letter (after decoration): {@code byLetter[letterStart[k]..]}. */
  private final int[] byLetter;
  private final char[] letters;
  private final int[] letterStart;
  /** The names that start with a decoration character ({@code _}, {@code $}), for queries that do too. */
  private final int[] decorated;
  /**
   * Per block of {@link #BLOCK} consecutive names, a 256-bit set of the hashed character pairs of their
   * folded names ({@link #pair}): a substring search scans only the blocks that hold every pair of the
   * query (Linux's 3 M names: 6 MB; with 64 names a block, its sets were nearly full and a query of eight
   * letters read most of the 72 MB of names).
   */
  private final long[] pairs;
  private static final int BLOCK = 16;

  /**
   * A table of these names, normally sorted and distinct (sorted here when not). Empty names (a declaration
   * whose name error recovery left missing) and names with a line break are left out.
   */
  public NameTable(List<String> sortedDistinct) {
    this(joined(sortedDistinct));
  }

  /**
   * Adds names in ascending order, each once, into one string: a table of millions of names holds two
   * strings and a few int arrays, not an object per name.
   */
  public static final class Builder {
    private final StringBuilder joined = new StringBuilder();
    private String last;
    private boolean inOrder = true;

    public Builder add(String name) {
      if (name != null && !name.isEmpty() && name.indexOf('\n') < 0) {
        inOrder &= last == null || last.compareTo(name) < 0;
        last = name;
        joined.append(name).append('\n');
      }
      return this;
    }

    public NameTable build() {
      return new NameTable(sortedJoined());
    }

    /** The names added, each once, in order, each followed by '\n' (sorted here if they came out of order). */
    private String sortedJoined() {
      if (inOrder) {
        return joined.toString();
      }
      java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
      for (int at = 0; at < joined.length(); ) {
        int end = joined.indexOf("\n", at);
        sorted.add(joined.substring(at, end));
        at = end + 1;
      }
      StringBuilder out = new StringBuilder(joined.length());
      sorted.forEach(name -> out.append(name).append('\n'));
      return out.toString();
    }
  }

  private static String joined(List<String> names) {
    Builder b = new Builder();
    names.forEach(b::add);
    return b.sortedJoined();
  }

  private NameTable(String joined) {
    this.joined = joined;
    int count = 0;
    for (int at = joined.indexOf('\n'); at >= 0; at = joined.indexOf('\n', at + 1)) {
      count++;
    }
    char[] all = new char[joined.length()];
    starts = new int[count];
    char[] first = new char[count]; // folded first letter after decoration
    boolean[] hasFirst = new boolean[count];
    int[] perLetter = new int[Character.MAX_VALUE + 1];
    int decoratedCount = 0;
    int n = 0;
    for (int i = 0, at = 0; i < count; i++) {
      starts[i] = at;
      int f = -1;
      for (char c; (c = joined.charAt(at)) != '\n'; at++) {
        all[at] = fold(c);
        if (f < 0 && !FuzzyMatcher.isDecoration(c)) {
          f = at;
        }
      }
      all[at++] = '\n';
      decoratedCount += f != starts[i] ? 1 : 0;
      if (f >= 0) {
        first[i] = all[f];
        hasFirst[i] = true;
        perLetter[first[i]]++;
        n++;
      }
    }
    folded = new String(all);
    // Names grouped by first letter, in index order within a letter (a counting sort).
    int distinctLetters = 0;
    for (int c : perLetter) {
      distinctLetters += c > 0 ? 1 : 0;
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
    for (int i = 0, d = 0; i < count; i++) {
      if (hasFirst[i]) {
        byLetter[next[first[i]]++] = i;
      }
      if (FuzzyMatcher.isDecoration(joined.charAt(starts[i]))) {
        decorated[d++] = i;
      }
    }
    pairs = new long[((count + BLOCK - 1) / BLOCK) * 4];
    for (int i = 0; i < count; i++) {
      int base = (i / BLOCK) * 4;
      for (int at = starts[i]; all[at + 1] != '\n' && all[at] != '\n'; at++) {
        int h = pair(all[at], all[at + 1]);
        pairs[base + (h >>> 6)] |= 1L << (h & 63);
      }
    }
  }

  /** The hash of a pair of adjacent folded characters, 0..255. */
  private static int pair(char a, char b) {
    return (a * 31 + b) & 255;
  }

  /**
   * Calls {@code each} with every name whose folded copy contains {@code needle} (folded), in index order,
   * of those {@code worth} accepts (the others are not searched).
   */
  private void forEachContaining(String needle, java.util.function.IntPredicate worth,
      java.util.function.IntConsumer each) {
    if (needle.length() < 2) {
      for (int at = folded.indexOf(needle); at >= 0; ) {
        int i = Arrays.binarySearch(starts, at);
        i = i >= 0 ? i : -i - 2;
        if (worth.test(i)) {
          each.accept(i);
        }
        at = folded.indexOf(needle, end(i) + 1);
      }
      return;
    }
    long[] want = new long[4];
    for (int k = 0; k + 1 < needle.length(); k++) {
      int h = pair(needle.charAt(k), needle.charAt(k + 1));
      want[h >>> 6] |= 1L << (h & 63);
    }
    for (int b = 0; b < pairs.length / 4; b++) {
      int base = b * 4;
      if ((pairs[base] & want[0]) != want[0] || (pairs[base + 1] & want[1]) != want[1]
          || (pairs[base + 2] & want[2]) != want[2] || (pairs[base + 3] & want[3]) != want[3]) {
        continue;
      }
      for (int i = b * BLOCK, to = Math.min(i + BLOCK, starts.length); i < to; i++) {
        if (!worth.test(i)) {
          continue;
        }
        int last = end(i) - needle.length();
        for (int at = starts[i]; at <= last; at++) {
          if (folded.startsWith(needle, at)) {
            each.accept(i);
            break;
          }
        }
      }
    }
  }

  /** Name {@code i}. */
  private String name(int i) {
    return joined.substring(starts[i], end(i));
  }

  /** Where name {@code i} ends (its '\n'). */
  private int end(int i) {
    return (i + 1 < starts.length ? starts[i + 1] : joined.length()) - 1;
  }

  /** Name {@code i} compared with {@code s}, as {@link String#compareTo} would. */
  private int compare(int i, String s) {
    int at = starts[i];
    int len = end(i) - at;
    for (int k = 0; k < Math.min(len, s.length()); k++) {
      int c = joined.charAt(at + k) - s.charAt(k);
      if (c != 0) {
        return c;
      }
    }
    return len - s.length();
  }

  /** The index of {@code name} in the table, or -(insertion point) - 1. */
  private int indexOf(String name) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(mid, name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /**
   * This table with the names of {@code present} in it and those of {@code absent} out of it: what a change
   * to the index that added or removed definition names leaves, without reading every name again.
   */
  public NameTable updated(java.util.Collection<String> present, java.util.Collection<String> absent) {
    boolean[] gone = new boolean[starts.length];
    for (String name : absent) {
      int i = name == null ? -1 : indexOf(name);
      if (i >= 0) {
        gone[i] = true;
      }
    }
    java.util.TreeSet<String> added = new java.util.TreeSet<>();
    for (String name : present) {
      if (name != null && !name.isEmpty() && name.indexOf('\n') < 0 && indexOf(name) < 0) {
        added.add(name);
      }
    }
    // One merge of two sorted runs, copying the kept names' characters.
    StringBuilder out = new StringBuilder(joined.length() + 16 * added.size());
    java.util.Iterator<String> more = added.iterator();
    String pending = more.hasNext() ? more.next() : null;
    for (int i = 0; i < starts.length; i++) {
      while (pending != null && compare(i, pending) > 0) {
        out.append(pending).append('\n');
        pending = more.hasNext() ? more.next() : null;
      }
      if (!gone[i]) {
        out.append(joined, starts[i], end(i) + 1);
      }
    }
    for (; pending != null; pending = more.hasNext() ? more.next() : null) {
      out.append(pending).append('\n');
    }
    return new NameTable(out.toString());
  }

  /** Case folding as {@code String.regionMatches(true, ...)} compares characters. */
  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  public int size() {
    return starts.length;
  }

  /** The best {@code limit} names for the query, best first (ties: shorter, then alphabetical). */
  public List<Match> search(String query, int limit) {
    Comparator<Match> worstFirst = Comparator.comparingInt(Match::score)
        .thenComparing(Match::name, Comparator.reverseOrder());
    PriorityQueue<Match> best = new PriorityQueue<>(worstFirst);
    if (query.isEmpty() || query.indexOf('\n') >= 0) {
      for (int i = 0; i < starts.length; i++) {
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
          if (joined.charAt(starts[i]) == query.charAt(0) && subsequence(foldedQuery, i)) {
            offer(best, query, i, limit);
          }
        }
      } else {
        // The names that start with the query as typed come first (one range of the sorted table): they
        // score best, so the rest are mostly passed over by their bound, unscored.
        int from = indexOf(query);
        from = from >= 0 ? from : -from - 1;
        int to = from;
        while (to < starts.length && joined.startsWith(query, starts[to])) {
          offer(best, query, to++, limit);
        }
        int k = Arrays.binarySearch(letters, letter);
        if (k >= 0) {
          for (int j = letterStart[k]; j < letterStart[k + 1]; j++) {
            int i = byLetter[j];
            if ((i < from || i >= to) && !(best.size() >= limit && bestPossible(query, i) < best.peek().score())
                && subsequence(foldedQuery, i)) {
              score(best, query, i, limit); // bounded just above
            }
          }
        }
      }
      if (best.size() < limit || best.peek().score() <= BEST_SUBSTRING) {
        // Names with another first letter can only match as substrings: one too long to displace the worst
        // kept is not even searched.
        int q = query.length();
        forEachContaining(foldedQuery, i -> best.size() < limit
            || BEST_SUBSTRING - Math.min(999, Math.max(0, end(i) - starts[i] - q)) >= best.peek().score(), i -> {
          boolean scored = decoratedQuery ? joined.charAt(starts[i]) == query.charAt(0) : hasFirstLetter(i, letter);
          if (!scored) {
            offer(best, query, i, limit);
          }
        });
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

  /**
   * An upper bound of {@code FuzzyMatcher.score(query, name(i))} from the name's length and whether it
   * starts with the query, as typed or ignoring case (after decoration, as {@link FuzzyMatcher#tier} strips
   * it): exact only at the query's length, a prefix tier only with that prefix, else at best a hump match
   * with every bonus (a prefix ignoring case that the query's case contradicts ranks below that). Costs no
   * allocation and at most the query's length in comparisons.
   */
  private int bestPossible(String query, int i) {
    int at = starts[i];
    int end = end(i);
    int s = at;
    if (!FuzzyMatcher.isDecoration(query.charAt(0))) {
      while (s < end && FuzzyMatcher.isDecoration(joined.charAt(s))) {
        s++;
      }
    }
    int stripped = end - s;
    if (stripped == 0) {
      return -1;
    }
    int q = query.length();
    int tier;
    int bonus = 1;
    if (stripped >= q && joined.startsWith(query, s)) {
      tier = stripped == q ? FuzzyMatcher.EXACT : FuzzyMatcher.PREFIX;
    } else if (stripped >= q && regionFolds(s, query)) {
      tier = stripped == q ? FuzzyMatcher.EXACT_IGNORE_CASE : FuzzyMatcher.PREFIX_IGNORE_CASE;
    } else {
      tier = FuzzyMatcher.HUMPS;
      bonus = 7;
    }
    return tier * 10_000 + bonus * 1000 - Math.min(999, Math.max(0, end - at - q));
  }

  /**
   * Whether the folded names at {@code at} start with {@code query} folded; also (to stay an upper bound)
   * wherever a surrogate is involved, since newer JDKs compare those ignoring case by code point.
   */
  private boolean regionFolds(int at, String query) {
    for (int k = 0; k < query.length(); k++) {
      char c = folded.charAt(at + k);
      if (Character.isSurrogate(c) || Character.isSurrogate(query.charAt(k))) {
        return true;
      }
      if (c != fold(query.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Whether name {@code i}'s first letter after decoration folds to {@code letter}. */
  private boolean hasFirstLetter(int i, char letter) {
    int at = starts[i];
    while (folded.charAt(at) != '\n' && FuzzyMatcher.isDecoration(folded.charAt(at))) {
      at++;
    }
    return folded.charAt(at) != '\n' && folded.charAt(at) == letter;
  }

  private void offer(PriorityQueue<Match> best, String query, int i, int limit) {
    if (best.size() >= limit && !query.isEmpty() && bestPossible(query, i) < best.peek().score()) {
      return; // cannot displace the worst kept: not scored (a prefix query on Linux has 30,000 candidates)
    }
    score(best, query, i, limit);
  }

  /** Scores name {@code i} and keeps it if it is among the best {@code limit} so far. */
  private void score(PriorityQueue<Match> best, String query, int i, int limit) {
    String name = name(i);
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
