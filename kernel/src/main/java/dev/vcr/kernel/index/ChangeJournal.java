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
 * names (a larger change is recorded as unknown, and its readers start over). Thread-safe.
 */
final class ChangeJournal {
  static final int ENTRIES = 64;
  static final int MAX_NAMES = 20_000;

  private record Entry(String from, String to, Set<String> names, boolean nameSetChanged) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  /** Records one committed change from hash {@code from} to {@code to}; {@code names} null when unknown. */
  synchronized void record(String from, String to, Set<String> names, boolean nameSetChanged) {
    if (from.equals(to)) {
      return;
    }
    if (names == null || names.size() > MAX_NAMES) {
      entries.clear(); // unknown: no chain may pass through it
      return;
    }
    entries.addLast(new Entry(from, to, Set.copyOf(names), nameSetChanged));
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
      return new IndexReader.DefinitionChanges(Set.of(), false);
    }
    TreeSet<String> names = new TreeSet<>();
    boolean nameSetChanged = false;
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
      if (e.from.equals(from)) {
        return new IndexReader.DefinitionChanges(names, nameSetChanged);
      }
      want = e.from;
    }
    return null;
  }
}
