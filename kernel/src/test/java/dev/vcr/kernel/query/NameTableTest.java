package dev.vcr.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The indexed search answers exactly what scoring every name would, on random names and queries. */
class NameTableTest {
  private static List<NameTable.Match> bruteForce(List<String> names, String query, int limit) {
    List<NameTable.Match> all = new ArrayList<>();
    for (String n : names) {
      int s = FuzzyMatcher.score(query, n);
      if (s >= 0) {
        all.add(new NameTable.Match(n, s));
      }
    }
    all.sort(Comparator.comparingInt(NameTable.Match::score).reversed().thenComparing(NameTable.Match::name));
    return all.subList(0, Math.min(limit, all.size()));
  }

  @Test
  void sameAnswerAsScoringEveryName() {
    Random rnd = new Random(7);
    String[] parts = {"get", "set", "Value", "value", "_", "$", "Index", "of", "ignore", "Case", "x", "ab", "AB",
        "list", "List", "head", "init", "__", "pci", "dev", "Dev", "size", "Size", "k", "malloc", "é", "É"};
    TreeSet<String> set = new TreeSet<>();
    while (set.size() < 3000) {
      StringBuilder b = new StringBuilder();
      int k = 1 + rnd.nextInt(4);
      for (int i = 0; i < k; i++) {
        b.append(parts[rnd.nextInt(parts.length)]);
      }
      set.add(b.toString());
    }
    List<String> names = new ArrayList<>(set);
    NameTable table = new NameTable(names);
    String[] queries = {"get", "gV", "value", "VALUE", "x", "ab", "aB", "lh", "sz", "size", "dev", "_init", "$",
        "ex", "iOIC", "ignorecase", "é", "É", "ma", "k", "e", "alue", "st", "", "zz", "__", "_x", "$s", "__init", "_V"};
    for (String q : queries) {
      for (int limit : new int[] {1, 10, 256, 5000}) {
        assertEquals(bruteForce(names, q, limit), table.search(q, limit), q + " limit " + limit);
      }
    }
  }

  @Test
  void anUpdatedTableAnswersAsOneBuiltFromTheNewNames() {
    Random rnd = new Random(11);
    TreeSet<String> now = new TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      now.add(randomName(rnd));
    }
    NameTable table = new NameTable(new ArrayList<>(now));
    for (int round = 0; round < 20; round++) {
      List<String> present = new ArrayList<>();
      List<String> absent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String name = rnd.nextBoolean() ? randomName(rnd) : new ArrayList<>(now).get(rnd.nextInt(now.size()));
        (rnd.nextInt(3) == 0 ? absent : present).add(name);
      }
      absent.removeAll(present);
      present.add(""); // a nameless declaration's: never in a table
      table = table.updated(present, absent);
      now.addAll(present);
      now.remove("");
      now.removeAll(absent);
      NameTable fresh = new NameTable(new ArrayList<>(now));
      assertEquals(now.size(), table.size());
      for (String q : new String[] {"", "get", "gV", "_", "x", "size", "dev", "aB"}) {
        assertEquals(fresh.search(q, 300), table.search(q, 300), "round " + round + " query " + q);
      }
    }
  }

  @Test
  void namesGivenOutOfOrderOrTwiceAreSortedAndKeptOnce() {
    NameTable table = new NameTable(List.of("beta", "alpha", "beta", "gamma", "two\nlines"));
    assertEquals(3, table.size());
    assertEquals(3, new NameTable.Builder().add("gamma").add("alpha").add("beta").add("alpha").build().size());
    assertEquals(List.of(new NameTable.Match("alpha", FuzzyMatcher.score("alpha", "alpha"))), table.search("alpha", 5));
  }

  private static String randomName(Random rnd) {
    String[] parts = {"get", "set", "Value", "_", "$", "Index", "x", "ab", "AB", "size", "dev", "é"};
    StringBuilder b = new StringBuilder();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      b.append(parts[rnd.nextInt(parts.length)]);
    }
    return b.toString();
  }
}
