package dev.vcr.kernel.index;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;

/**
 * Query results that carry the file they come from, and the three ways of finding them in one file's facts.
 * The store keeps each file's facts once, in one block; every source (the store, a cache of it, a session's
 * unsaved documents) answers by-name and call lookups with these.
 */
public final class Hits {
  private Hits() {}

  /**
   * A definition and where it lives; {@code ordinal} is its index in the file's definitions. Resolution
   * keeps these in sets and compares them constantly, so the hash is the location's (cheap, and equal for
   * equal hits), and equality compares the location before the definition.
   */
  public record DefHit(String path, int ordinal, Definition definition) {
    @Override
    public boolean equals(Object o) {
      return o instanceof DefHit h && ordinal == h.ordinal && path.equals(h.path)
          && (definition == h.definition || definition.equals(h.definition));
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + ordinal;
    }
  }

  /** A reference and where it lives; {@code ordinal} is its index in the file's references. */
  public record RefHit(String path, int ordinal, Reference reference) {}

  /**
   * A call and where it lives: its reference's ordinal and span, and its container (the definition it is
   * made in, or -1 at top level). What incoming calls need of a call, without its strings.
   */
  public record CallSite(String path, int ordinal, dev.vcr.kernel.model.Span span, int container) {}

  /** The calls among {@code hits}, in their order, as call sites. */
  public static List<CallSite> calls(List<RefHit> hits) {
    List<CallSite> out = new java.util.ArrayList<>();
    for (RefHit h : hits) {
      if (h.reference().role().isCall()) {
        out.add(new CallSite(h.path(), h.ordinal(), h.reference().span(), h.reference().container()));
      }
    }
    return out;
  }

  /** Adds the named (non-local) definitions called {@code name} in one file, in source order. */
  public static void definitionsIn(String path, FileFacts f, String name, List<DefHit> out) {
    definitionsIn(path, f.definitions(), name, out);
  }

  /** The same, over a file's definitions alone. */
  public static void definitionsIn(String path, List<Definition> defs, String name, List<DefHit> out) {
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.kind().isNamed() && d.name().equals(name)) {
        out.add(new DefHit(path, i, d));
      }
    }
  }

  /** Adds the references spelled {@code name} in one file, in source order. */
  public static void referencesIn(String path, FileFacts f, String name, List<RefHit> out) {
    List<Reference> refs = f.references();
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).name().equals(name)) {
        out.add(new RefHit(path, i, refs.get(i)));
      }
    }
  }

  /** Adds the calls made directly inside definition {@code caller} of one file (see {@link FileFacts#callerOf}). */
  public static void callsFrom(String path, FileFacts f, int caller, List<RefHit> out) {
    List<Reference> refs = f.references();
    for (int i = 0; i < refs.size(); i++) {
      Reference r = refs.get(i);
      if (r.role().isCall() && f.callerOf(r.container()) == caller) {
        out.add(new RefHit(path, i, r));
      }
    }
  }

  /** Hands {@code hits} to {@code perFile} in runs of one file's (one list per file when in path order). */
  public static void byFile(List<RefHit> hits, java.util.function.Consumer<List<RefHit>> perFile) {
    int from = 0;
    for (int i = 1; i <= hits.size(); i++) {
      if (i == hits.size() || !hits.get(i).path().equals(hits.get(from).path())) {
        perFile.accept(hits.subList(from, i));
        from = i;
      }
    }
  }
}
