package dev.vcr.kernel.query;

import dev.vcr.kernel.index.DefEntry;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Results.SymbolMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Workspace-symbol search over a source: names matched by {@link FuzzyMatcher} through the source's name
 * table, same-named definitions ranked by popularity (their stored use counts), kind and location; a
 * qualified query ({@link QualifiedQuery}) also scores containers. One per request.
 */
final class WorkspaceSymbols {
  private static final Logger LOG = Logger.getLogger(WorkspaceSymbols.class.getName());
  private final SymbolSource source;

  WorkspaceSymbols(SymbolSource source) {
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
      String name = m.name();
      try {
        // Ranked from the name table's entries alone; only the definitions that make the answer are read
        // (a common name has thousands, in as many files).
        List<DefEntry> group = source.definitionEntries(name);
        if (group.size() > 1) {
          group = ranked(group, budget > 0);
          budget -= budget > 0 ? group.size() : 0;
        }
        for (int i = 0; i < group.size() && out.size() < limit; i++) {
          DefEntry e = group.get(i);
          DefHit d = source.definitionAt(e.path(), e.ordinal(), name);
          if (d != null) {
            out.add(new SymbolMatch(d.path(), d.ordinal(), d.definition(), m.score()));
          }
        }
      } catch (RuntimeException e) {
        // One odd entry must not cost the whole answer; the store's own failures still end the request.
        rethrowUnlessOdd(e);
        LOG.log(Level.FINE, "workspace symbols: skipped the definitions named \"" + name + "\"", e);
      }
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  /**
   * Same-named definitions in ranking order: by popularity when {@code popular} (their stored use counts,
   * read by id: no facts read), then kind, path and position.
   */
  private List<DefEntry> ranked(List<DefEntry> group, boolean popular) {
    record Scored(DefEntry entry, int uses) {}
    // A group larger than the budget (a struct field named `size` in thousands of C structs) is ranked by
    // how many files use each declaration: one read each, where a use count reads up to 32 files' links.
    boolean huge = group.size() > POPULARITY_BUDGET;
    List<Scored> scored = new ArrayList<>(group.size());
    for (DefEntry e : group) {
      int uses = !popular ? 0 : huge ? source.linkedFileCount(e.id()) : source.linkedUseCount(e.id());
      scored.add(new Scored(e, uses));
    }
    scored.sort(Comparator.comparingInt((Scored s) -> -s.uses())
        .thenComparingInt(s -> kindRank(s.entry().kind()))
        .thenComparing(s -> s.entry().path()).thenComparingInt(s -> s.entry().ordinal()));
    List<DefEntry> sorted = new ArrayList<>(scored.size());
    for (Scored s : scored) {
      sorted.add(s.entry());
    }
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
