package dev.vcr.kernel.index;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.resolve.IncludeEdges;
import dev.vcr.kernel.resolve.Lookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The C family's part of an interface delta ({@link InterfaceDelta}): what a file's includes mean for the
 * files that include it. A C or C++ use resolves against its translation unit (the file and what it
 * includes, transitively), so a header whose includes change changes the unit of every file that includes
 * it, and those files spell none of the header's own names. Names affected:
 * <ul>
 *   <li>a file's includes changed: the names declared in the files that enter or leave its include closure;
 *   <li>a C++ {@code using namespace N;} added or removed: the members of every namespace N in the index
 *       (an includer's bare name may now be found in N);
 *   <li>a file added or deleted: the names declared in its closure and in the closures of the other files of
 *       the same name (it may now shadow one of them, or be shadowed, for an include that finds the nearest).
 * </ul>
 * Not covered: a unit that becomes complete or incomplete (a quoted include that found no file finds one)
 * changes "cannot tell" for names nothing declares, which no name lists. One instance per {@code apply},
 * over the view being written (so the other files' includes are their new ones).
 */
final class IncludeDelta {
  private final GenerationView view;
  private final Map<String, FileFacts> decoded = new HashMap<>();
  private final IncludeEdges includes;
  private List<String> paths;

  IncludeDelta(GenerationView view) {
    this.view = view;
    this.includes = new IncludeEdges(new Lookup() {
      @Override
      public FileFacts facts(String path) {
        return IncludeDelta.this.facts(path);
      }

      @Override
      public List<DefHit> definitionsNamed(String name) {
        return List.of(); // not asked: only includes are resolved
      }

      @Override
      public Language language(String path) {
        FileRecord rec = view.file(path);
        return rec == null ? null : Language.forId(rec.language()).orElse(null);
      }
    }, dev.vcr.kernel.resolve.IncludePaths.decode(view.includePaths()));
  }

  private FileFacts facts(String path) {
    return decoded.computeIfAbsent(path, p -> {
      byte[] blob = view.encodedFacts(p);
      return blob == null ? null : FactsCodec.decode(blob);
    });
  }

  /** Adds the names that a change of {@code path} from {@code before} to {@code after} affects (either may be null). */
  void addAffected(String path, FileFacts before, FileFacts after, Set<String> out) {
    FileFacts any = after != null ? after : before;
    if (any == null || any.language().family() != Language.C) {
      return;
    }
    if (before != null && after != null) {
      IncludeEdges.Edges was = includes.compute(path, before);
      IncludeEdges.Edges now = includes.compute(path, after);
      if (!was.files().equals(now.files())) {
        Set<String> a = closure(path, was);
        Set<String> b = closure(path, now);
        for (String p : union(a, b)) {
          if (a.contains(p) != b.contains(p)) {
            namesDeclaredIn(facts(p), out);
          }
        }
      }
      Set<String> dirsWas = usedNamespaces(before);
      Set<String> dirsNow = usedNamespaces(after);
      if (!dirsWas.equals(dirsNow)) {
        for (String ns : union(dirsWas, dirsNow)) {
          if (dirsWas.contains(ns) != dirsNow.contains(ns)) {
            namespaceMembers(ns, out);
          }
        }
      }
      return;
    }
    // added or deleted: its closure, and those of the files it may shadow or unshadow
    for (String p : closure(path, includes.compute(path, any))) {
      if (!p.equals(path)) {
        namesDeclaredIn(facts(p), out);
      }
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    for (String other : allPaths()) {
      if (!other.equals(path) && other.substring(other.lastIndexOf('/') + 1).equals(file)) {
        IncludeEdges.Edges e = includes.of(other);
        if (e != null) {
          for (String p : closure(other, e)) {
            namesDeclaredIn(facts(p), out);
          }
        }
      }
    }
  }

  /** The files a unit of {@code path} sees, given its own edges {@code first}; itself included. */
  private Set<String> closure(String path, IncludeEdges.Edges first) {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(path);
    List<String> queue = new ArrayList<>(first.files());
    for (int i = 0; i < queue.size(); i++) {
      String p = queue.get(i);
      if (seen.add(p)) {
        IncludeEdges.Edges e = includes.of(p);
        if (e != null) {
          queue.addAll(e.files());
        }
      }
    }
    return seen;
  }

  private static void namesDeclaredIn(FileFacts f, Set<String> out) {
    if (f != null) {
      for (Definition d : f.definitions()) {
        if (d.kind().isNamed()) {
          out.add(d.name());
        }
      }
    }
  }

  /** The namespaces of a file's {@code using namespace} directives, as written. */
  private static Set<String> usedNamespaces(FileFacts f) {
    Set<String> out = new TreeSet<>();
    for (Import i : f.imports()) {
      if (i.wildcard() && i.module() != null) {
        out.add(i.module());
      }
    }
    return out;
  }

  /** Adds the names of the direct members of the namespaces named {@code ns} (its last segment) in the index. */
  private void namespaceMembers(String ns, Set<String> out) {
    String last = ns.substring(ns.lastIndexOf(':') + 1);
    for (String p : view.filesDefining(last)) {
      FileFacts f = facts(p);
      if (f == null) {
        continue;
      }
      List<Definition> defs = f.definitions();
      for (int i = 0; i < defs.size(); i++) {
        if (defs.get(i).kind() == SymbolKind.NAMESPACE && Objects.equals(defs.get(i).name(), last)) {
          for (Definition m : defs) {
            if (m.container() == i && m.kind().isNamed()) {
              out.add(m.name());
            }
          }
        }
      }
    }
  }

  private List<String> allPaths() {
    if (paths == null) {
      paths = view.paths();
    }
    return paths;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }
}
