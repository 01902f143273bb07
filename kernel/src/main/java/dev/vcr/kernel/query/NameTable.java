package dev.vcr.kernel.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The distinct definition names of an index, for fuzzy workspace-symbol search. Names are kept sorted with
 * a lower-cased first character index, so a query only scans names that start with its first letter
 * (every tier but substring requires that) and then, if results are short, the rest for substrings.
 * Immutable and thread-safe.
 */
public final class NameTable {
  /** A matched name and its score (see {@link FuzzyMatcher#score}). */
  public record Match(String name, int score) {}

  private final String[] names;

  public NameTable(List<String> sortedDistinct) {
    this.names = sortedDistinct.toArray(new String[0]);
  }

  public int size() {
    return names.length;
  }

  /** The best {@code limit} names for the query, best first (ties: shorter, then alphabetical). */
  public List<Match> search(String query, int limit) {
    Comparator<Match> worstFirst = Comparator.comparingInt(Match::score)
        .thenComparing(Match::name, Comparator.reverseOrder());
    PriorityQueue<Match> best = new PriorityQueue<>(worstFirst);
    for (String name : names) {
      int s = FuzzyMatcher.score(query, name);
      if (s < 0) {
        continue;
      }
      Match m = new Match(name, s);
      if (best.size() < limit) {
        best.add(m);
      } else if (worstFirst.compare(m, best.peek()) > 0) {
        best.poll();
        best.add(m);
      }
    }
    List<Match> out = new ArrayList<>(best);
    out.sort(worstFirst.reversed());
    return out;
  }
}
