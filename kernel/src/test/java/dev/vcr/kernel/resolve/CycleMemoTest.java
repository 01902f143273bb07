package dev.vcr.kernel.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Answers through an import cycle do not depend on which key was asked first. */
class CycleMemoTest {
  /** a and b import each other; c imports a; each exports its own letter and what it imports. */
  private static final Map<String, List<String>> IMPORTS = Map.of("a", List.of("b"), "b", List.of("a"),
      "c", List.of("a"));

  private static List<String> names(CycleMemo<String> memo, String key) {
    return memo.get(key, () -> {
      TreeSet<String> out = new TreeSet<>(List.of(key));
      for (String i : IMPORTS.get(key)) {
        out.addAll(names(memo, i));
      }
      return new ArrayList<>(out);
    });
  }

  @Test
  void anAnswerCutByACycleIsNotKept() {
    for (List<String> order : List.of(List.of("a", "b", "c"), List.of("b", "a", "c"), List.of("c", "b", "a"))) {
      CycleMemo<String> memo = new CycleMemo<>(40);
      for (String k : order) {
        names(memo, k);
      }
      // asked after the others, each has its whole answer
      assertEquals(List.of("a", "b"), names(memo, "a"), "order " + order);
      assertEquals(List.of("a", "b"), names(memo, "b"), "order " + order);
      assertEquals(List.of("a", "b", "c"), names(memo, "c"), "order " + order);
    }
  }

  @Test
  void tooDeepAnswersEmptyAndKeepsNothingAboveIt() {
    CycleMemo<String> memo = new CycleMemo<>(1);
    List<String> chain = List.of("k0", "k1", "k2", "k3");
    java.util.function.Function<Integer, List<String>>[] f = new java.util.function.Function[1];
    f[0] = i -> memo.get(chain.get(i), () -> {
      List<String> out = new ArrayList<>(List.of(chain.get(i)));
      if (i + 1 < chain.size()) {
        out.addAll(f[0].apply(i + 1));
      }
      return out;
    });
    assertEquals(List.of("k0", "k1"), f[0].apply(0)); // k2 is past the depth: cut
    assertEquals(List.of("k2", "k3"), f[0].apply(2)); // asked on its own, k2 is not cut
  }
}
