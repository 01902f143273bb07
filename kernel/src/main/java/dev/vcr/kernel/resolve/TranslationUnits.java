package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
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
   * The files a unit sees in include order (itself first; {@code at} gives each one's place), and whether an
   * include named no workspace file.
   */
  record Unit(List<String> files, PathIndex at, boolean incomplete, Map<String, List<DefHit>> named) {
    boolean sees(String path) {
      return at.indexOf(path) >= 0;
    }
  }

  /**
   * Names whose visible definitions a unit keeps ({@link #visible(String, String)}). A C++ use asks its
   * unit for its name once, then once per enclosing and used namespace; in Boost's headers a name such as
   * {@code type} has tens of thousands of definitions, each tested against the unit every time.
   */
  private static final int NAMES_PER_UNIT = 1024;

  /**
   * Paths to their place in a unit: an open-addressing table of the paths, their hashes and places. A Linux
   * file's unit has about a thousand files and the link pass makes one per file, and a name's entries are
   * tested against it by the thousand: a {@code HashMap<String, Integer>} allocated a node and often a
   * boxed place per file, and a lookup that misses (most do) followed a node to compare hashes; here a miss
   * reads the hash array alone.
   */
  static final class PathIndex {
    private String[] keys = new String[64];
    private int[] hashes = new int[64];
    private int[] places = new int[64];
    private int size;

    /** Adds {@code path} at {@code place} unless present; whether it was added. */
    boolean add(String path, int place) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int h = path.hashCode();
      int mask = keys.length - 1;
      for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == null) {
          keys[i] = path;
          hashes[i] = h;
          places[i] = place;
          size++;
          return true;
        }
        if (hashes[i] == h && keys[i].equals(path)) {
          return false;
        }
      }
    }

    /** The place of {@code path}, or -1 when the unit does not see it. */
    int indexOf(String path) {
      int h = path.hashCode();
      int mask = keys.length - 1;
      for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == null) {
          return -1;
        }
        if (hashes[i] == h && keys[i].equals(path)) {
          return places[i];
        }
      }
    }

    private static int mix(int h) {
      return (h * 0x9E3779B9) >>> 7;
    }

    private void grow() {
      String[] k = keys;
      int[] p = places;
      keys = new String[k.length * 2];
      hashes = new int[k.length * 2];
      places = new int[k.length * 2];
      size = 0;
      for (int i = 0; i < k.length; i++) {
        if (k[i] != null) {
          add(k[i], p[i]);
        }
      }
    }
  }

  private final Lookup lookup;
  private final IncludeEdges includes;
  private final Map<String, Unit> units = dev.vcr.kernel.memo.Lru.of(MAX_UNITS);

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
    PathIndex at = new PathIndex();
    boolean incomplete = false;
    List<String> queue = new ArrayList<>(List.of(path));
    at.add(path, 0);
    for (int i = 0; i < queue.size(); i++) {
      String p = queue.get(i);
      IncludeEdges.Edges e = edges(p);
      if (e == null) {
        continue;
      }
      incomplete |= e.incomplete();
      for (String found : e.files()) {
        if (at.add(found, queue.size())) {
          queue.add(found);
        }
      }
    }
    u = new Unit(queue, at, incomplete, new java.util.HashMap<>());
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

  /**
   * The non-local definitions named {@code name} in the files {@code path}'s unit sees, in unit order; kept
   * with the unit (an unmodifiable list).
   */
  List<DefHit> visible(String path, String name) {
    Unit u = unit(path);
    List<DefHit> known = u.named().get(name);
    if (known == null) {
      known = List.copyOf(visible(u, name, ANY_KIND));
      if (u.named().size() >= NAMES_PER_UNIT) {
        u.named().clear();
      }
      u.named().put(name, known);
    }
    return known;
  }

  private static final Predicate<SymbolKind> ANY_KIND = k -> true;

  /**
   * As {@link #visible(String, String)}, only of the kinds {@code kinds} accepts. The kind is tested before
   * the file: on Linux a name such as {@code name} or {@code dev} has tens of thousands of struct-field
   * entries, which a use that needs a function, a macro or a tag then skips without a lookup in the unit.
   */
  List<DefHit> visible(String path, String name, Predicate<SymbolKind> kinds) {
    return visible(unit(path), name, kinds);
  }

  private List<DefHit> visible(Unit u, String name, Predicate<SymbolKind> kinds) {
    // the name table's entries are filtered first: only the files of the unit are read
    List<DefHit> out = new ArrayList<>(lookup.definitionsNamedIn(name, (p, k) -> kinds.test(k) && u.sees(p)));
    out.sort((a, b) -> Integer.compare(u.at().indexOf(a.path()), u.at().indexOf(b.path())));
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
