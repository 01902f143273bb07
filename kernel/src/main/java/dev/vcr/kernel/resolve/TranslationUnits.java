package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Translation units of the C family, shared by {@link CResolver} and {@link CppResolver}: a file and the
 * files it includes, transitively, walked over the resolved includes of {@link IncludeEdges} (shared by
 * every resolver over one view of the index, else this instance's own). An unsaved document's includes
 * are computed from its facts each time. The last {@value #MAX_UNITS} units are kept. Not thread-safe.
 */
final class TranslationUnits {
  /** Translation units kept: the link pass asks for each file's once, a request for a few. */
  private static final int MAX_UNITS = 256;

  /**
   * The files a unit sees, each with its place in include order (itself 0), and whether an include named no
   * workspace file. {@code filter} has a bit set per file's hash: a name's entries are mostly in files the
   * unit does not see (a field name is declared in thousands of headers), and most are turned away by one
   * bit rather than a lookup in the map.
   */
  record Unit(Map<String, Integer> order, boolean incomplete, long[] filter) {
    static Unit of(Map<String, Integer> order, boolean incomplete) {
      long[] filter = new long[Integer.highestOneBit(Math.max(16, order.size() / 4)) * 2];
      for (String p : order.keySet()) {
        int b = bit(p, filter.length);
        filter[b >>> 6] |= 1L << b;
      }
      return new Unit(order, incomplete, filter);
    }

    /** A path's bit among {@code words * 64}, from its hash spread by a multiplicative mix. */
    private static int bit(String path, int words) {
      return ((path.hashCode() * 0x9E3779B9) >>> 7) & (words * 64 - 1);
    }

    /** False when the unit certainly does not see {@code path}. */
    boolean mayHold(String path) {
      int b = bit(path, filter.length);
      return (filter[b >>> 6] & (1L << b)) != 0;
    }

    boolean sees(String path) {
      return mayHold(path) && order.containsKey(path);
    }
  }

  private final Lookup lookup;
  private final IncludeEdges includes;
  private final Map<String, Unit> units = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Unit> eldest) {
      return size() > MAX_UNITS;
    }
  };

  TranslationUnits(Lookup lookup) {
    this.lookup = lookup;
    IncludeEdges shared = lookup.sharedIncludes();
    this.includes = shared != null ? shared : new IncludeEdges(lookup, lookup.layout().includes());
  }

  /** The unit of {@code path}. */
  Unit unit(String path) {
    Unit u = units.get(path);
    if (u != null) {
      return u;
    }
    Map<String, Integer> order = new HashMap<>(); // lookups only
    boolean incomplete = false;
    List<String> queue = new ArrayList<>(List.of(path));
    order.put(path, 0);
    for (int i = 0; i < queue.size(); i++) {
      String p = queue.get(i);
      IncludeEdges.Edges e = edges(p);
      if (e == null) {
        continue;
      }
      incomplete |= e.incomplete();
      for (String found : e.files()) {
        if (order.putIfAbsent(found, queue.size()) == null) {
          queue.add(found);
        }
      }
    }
    u = Unit.of(order, incomplete);
    units.put(path, u);
    return u;
  }

  /** A file's resolved includes: shared, unless the file is a session's unsaved document. */
  private IncludeEdges.Edges edges(String path) {
    if (lookup.unsaved(path)) {
      FileFacts f = lookup.facts(path);
      return f == null ? null : includes.compute(path, f);
    }
    return includes.of(path);
  }

  /** The non-local definitions named {@code name} in the files {@code path}'s unit sees, in unit order. */
  List<DefHit> visible(String path, String name) {
    return visible(path, name, k -> true);
  }

  /**
   * As {@link #visible(String, String)}, only of the kinds {@code kinds} accepts. The kind is tested before
   * the file: on Linux a name such as {@code name} or {@code dev} has tens of thousands of struct-field
   * entries, which a use that needs a function, a macro or a tag then skips without a lookup in the unit.
   */
  List<DefHit> visible(String path, String name, Predicate<SymbolKind> kinds) {
    Unit u = unit(path);
    // the name table's entries are filtered first: only the files of the unit are read
    List<DefHit> out = new ArrayList<>(lookup.definitionsNamedIn(name, (p, k) -> kinds.test(k) && u.sees(p)));
    out.sort((a, b) -> Integer.compare(u.order().get(a.path()), u.order().get(b.path())));
    return out;
  }

  /** Whether {@code path}'s unit sees a non-local definition named {@code name} of a kind {@code kinds} accepts. */
  boolean seesAny(String path, String name, Predicate<SymbolKind> kinds) {
    Unit u = unit(path);
    return lookup.definesAnyIn(name, (p, k) -> kinds.test(k) && u.sees(p));
  }

  /** Whether an include of {@code path}'s unit named no workspace file (its declarations are unknown). */
  boolean incomplete(String path) {
    return unit(path).incomplete();
  }

  void clear() {
    units.clear();
  }
}
