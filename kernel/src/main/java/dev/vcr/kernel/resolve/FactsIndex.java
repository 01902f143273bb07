package dev.vcr.kernel.resolve;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lookups into one file's facts that resolution makes for nearly every reference: definitions by name,
 * scoped names (parameters and locals) by name with their positions packed, definitions by container, and
 * the file's supertype clauses. Without them each lookup is a scan of the whole file, which made resolving
 * the thousands of uses of a common name quadratic in file size.
 *
 * <p>Built once per {@link FileFacts} instance and kept with it ({@link FileFacts#derived}), so facts
 * cached across requests keep their index too. Ordinals are ascending.
 */
public final class FactsIndex {
  private static final int[] NONE = new int[0];

  private final Map<String, int[]> byName;
  private final Map<String, Locals> localsByName;
  private final Map<Integer, int[]> byContainer;
  private final List<dev.vcr.kernel.model.Reference> inherits;
  private final FileFacts facts;
  private volatile List<dev.vcr.kernel.model.Reference> annotations;

  private FactsIndex(FileFacts f) {
    facts = f;
    Map<String, List<Integer>> names = new HashMap<>();
    Map<String, List<Integer>> scoped = new HashMap<>();
    Map<Integer, List<Integer>> containers = new HashMap<>();
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      names.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(i);
      containers.computeIfAbsent(d.container(), k -> new ArrayList<>()).add(i);
      if (d.kind().isLocal() && d.scope() != null) {
        scoped.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(i);
      }
    }
    byName = freeze(names);
    byContainer = freeze(containers);
    localsByName = new HashMap<>(scoped.size() * 2);
    scoped.forEach((name, ordinals) -> localsByName.put(name, Locals.of(defs, ordinals)));
    inherits = dev.vcr.kernel.index.FactsCodec.referencesWithRole(f.references(), RefRole.INHERIT);
  }

  /** The index of a file's facts. */
  public static FactsIndex of(FileFacts f) {
    return f.derived(FactsIndex.class, FactsIndex::new);
  }

  /** Ordinals of the definitions with this name. */
  public int[] named(String name) {
    return byName.getOrDefault(name, NONE);
  }

  /** The parameters, locals and type parameters with a scope named {@code name}; null when none. */
  public Locals locals(String name) {
    return localsByName.get(name);
  }

  /**
   * Scoped definitions of one name, in ascending ordinal order, with their name's start and their scope's
   * start and end packed as {@code line << 32 | column} (both are non-negative, so packed positions order as
   * the positions do): {@link Scopes#local} compares them without touching the definitions.
   */
  public record Locals(int[] ordinals, long[] declared, long[] scopeStart, long[] scopeEnd) {
    static Locals of(List<Definition> defs, List<Integer> ordinals) {
      int n = ordinals.size();
      int[] ord = new int[n];
      long[] declared = new long[n];
      long[] start = new long[n];
      long[] end = new long[n];
      for (int k = 0; k < n; k++) {
        ord[k] = ordinals.get(k);
        Definition d = defs.get(ord[k]);
        declared[k] = pack(d.nameSpan().startLine(), d.nameSpan().startCol());
        start[k] = pack(d.scope().startLine(), d.scope().startCol());
        end[k] = pack(d.scope().endLine(), d.scope().endCol());
      }
      return new Locals(ord, declared, start, end);
    }

    /** A position as one long that orders as (line, column) does. */
    public static long pack(int line, int col) {
      return (long) line << 32 | (col & 0xFFFFFFFFL);
    }
  }

  /** Ordinals of the definitions directly inside definition {@code container} (-1: the file's top level). */
  public int[] children(int container) {
    return byContainer.getOrDefault(container, NONE);
  }

  /**
   * The references with the role {@link RefRole#ANNOTATION} (Java annotations, Python decorators), in source
   * order; found from the records' headers on first use.
   */
  public List<dev.vcr.kernel.model.Reference> annotations() {
    List<dev.vcr.kernel.model.Reference> a = annotations;
    if (a == null) {
      a = dev.vcr.kernel.index.FactsCodec.referencesWithRole(facts.references(), RefRole.ANNOTATION);
      annotations = a;
    }
    return a;
  }

  /** The references that name a supertype ({@link RefRole#INHERIT}), in source order. */
  public List<dev.vcr.kernel.model.Reference> inherits() {
    return inherits;
  }

  private static <K> Map<K, int[]> freeze(Map<K, List<Integer>> m) {
    Map<K, int[]> out = new HashMap<>(m.size() * 2);
    m.forEach((k, v) -> out.put(k, toArray(v)));
    return out;
  }

  private static int[] toArray(List<Integer> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
