package dev.vcr.bench;

import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.query.StoreSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * In-process CPU time of workspace-symbol and prepare + incoming-calls queries over an existing index
 * (e.g. one kept by {@code bench/run.sh latency --keep-index}), as the LSP server runs them (one navigator
 * per request, over one shared store source), with a digest of every answer so that a change can be
 * checked to answer the same. Queries are drawn like {@link LatencyBenchmark}'s: declarations of seeded
 * files, the common JDK names first; workspace symbol over exact names, prefixes and camel humps. A first
 * pass with another seed warms the JIT. Also prints the bytes each request allocated, on average (what young
 * collections, whose pauses land on requests, pay for).
 *
 * <p>{@code QueryCpuHarness INDEX_DIR [--n N] [--seed S] [--files F]}
 */
public final class QueryCpuHarness {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = 200;
    long seed = 42;
    int fileCount = 60;
    boolean warm = true;
    int rounds = 0;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--files" -> fileCount = Integer.parseInt(args[++i]);
        case "--no-warmup" -> warm = false;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    if (rounds > 0) {
      // Each round opens the store afresh (cold caches) and asks the same; per query the least CPU of
      // rounds 2.. (JIT-warm, cache-cold, least disturbed by other processes).
      List<long[][]> all = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        try (SymbolStore store = SymbolStore.open(dir)) {
          StoreSource source = new StoreSource(store);
          List<String> paths = new ArrayList<>(store.files().keySet());
          all.add(run("round " + round, store, source, paths, n, seed, fileCount, round == 0, true));
        }
      }
      for (int kind = 0; kind < 2; kind++) {
        int count = all.get(0)[kind].length;
        long[] best = new long[count];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        long total = 0;
        for (int round = 1; round < rounds; round++) {
          for (int q = 0; q < count; q++) {
            best[q] = Math.min(best[q], all.get(round)[kind][q]);
          }
        }
        for (long b : best) {
          total += b;
        }
        java.util.Arrays.sort(best);
        System.out.printf(Locale.ROOT, "%s, least CPU of rounds 2-%d, cold caches: p50 %.2f p90 %.2f p99 %.2f max %.2f "
            + "total %.1f ms%n", kind == 0 ? "workspace symbol" : "prepare + incoming", rounds, cpu(best, 50),
            cpu(best, 90), cpu(best, 99), best[count - 1] / 1e6, total / 1e6);
      }
      return;
    }
    try (SymbolStore store = SymbolStore.open(dir)) {
      StoreSource source = new StoreSource(store);
      List<String> paths = new ArrayList<>(store.files().keySet());
      if (warm) {
        run("warm-up", store, source, paths, n, seed + 1000, fileCount, false, false);
      }
      run("timed", store, source, paths, n, seed, fileCount, true, true);
    }
  }

  private static long[][] run(String label, SymbolStore store, StoreSource source, List<String> all, int n, long seed,
      int fileCount, boolean print, boolean common) throws Exception {
    List<String> files = new ArrayList<>(all);
    Collections.sort(files);
    Collections.shuffle(files, new Random(seed));
    files = files.subList(0, Math.min(fileCount, files.size()));
    record Target(String path, int ordinal, Definition def) {}
    List<Target> declared = new ArrayList<>();
    List<Target> methods = new ArrayList<>();
    Navigator nav0 = new Navigator(source);
    for (String f : files) {
      FileFacts facts = nav0.facts(f);
      if (facts == null) {
        continue;
      }
      for (int i = 0; i < facts.definitions().size(); i++) {
        Definition d = facts.definitions().get(i);
        if (d.kind() == SymbolKind.METHOD || d.kind() == SymbolKind.CONSTRUCTOR || d.kind().isType()) {
          declared.add(new Target(f, i, d));
        }
        if (d.kind() == SymbolKind.METHOD) {
          methods.add(new Target(f, i, d));
        }
      }
    }
    List<Target> calls = new ArrayList<>();
    String[][] wanted = {
        {"java/lang/Object.java", "toString"}, {"java/lang/Object.java", "equals"},
        {"java/lang/Object.java", "hashCode"}, {"java/util/Collection.java", "size"},
        {"java/util/List.java", "get"}, {"java/util/Map.java", "get"}, {"java/util/ArrayList.java", "size"},
        {"java/lang/String.java", "equals"}, {"java/lang/String.java", "length"}, {"java/util/HashMap.java", "put"}};
    if (common) {
      for (String[] w : wanted) {
        FileFacts facts = nav0.facts(w[0]);
        if (facts == null) {
          continue;
        }
        for (int i = 0; i < facts.definitions().size(); i++) {
          Definition d = facts.definitions().get(i);
          if (d.name().equals(w[1]) && d.kind() == SymbolKind.METHOD) {
            calls.add(new Target(w[0], i, d));
            break;
          }
        }
      }
    }
    calls.addAll(LatencyBenchmark.everyKth(methods, n - calls.size()));

    Set<String> names = new LinkedHashSet<>(List.of("size", "get", "toString", "equals"));
    for (Target t : declared) {
      names.add(t.def().name());
    }
    List<String> nameList = new ArrayList<>(names);
    List<String> queries = new ArrayList<>(nameList.subList(0, 4));
    queries.addAll(LatencyBenchmark.everyKth(nameList.subList(4, nameList.size()), n / 3 - 4));
    Random r = new Random(seed);
    List<String> shuffled = new ArrayList<>(nameList);
    Collections.shuffle(shuffled, r);
    int prefixes = 0;
    int humps = 0;
    List<String> humpList = new ArrayList<>();
    for (String name : shuffled) {
      if (prefixes < n / 3 && name.length() >= 5) {
        queries.add(name.substring(0, 3 + r.nextInt(2)));
        prefixes++;
      }
      String h = LatencyBenchmark.humps(name);
      if (humps < n - 2 * (n / 3) && h != null) {
        humpList.add(h);
        humps++;
      }
    }
    queries.addAll(humpList);

    MessageDigest wsDigest = MessageDigest.getInstance("SHA-256");
    List<long[]> ws = new ArrayList<>();
    List<String> wsLabels = new ArrayList<>();
    for (String q : queries) {
      long a0 = allocated();
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<SymbolMatch> got = new Navigator(source).workspaceSymbols(q, 256);
      ws.add(new long[] {THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - t0, got.size(), allocated() - a0});
      wsLabels.add("'" + q + "'");
      StringBuilder b = new StringBuilder(q).append('\n');
      for (SymbolMatch m : got) {
        b.append(m.path()).append('#').append(m.ordinal()).append(' ').append(m.definition()).append(' ')
            .append(m.score()).append('\n');
      }
      wsDigest.update(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    MessageDigest inDigest = MessageDigest.getInstance("SHA-256");
    List<long[]> in = new ArrayList<>();
    List<String> inLabels = new ArrayList<>();
    for (Target t : calls) {
      long a0 = allocated();
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      FilePosition pos = new FilePosition(t.path(), t.def().nameSpan().startLine(), t.def().nameSpan().startCol(), false);
      List<CallItem> items = new Navigator(source).prepareCallHierarchy(pos);
      List<IncomingCall> got = items.isEmpty() ? List.of() : new Navigator(source).incomingCalls(items.get(0));
      in.add(new long[] {THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - t0, got.size(), allocated() - a0});
      inLabels.add(t.path() + "#" + t.ordinal() + " " + t.def().name());
      StringBuilder b = new StringBuilder(t.path()).append('#').append(t.ordinal()).append('\n');
      for (CallItem i : items) {
        b.append(i).append('\n');
      }
      for (IncomingCall c : got) {
        b.append(c.from()).append(' ').append(c.fromRanges()).append('\n');
      }
      inDigest.update(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (print) {
      report("workspace symbol", ws, wsLabels, wsDigest);
      report("prepare + incoming calls", in, inLabels, inDigest);
    }
    return new long[][] {ws.stream().mapToLong(x -> x[0]).toArray(), in.stream().mapToLong(x -> x[0]).toArray()};
  }

  private static void report(String what, List<long[]> samples, List<String> labels, MessageDigest digest) {
    long[] cpu = samples.stream().mapToLong(x -> x[0]).sorted().toArray();
    long[] wall = samples.stream().mapToLong(x -> x[1]).sorted().toArray();
    long allocated = samples.stream().mapToLong(x -> x[3]).sum();
    System.out.printf(Locale.ROOT, "%-26s n %d  cpu ms p50 %.2f p90 %.2f p99 %.2f max %.2f | wall p50 %.2f p99 %.2f max %.2f"
        + " | allocated %.0f KB/request  answers %s%n", what, cpu.length, cpu(cpu, 50), cpu(cpu, 90), cpu(cpu, 99),
        cpu[cpu.length - 1] / 1e6, cpu(wall, 50), cpu(wall, 99), wall[wall.length - 1] / 1e6,
        allocated / 1e3 / Math.max(1, samples.size()), HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(samples.get(b)[0], samples.get(a)[0]));
    for (int i : order.subList(0, Math.min(6, order.size()))) {
      System.out.printf(Locale.ROOT, "    %7.2f ms cpu  %5d results  %s%n", samples.get(i)[0] / 1e6, samples.get(i)[2],
          labels.get(i));
    }
  }

  /** Bytes allocated by this thread so far (the request's garbage, which young collections pay for). */
  private static long allocated() {
    return THREADS instanceof com.sun.management.ThreadMXBean t ? t.getCurrentThreadAllocatedBytes() : 0;
  }

  private static double cpu(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
