package dev.vcr.kernel.graph;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the graph queries on a real tree (a benchmark, not a test): indexes it (or reuses the index),
 * then times impact (3 hops, limit 200) and context (2,000 tokens) for {@code n} methods spread evenly over
 * the workspace in path order, each with a fresh {@link CodeGraph} as a request has, after a warm-up of
 * other methods; then cycles, hotspots, clusters and stats, twice (cold, then warm).
 *
 * <p>Usage: {@code GraphLatencyMeasure <tree> <index-dir> [n]}.
 */
public final class GraphLatencyMeasure {
  private GraphLatencyMeasure() {}

  public static void main(String[] args) throws Exception {
    Path tree = Path.of(args[0]);
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(tree), Path.of(args[1]), IndexOptions.defaults())) {
      long t0 = System.nanoTime();
      wi.refresh(Indexer.Progress.NONE, () -> false);
      System.out.printf(Locale.ROOT, "index ready in %.1f s: %d files%n", (System.nanoTime() - t0) / 1e9, wi.store().fileCount());
      List<DefHit> methods = new ArrayList<>();
      CodeGraph g0 = wi.graph();
      for (String path : wi.store().files().keySet()) {
        FileFacts f = g0.nav().facts(path);
        for (int i = 0; f != null && i < f.definitions().size(); i++) {
          Definition d = f.definitions().get(i);
          if (d.kind() == SymbolKind.METHOD) {
            methods.add(new DefHit(path, i, d));
          }
        }
      }
      List<DefHit> sample = new ArrayList<>();
      List<DefHit> warm = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sample.add(methods.get((int) ((long) i * methods.size() / n)));
        warm.add(methods.get((int) ((long) i * methods.size() / n + methods.size() / (2L * n))));
      }
      System.out.println(methods.size() + " methods; sample " + n);
      for (DefHit d : warm.subList(0, Math.min(50, warm.size()))) {
        wi.graph().impact(List.of(d), 3, 200, false);
        wi.graph().context(d, 2000);
      }
      long[] impact = new long[n];
      long[] context = new long[n];
      int nodes = 0;
      int truncated = 0;
      for (int i = 0; i < n; i++) {
        long s = System.nanoTime();
        GraphResults.ImpactResult r = wi.graph().impact(List.of(sample.get(i)), 3, 200, false);
        impact[i] = System.nanoTime() - s;
        nodes += r.total();
        truncated += r.truncated() ? 1 : 0;
        s = System.nanoTime();
        wi.graph().context(sample.get(i), 2000);
        context[i] = System.nanoTime() - s;
      }
      report("impact 3 hops", impact);
      System.out.printf(Locale.ROOT, "  mean %.1f symbols reached, %d of %d truncated%n", nodes / (double) n, truncated, n);
      report("context 2000 tokens", context);
      for (String round : List.of("cold", "warm")) {
        once("cycles files " + round, () -> wi.graph().cycles("files", 20).components());
        once("cycles calls " + round, () -> wi.graph().cycles("calls", 20).components());
        once("hotspots 50 " + round, () -> wi.graph().hotspots(50).symbols().size());
        once("clusters " + round, () -> wi.graph().clusters(20).clusters());
        once("stats " + round, () -> wi.graph().stats().files());
      }
    }
  }

  private static void once(String what, java.util.function.IntSupplier q) {
    long s = System.nanoTime();
    int v = q.getAsInt();
    System.out.printf(Locale.ROOT, "%-22s %8.0f ms (%d)%n", what, (System.nanoTime() - s) / 1e6, v);
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%-20s p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms%n", what, s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.9)] / 1e6, s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s[s.length - 1] / 1e6);
  }
}
