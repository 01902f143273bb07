package dev.vcr.kernel.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The journal answers only along consecutive recorded changes, and unions what they touched. */
class ChangeJournalTest {

  @Test
  void unionsTheNamesAlongAChainOfChanges() {
    ChangeJournal j = new ChangeJournal();
    j.record("h1", "h2", Set.of("a"), false);
    j.record("h2", "h3", Set.of("b"), true);
    j.record("h3", "h4", Set.of("c"), false);
    IndexReader.DefinitionChanges c = j.between("h1", "h4");
    assertEquals(Set.of("a", "b", "c"), c.names());
    assertTrue(c.nameSetChanged());
    IndexReader.DefinitionChanges tail = j.between("h3", "h4");
    assertEquals(Set.of("c"), tail.names());
    assertFalse(tail.nameSetChanged());
    // an intermediate target: later changes are not included
    assertEquals(Set.of("a", "b"), j.between("h1", "h3").names());
    assertEquals(Set.of(), j.between("h4", "h4").names());
  }

  @Test
  void cannotTellAcrossAGapAnUnknownChangeOrWhatItForgot() {
    ChangeJournal j = new ChangeJournal();
    j.record("h1", "h2", Set.of("a"), false);
    j.record("h9", "h10", Set.of("b"), false); // a rebuild went from h2 to h9 unrecorded
    assertNull(j.between("h1", "h10"));
    assertNull(j.between("h0", "h2"));
    assertNull(j.between("h2", "h1")); // backwards
    j.record("h10", "h11", null, false); // unknown: no chain through it
    assertNull(j.between("h9", "h10"));
    j.record("h11", "h12", Set.of("c"), false);
    assertEquals(Set.of("c"), j.between("h11", "h12").names());
    for (int i = 0; i < ChangeJournal.ENTRIES; i++) {
      j.record("x" + i, "x" + (i + 1), Set.of("n"), false);
    }
    assertNull(j.between("h11", "h12"));
    assertEquals(Set.of("n"), j.between("x0", "x" + ChangeJournal.ENTRIES).names());
    j.clear();
    assertNull(j.between("x0", "x1"));
  }

  @Test
  void anUndoneChangeIsFoundFromTheLatestVisit() {
    ChangeJournal j = new ChangeJournal();
    j.record("h1", "h2", Set.of("a"), false);
    j.record("h2", "h1", Set.of("a"), false); // the edit undone
    j.record("h1", "h3", Set.of("b"), false);
    assertEquals(Set.of("b"), j.between("h1", "h3").names());
    assertEquals(Set.of("a"), j.between("h2", "h1").names());
  }

  @Test
  void unionsTheIdsWhoseUsesChangedAndKnowsWhenItCannotTell() {
    ChangeJournal j = new ChangeJournal();
    j.record("h1", "h2", Set.of("a"), false, new long[] {5, 3, 5});
    j.record("h2", "h3", Set.of("b"), false, new long[] {-1, 3});
    assertArrayEquals(new long[] {-1, 3, 5}, j.between("h1", "h3").usesChanged());
    assertArrayEquals(new long[] {3, 5}, j.between("h1", "h2").usesChanged());
    assertTrue(j.between("h1", "h3").usesMayHaveChanged(-1));
    assertFalse(j.between("h1", "h3").usesMayHaveChanged(4));
    assertArrayEquals(new long[0], j.between("h3", "h3").usesChanged());
    j.record("h3", "h4", Set.of("c"), false); // uses not given: unknown along a chain through it
    assertEquals(Set.of("a", "b", "c"), j.between("h1", "h4").names());
    assertNull(j.between("h1", "h4").usesChanged());
    assertTrue(j.between("h3", "h4").usesMayHaveChanged(42));
    j.record("h4", "h5", Set.of(), false, new long[ChangeJournal.MAX_USE_IDS + 1]); // too many: unknown
    assertNull(j.between("h4", "h5").usesChanged());
    assertEquals(Set.of(), j.between("h4", "h5").names());
  }
}
