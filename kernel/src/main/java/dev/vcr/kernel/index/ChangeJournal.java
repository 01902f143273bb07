package dev.vcr.kernel.index;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the last in-place changes of the store did to its definitions, by index hash: for each committed
 * {@link SymbolStore#apply}, the names defined in the files it changed (before or after the change) and
 * whether a name entered or left the definition-name table. A cache keyed by name asks it, when the index
 * hash moves, which of its entries a save made stale ({@link IndexReader#definitionChanges}), instead of
 * dropping all of them. Bounded: the last {@value #ENTRIES} changes, each with at most {@value #MAX_NAMES}
 * names (a larger change is recorded as unknown, and its readers start over). Each change also records the
 * symbol ids whose {@code uses} may have changed: every target, before and after, of each links block it
 * rewrote (at most {@value #MAX_USE_IDS}; beyond, or when not given, the uses are unknown along a chain
 * through it, while its names are still known). Thread-safe.
 */
final class ChangeJournal {
  static final int ENTRIES = 64;
  static final int MAX_NAMES = 20_000;
  static final int MAX_USE_IDS = 500_000;

  /** {@code useIds}: sorted, distinct; null when unknown. */
  private record Entry(String from, String to, Set<String> names, boolean nameSetChanged, long[] useIds) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  /** Records one committed change from hash {@code from} to {@code to}; {@code names} null when unknown. */
  synchronized void record(String from, String to, Set<String> names, boolean nameSetChanged) {
    record(from, to, names, nameSetChanged, null);
  }

  /**
   * Records one committed change; {@code useIds} are the ids whose uses it may have changed (any order,
   * repeats allowed; null when unknown).
   */
  synchronized void record(String from, String to, Set<String> names, boolean nameSetChanged, long[] useIds) {
    if (from.equals(to)) {
      return;
    }
    if (names == null || names.size() > MAX_NAMES) {
      entries.clear(); // unknown: no chain may pass through it
      return;
    }
    long[] ids = useIds == null || useIds.length > MAX_USE_IDS ? null
        : java.util.Arrays.stream(useIds).sorted().distinct().toArray();
    entries.addLast(new Entry(from, to, Set.copyOf(names), nameSetChanged, ids));
    while (entries.size() > ENTRIES) {
      entries.removeFirst();
    }
  }

  /** Forgets everything (a new generation replaced the one the entries describe). */
  synchronized void clear() {
    entries.clear();
  }

  /**
   * The changes that lead from index hash {@code from} to {@code to} through consecutive recorded
   * changes, or null when the journal cannot tell (not recorded, forgotten, or a rebuild in between).
   */
  synchronized IndexReader.DefinitionChanges between(String from, String to) {
    if (from.equals(to)) {
      return new IndexReader.DefinitionChanges(Set.of(), false, new long[0]);
    }
    TreeSet<String> names = new TreeSet<>();
    boolean nameSetChanged = false;
    java.util.List<long[]> useIds = new java.util.ArrayList<>();
    boolean usesKnown = true;
    String want = to;
    Iterator<Entry> newestFirst = entries.descendingIterator();
    boolean started = false;
    while (newestFirst.hasNext()) {
      Entry e = newestFirst.next();
      if (!started) {
        if (!e.to.equals(to)) {
          continue; // later changes than the one asked about
        }
        started = true;
      } else if (!e.to.equals(want)) {
        return null; // not consecutive
      }
      names.addAll(e.names);
      nameSetChanged |= e.nameSetChanged;
      if (e.useIds == null) {
        usesKnown = false;
      } else {
        useIds.add(e.useIds);
      }
      if (e.from.equals(from)) {
        return new IndexReader.DefinitionChanges(names, nameSetChanged, usesKnown ? union(useIds) : null);
      }
      want = e.from;
    }
    return null;
  }

  /** The sorted union of sorted arrays. */
  private static long[] union(java.util.List<long[]> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return parts.stream().flatMapToLong(java.util.Arrays::stream).sorted().distinct().toArray();
  }
}
