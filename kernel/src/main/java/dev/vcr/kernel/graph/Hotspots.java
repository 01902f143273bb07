package dev.vcr.kernel.graph;

import dev.vcr.kernel.graph.GraphResults.Hotspot;
import dev.vcr.kernel.graph.GraphResults.HotspotsResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where risk concentrates: symbols and files ranked by fan-in (distinct users) × fan-out (distinct things
 * used), then by size in lines, then by location. Something used by many and using many is where a change
 * spreads furthest and breaks most. Symbols count every use but imports; files count the file graph.
 */
final class Hotspots {
  private Hotspots() {}

  private record Scored(int index, int fanIn, int fanOut, int lines) {
    long score() {
      return (long) fanIn * fanOut;
    }
  }

  private static final Comparator<Scored> RANK = Comparator.comparingLong((Scored s) -> -s.score())
      .thenComparingInt(s -> -s.lines()).thenComparingInt(Scored::index);

  static HotspotsResult of(WholeGraph w, int limit, CodeGraph g) {
    int max = Math.max(0, limit);
    List<Scored> symbols = rank(w.symbolOut, w.linesOfNode, i -> !w.nodes.get(i).isFileLevel());
    List<Scored> files = rank(w.fileOut, w.linesOfFile, i -> true);
    List<Hotspot> s = new ArrayList<>();
    for (Scored x : symbols.subList(0, Math.min(max, symbols.size()))) {
      SymbolRef r = g.ref(w.nodes.get(x.index()));
      s.add(new Hotspot(r.qualifiedName(), r.kind(), r.location(), x.fanIn(), x.fanOut(), x.lines(), x.score()));
    }
    List<Hotspot> f = new ArrayList<>();
    for (Scored x : files.subList(0, Math.min(max, files.size()))) {
      String path = w.files.get(x.index());
      f.add(new Hotspot(path, "file", path, x.fanIn(), x.fanOut(), x.lines(), x.score()));
    }
    return new HotspotsResult(max, symbols.size() > max || files.size() > max, s, f);
  }

  /** The vertices with both users and uses, best first. */
  private static List<Scored> rank(int[][] out, int[] lines, java.util.function.IntPredicate keep) {
    int[] in = new int[out.length];
    for (int[] succ : out) {
      for (int t : succ) {
        in[t]++;
      }
    }
    List<Scored> all = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      if (keep.test(i) && in[i] > 0 && out[i].length > 0) {
        all.add(new Scored(i, in[i], out[i].length, lines[i]));
      }
    }
    all.sort(RANK);
    return all;
  }
}
