package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Hotspot;
import dev.vcr.kernel.graph.GraphResults.HotspotsResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Where risk concentrates: symbols and files ranked by fan-in (distinct users) × fan-out (distinct things
 * used), then by size in lines, then by location. Something used by many and using many is where a change
 * spreads furthest and breaks most. Symbols count every use but imports; files count the file graph.
 * Weighted by git history ({@link GitHistory}), the score is multiplied by 1 + the number of read commits
 * that touched the file (a symbol's file, for a symbol): code that keeps changing ranks higher.
 */
final class Hotspots {
  private Hotspots() {}

  private record Scored(int index, int fanIn, int fanOut, int lines, int changes, long score) {}

  private static final Comparator<Scored> RANK = Comparator.comparingLong((Scored s) -> -s.score())
      .thenComparingInt(s -> -s.lines()).thenComparingInt(Scored::index);

  /** {@code history}: null for unweighted. */
  static HotspotsResult of(WholeGraph w, int limit, int offset, GitHistory.Counts history, CodeGraph g) {
    boolean weighted = history != null && history.read();
    int[] fileChanges = new int[w.files.size()];
    if (weighted) {
      for (int i = 0; i < fileChanges.length; i++) {
        fileChanges[i] = history.changes().getOrDefault(w.files.get(i), 0);
      }
    }
    int keep = (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.max(0, offset) + Math.max(0, limit));
    Ranked symbols = rank(w.symbolOut, w.linesOfNode, i -> fileChanges[w.fileOfNode[i]], i -> !w.isFileLevel(i),
        keep);
    Ranked files = rank(w.fileOut, w.linesOfFile, i -> fileChanges[i], i -> true, keep);
    Page sp = Page.of(symbols.count(), offset, limit);
    Page fp = Page.of(files.count(), offset, limit);
    List<Hotspot> s = new ArrayList<>();
    for (Scored x : symbols.best().subList(sp.from(), sp.to())) {
      SymbolRef r = g.ref(w.node(x.index()));
      s.add(hotspot(r.qualifiedName(), r.kind(), r.location(), x, weighted));
    }
    List<Hotspot> f = new ArrayList<>();
    for (Scored x : files.best().subList(fp.from(), fp.to())) {
      String path = w.files.get(x.index());
      f.add(hotspot(path, "file", path, x, weighted));
    }
    boolean more = sp.truncated() || fp.truncated();
    int from = Math.max(0, offset);
    return new HotspotsResult(Math.max(0, limit), from, more, more ? from + Math.max(0, limit) : null,
        history == null ? null : history.note(), s, f);
  }

  private static Hotspot hotspot(String name, String kind, String location, Scored x, boolean weighted) {
    return new Hotspot(name, kind, location, x.fanIn(), x.fanOut(), x.lines(), weighted ? x.changes() : null, x.score());
  }

  /** How many vertices have both users and uses, and the best {@code keep} of them, best first. */
  private record Ranked(int count, List<Scored> best) {}

  /**
   * Ranks the vertices with both users and uses, keeping only the best {@code keep} (a page needs no more):
   * a heap of that many, worst on top, so Linux's millions of candidates are never all made and sorted.
   * {@link #RANK} is a total order (the index breaks ties), so the page is the same as a full sort's.
   */
  private static Ranked rank(int[][] out, int[] lines, java.util.function.IntUnaryOperator changes, IntPredicate keep,
      int max) {
    int[] in = new int[out.length];
    for (int[] succ : out) {
      for (int t : succ) {
        in[t]++;
      }
    }
    java.util.PriorityQueue<Scored> worstFirst = new java.util.PriorityQueue<>(RANK.reversed());
    int count = 0;
    for (int i = 0; i < out.length; i++) {
      if (keep.test(i) && in[i] > 0 && out[i].length > 0) {
        count++;
        int c = changes.applyAsInt(i);
        long score = (long) in[i] * out[i].length * (1 + c);
        if (max == 0) {
          continue;
        }
        if (worstFirst.size() == max) {
          Scored worst = worstFirst.peek();
          // a candidate no better than the worst kept is not made at all
          if (score < worst.score() || score == worst.score() && (lines[i] < worst.lines()
              || lines[i] == worst.lines() && i > worst.index())) {
            continue;
          }
          worstFirst.poll();
        }
        worstFirst.add(new Scored(i, in[i], out[i].length, lines[i], c, score));
      }
    }
    List<Scored> best = new ArrayList<>(worstFirst);
    best.sort(RANK);
    return new Ranked(count, best);
  }
}
