package dev.vcr.kernel.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The distinct definition names of an index, for fuzzy workspace-symbol search. Names are kept sorted with
 * a lower-cased first character index, so a query only scans names that start with its first letter
 * (every tier but substring requires that) and then, if results are short, the rest for substrings.
 * Immutable and thread-safe.
 */
public final class NameTable {
  private static final Logger LOG = Logger.getLogger(NameTable.class.getName());
  /** A matched name and its score (see {@link FuzzyMatcher#score}). */
  public record Match(String name, int score) {}

  private final String[] names;

  /** Empty names (a declaration whose name error recovery left missing) are left out. */
  public NameTable(List<String> sortedDistinct) {
    this.names = sortedDistinct.stream().filter(n -> n != null && !n.isEmpty()).toArray(String[]::new);
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
      int s;
      try {
        s = FuzzyMatcher.score(query, name);
      } catch (RuntimeException e) {
        // One odd name must not fail the whole search.
        LOG.log(Level.FINE, "name table: skipped \"" + name + "\" for query \"" + query + "\"", e);
        continue;
      }
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
