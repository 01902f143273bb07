package dev.vcr.kernel.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A workspace for {@link IncrementalEqualsCleanTest} made of hand-written files and <em>switches</em>: each
 * switch is a set of alternatives for a few files (a file's content, or its absence), and an edit flips one
 * switch to another of its alternatives. The switches are written so that flipping one changes what other,
 * untouched files resolve to (a header's class gains a method, a namespace is renamed, a {@code use}'s
 * target appears), and random sequences of flips combine them. Used for the languages whose module rules
 * are richer than what a generated model would reach cheaply (C++, Rust, C#, PHP, Ruby; see {@link
 * PropModuleSpecs}).
 *
 * <p>In a project's texts, {@code QQ} stands for the project's suffix ("" for project 0, then B, C, ...)
 * and every path is under {@code p<project>/}, so that projects sharing a workspace do not share names.
 */
final class PropScriptModel implements PropModel {
  /** One alternative of a switch: path to content, {@code null} for "no such file". */
  record Alt(String label, Map<String, String> files) {}

  record Switch(String name, List<Alt> alts) {}

  /** A language's workspace: files present whatever the switches say, the switches, and symbol queries. */
  record Spec(Map<String, String> base, List<Switch> switches, List<String> queries) {}

  /** Builds a {@link Spec}. */
  static final class Builder {
    private final Map<String, String> base = new LinkedHashMap<>();
    private final List<Switch> switches = new ArrayList<>();
    private final List<String> queries = new ArrayList<>();
    private List<Alt> current;

    Builder file(String path, String text) {
      base.put(path, text);
      return this;
    }

    /** Starts a switch; its first alternative is the initial state. */
    Builder flip(String name) {
      current = new ArrayList<>();
      switches.add(new Switch(name, current));
      return this;
    }

    /** An alternative of the current switch: pairs of path and content (null content: no such file). */
    Builder alt(String label, String... pathsAndTexts) {
      Map<String, String> files = new LinkedHashMap<>();
      for (int i = 0; i < pathsAndTexts.length; i += 2) {
        files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
      }
      current.add(new Alt(label, files));
      return this;
    }

    Builder queries(String... q) {
      queries.addAll(List.of(q));
      return this;
    }

    Spec build() {
      return new Spec(base, switches, queries);
    }
  }

  private final Spec spec;
  private final String prefix;
  private final String suffix;
  /** Each switch's current alternative. */
  private final int[] state;

  PropScriptModel(Spec spec, Random rnd, int project) {
    this.spec = spec;
    this.prefix = "p" + project + "/";
    this.suffix = project == 0 ? "" : String.valueOf((char) ('A' + project));
    this.state = new int[spec.switches().size()];
    // start from a random state, so that runs differ from their first build on
    for (int i = 0; i < state.length; i++) {
      state[i] = rnd.nextInt(spec.switches().get(i).alts().size());
    }
  }

  /** A project with every switch at its first alternative. */
  PropScriptModel(Spec spec, int project) {
    this(spec, new Random(0), project);
    java.util.Arrays.fill(state, 0);
  }

  /** Sets the switch named {@code name} to its alternative {@code alt}; returns what it did, for the log. */
  String set(String name, int alt) {
    for (int i = 0; i < state.length; i++) {
      Switch s = spec.switches().get(i);
      if (s.name().equals(name)) {
        String was = s.alts().get(state[i]).label();
        state[i] = alt;
        return prefix + " " + name + ": " + was + " -> " + s.alts().get(alt).label();
      }
    }
    throw new IllegalArgumentException("no switch " + name);
  }

  /** Sets switch {@code i} to its alternative {@code alt} (for probes). */
  void set(int i, int alt) {
    state[i] = alt;
  }

  private String subst(String text) {
    return text.replace("QQ", suffix);
  }

  @Override
  public SortedMap<String, String> render() {
    Map<String, String> files = new TreeMap<>(spec.base());
    for (int i = 0; i < state.length; i++) {
      for (Map.Entry<String, String> e : spec.switches().get(i).alts().get(state[i]).files().entrySet()) {
        if (e.getValue() == null) {
          files.remove(e.getKey());
        } else {
          files.put(e.getKey(), e.getValue());
        }
      }
    }
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      out.put(prefix + subst(e.getKey()), subst(e.getValue()));
    }
    return out;
  }

  @Override
  public String edit(Random rnd) {
    int i = rnd.nextInt(state.length);
    Switch s = spec.switches().get(i);
    int next = (state[i] + 1 + rnd.nextInt(s.alts().size() - 1)) % s.alts().size();
    String was = s.alts().get(state[i]).label();
    state[i] = next;
    return prefix + " " + s.name() + ": " + was + " -> " + s.alts().get(next).label();
  }

  @Override
  public List<String> queries(Random rnd) {
    List<String> q = new ArrayList<>();
    for (String s : spec.queries()) {
      q.add(subst(s));
    }
    return q;
  }
}
