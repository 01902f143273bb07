package dev.vcr.kernel.query;

import dev.vcr.kernel.index.DefEntry;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Workspace-symbol search over a source: names matched by {@link FuzzyMatcher} through the source's name
 * table, same-named definitions ranked by popularity (their stored use counts), kind and location; a
 * qualified query ({@link QualifiedQuery}) also scores containers. One per request.
 */
final class WorkspaceSymbols {
  private static final Logger LOG = Logger.getLogger(WorkspaceSymbols.class.getName());
  private final Navigator nav;
  private final SymbolSource source;

  WorkspaceSymbols(Navigator nav, SymbolSource source) {
    this.nav = nav;
    this.source = source;
  }

  /**
   * How many same-named definitions a workspace-symbol request may rank by popularity (their stored use
   * counts; each costs a read of the uses table, about 0.1 ms when not cached). The best-matching name's
   * definitions are always ranked; the names after the budget, which come lower in the list, keep kind
   * and path order. At 512 a cold prefix query on java.base spent most of its time here.
   */
  static final int POPULARITY_BUDGET = 128;

  /**
   * Workspace symbols for a query, best first: names by how well they match (see {@link FuzzyMatcher});
   * the definitions sharing a name by popularity (how many references resolve to each: the declaration a
   * user looks for is most often the one the code uses), then kind (types before callables before the
   * rest), path and position. At most {@code limit}.
   */
  List<SymbolMatch> search(String query, int limit) {
    java.util.Optional<QualifiedQuery> qualified = QualifiedQuery.parse(query);
    if (qualified.isPresent()) {
      return qualifiedSymbols(qualified.get(), limit);
    }
    List<SymbolMatch> out = new ArrayList<>();
    int budget = POPULARITY_BUDGET;
    for (NameTable.Match m : source.searchNames(query, limit)) {
      List<DefHit> group;
      try {
        group = source.definitions(m.name());
      } catch (RuntimeException e) {
        // One odd entry must not cost the whole answer; the store's own failures still end the request.
        rethrowUnlessOdd(e);
        LOG.log(Level.FINE, "workspace symbols: skipped the definitions named \"" + m.name() + "\"", e);
        continue;
      }
      if (group.size() > 1) {
        group = ranked(m.name(), group, budget > 0);
        budget -= budget > 0 ? group.size() : 0;
      }
      for (int i = 0; i < group.size() && out.size() < limit; i++) {
        DefHit d = group.get(i);
        out.add(new SymbolMatch(d.path(), d.ordinal(), d.definition(), m.score()));
      }
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  /**
   * Same-named definitions in ranking order: by popularity when {@code popular} (their stored use counts,
   * read by id from the name table's entries: no facts read), then kind, path and position.
   */
  private List<DefHit> ranked(String name, List<DefHit> group, boolean popular) {
    Map<DefHit, Integer> uses = new HashMap<>();
    if (popular) {
      List<DefEntry> entries = source.definitionEntries(name);
      for (DefHit d : group) {
        try {
          int at = entryAt(entries, d.path(), d.ordinal());
          uses.put(d, source.linkedUseCount(at >= 0 ? entries.get(at).id() : nav.idOf(d)));
        } catch (RuntimeException e) {
          rethrowUnlessOdd(e);
          LOG.log(Level.FINE, "workspace symbols: no popularity for \"" + name + "\"", e);
        }
      }
    }
    List<DefHit> sorted = new ArrayList<>(group);
    sorted.sort(Comparator.comparingInt((DefHit d) -> -uses.getOrDefault(d, 0))
        .thenComparingInt(d -> kindRank(d.definition().kind()))
        .thenComparing(DefHit::path).thenComparingInt(DefHit::ordinal));
    return sorted;
  }

  /**
   * Definitions whose name matches the query's last segment and whose containers match the others, best
   * first: the name's match, then how well the containers match, then kind and location.
   */
  private List<SymbolMatch> qualifiedSymbols(QualifiedQuery q, int limit) {
    record Scored(SymbolMatch match, int containers) {}
    List<Scored> scored = new ArrayList<>();
    for (NameTable.Match m : source.searchNames(q.member(), Math.max(limit, 64))) {
      for (DefHit d : source.definitions(m.name())) {
        int c = q.containerScore(d.path(), d.definition());
        if (c >= 0) {
          scored.add(new Scored(new SymbolMatch(d.path(), d.ordinal(), d.definition(), m.score()), c));
        }
      }
    }
    scored.sort(Comparator.comparingInt((Scored s) -> -s.match().score()).thenComparingInt(s -> -s.containers())
        .thenComparingInt(s -> kindRank(s.match().definition().kind()))
        .thenComparing(s -> s.match().path()).thenComparingInt(s -> s.match().ordinal()));
    List<SymbolMatch> out = new ArrayList<>();
    for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
      out.add(s.match());
    }
    return out;
  }

  /**
   * Rethrows what must end a request (cancellation, a damaged or closed store); anything else is a problem
   * with one entry, which the caller skips.
   */
  private static void rethrowUnlessOdd(RuntimeException e) {
    if (e instanceof java.util.concurrent.CancellationException
        || e instanceof dev.vcr.kernel.index.StoreDamagedException
        || e instanceof dev.vcr.kernel.index.StoreClosedException) {
      throw e;
    }
  }

  /**
   * The index of the entry at {@code path} and {@code ordinal} in entries sorted by path, then ordinal (as
   * the store gives them), or -1. A search rather than a map of all the name's entries: a common name has
   * thousands, and a map keyed by them was most of what a workspace-symbol request allocated.
   */
  static int entryAt(List<DefEntry> entries, String path, int ordinal) {
    int lo = 0;
    int hi = entries.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      DefEntry e = entries.get(mid);
      int c = e.path().compareTo(path);
      if (c == 0) {
        c = Integer.compare(e.ordinal(), ordinal);
      }
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  static int kindRank(SymbolKind k) {
    if (k.isType()) {
      return 0;
    }
    if (k == SymbolKind.FUNCTION || k == SymbolKind.METHOD) {
      return 1;
    }
    if (k == SymbolKind.CONSTRUCTOR) {
      return 3;
    }
    return 2;
  }

}
