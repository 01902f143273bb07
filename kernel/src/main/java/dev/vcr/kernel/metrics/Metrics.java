package dev.vcr.kernel.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters and distributions (dotted snake_case names, e.g. {@code index.files_parsed}). Thread-safe;
 * snapshots are sorted by name so printed output is deterministic.
 */
public final class Metrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Distribution> distributions = new ConcurrentHashMap<>();

  public void add(String name, long delta) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
  }

  public void increment(String name) {
    add(name, 1);
  }

  public long count(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  public Distribution distribution(String name) {
    return distributions.computeIfAbsent(name, k -> new Distribution());
  }

  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public Map<String, Distribution> distributions() {
    return new TreeMap<>(distributions);
  }
}
