package dev.vcr.kernel.query;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.query.Results.FilePosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type hierarchy and implementations, from what a {@link Navigator} resolves: a type's supertypes are
 * its inheritance clauses resolved in its own file; its subtypes are the types whose inheritance clauses
 * are linked to it (a lookup in the stored links, not a scan). Implementations of a type are its transitive
 * subtypes; of a method, the same-named members of the same arity in those subtypes. Every walk is bounded.
 */
public final class TypeHierarchy {
  /** At most this many types are visited by a transitive walk. */
  static final int MAX_TYPES = 2_000;

  private final Navigator nav;

  public TypeHierarchy(Navigator nav) {
    this.nav = nav;
  }

  private static final Comparator<DefHit> ORDER = Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal);

  /** The types at a position: the one declared there, or those a use there resolves to. */
  public List<DefHit> at(FilePosition pos) {
    Optional<Navigator.Target> t = nav.targetAt(pos);
    if (t.isEmpty()) {
      return List.of();
    }
    List<DefHit> out = new ArrayList<>();
    for (DefHit d : nav.declarationsOf(t.get())) {
      if (d.definition().kind().isType()) {
        out.add(d);
      }
    }
    return out;
  }

  /** The types a type names in its inheritance clauses, in clause order. */
  public List<DefHit> supertypes(DefHit type) {
    FileFacts f = nav.facts(type.path());
    Set<DefHit> out = new LinkedHashSet<>();
    if (f == null) {
      return List.of();
    }
    for (Reference r : f.references()) {
      if (r.role() == RefRole.INHERIT && r.container() == type.ordinal()) {
        for (DefHit d : nav.resolve(type.path(), f, r)) {
          if (d.definition().kind().isType()) {
            out.add(d);
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The types that name {@code type} in their inheritance clauses, in path and position order. */
  public List<DefHit> subtypes(DefHit type) {
    TreeSet<DefHit> out = new TreeSet<>(ORDER);
    for (RefHit h : nav.referencesTo(type)) {
      if (h.reference().role() != RefRole.INHERIT) {
        continue;
      }
      FileFacts hf = nav.facts(h.path());
      int c = h.reference().container();
      if (hf != null && c >= 0 && c < hf.definitions().size() && hf.definitions().get(c).kind().isType()) {
        out.add(new DefHit(h.path(), c, hf.definitions().get(c)));
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * What implements the symbol at a position: for a type, its subtypes at any depth; for a method of a
   * type, the members of those subtypes with its name and arity (overrides and implementations).
   */
  public List<DefHit> implementations(FilePosition pos) {
    Optional<Navigator.Target> t = nav.targetAt(pos);
    if (t.isEmpty()) {
      return List.of();
    }
    TreeSet<DefHit> out = new TreeSet<>(ORDER);
    for (DefHit d : nav.declarationsOf(t.get())) {
      Definition def = d.definition();
      if (def.kind().isType()) {
        out.addAll(allSubtypes(d));
      } else if (def.kind().isCallable() && def.container() >= 0) {
        FileFacts f = nav.facts(d.path());
        Definition owner = f.definitions().get(def.container());
        if (!owner.kind().isType()) {
          continue;
        }
        for (DefHit sub : allSubtypes(new DefHit(d.path(), def.container(), owner))) {
          FileFacts sf = nav.facts(sub.path());
          List<Definition> defs = sf.definitions();
          for (int i = 0; i < defs.size(); i++) {
            Definition m = defs.get(i);
            if (m.container() == sub.ordinal() && m.name().equals(def.name()) && m.kind().isCallable()
                && (m.arity() < 0 || def.arity() < 0 || m.arity() == def.arity())) {
              out.add(new DefHit(sub.path(), i, m));
            }
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** Subtypes at any depth, breadth first, without {@code type} itself; bounded by {@link #MAX_TYPES}. */
  List<DefHit> allSubtypes(DefHit type) {
    TreeSet<DefHit> seen = new TreeSet<>(ORDER);
    seen.add(type);
    ArrayDeque<DefHit> todo = new ArrayDeque<>(List.of(type));
    List<DefHit> out = new ArrayList<>();
    while (!todo.isEmpty() && seen.size() < MAX_TYPES) {
      for (DefHit s : subtypes(todo.poll())) {
        if (seen.add(s)) {
          out.add(s);
          todo.add(s);
        }
      }
    }
    out.sort(ORDER);
    return out;
  }
}
