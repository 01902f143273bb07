package dev.vcr.kernel.index;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.resolve.IncludeEdges;
import dev.vcr.kernel.resolve.Lookup;
import dev.vcr.kernel.resolve.ProjectLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The C family's part of an in-place update, next to {@link InterfaceDelta}: the files that include a
 * changed file. A C or C++ use resolves against its translation unit (the file and what it includes,
 * transitively), so when a file's includes or its C++ {@code using} directives, declarations and aliases
 * change, or a file appears or goes (it may now be found, or shadow a same-named file farther away, for
 * an include that looks nearest first), the units of the files that include it, directly or not, change,
 * and those files need not spell any of its names. They are found through the reference names: a C-family
 * file's includes are there as {@code #file.h} ({@link GenerationBuilder#includedFileName}); a file spelling
 * the name is a direct includer if its include resolves to the file now (for a file that appeared or
 * went: any file spelling its name), and so on upwards. One instance per {@code apply}, over the view
 * being written (the other files' includes are their new ones).
 */
final class IncludeDelta {
  private final GenerationView view;
  private final Map<String, FileFacts> decoded = new HashMap<>();
  private final IncludeEdges includes;

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
    }, ProjectLayout.decode(view.layout()).includes());
  }

  private FileFacts facts(String path) {
    return decoded.computeIfAbsent(path, p -> {
      byte[] blob = view.encodedFacts(p);
      return blob == null ? null : FactsCodec.decode(blob);
    });
  }

  /** Adds the files whose translation units a change of {@code path} from {@code before} to {@code after} changes (either may be null). */
  void addIncluders(String path, FileFacts before, FileFacts after, Set<String> out) {
    FileFacts any = after != null ? after : before;
    if (any == null || any.language().family() != Language.C) {
      return;
    }
    boolean appearedOrWent = before == null || after == null;
    if (!appearedOrWent && imports(before).equals(imports(after))) {
      return; // its declarations' changes reach the uses that spell them (InterfaceDelta)
    }
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String p : view.filesReferencing(GenerationBuilder.includeKey(path))) {
      if (!p.equals(path) && (appearedOrWent || includesNow(p, path)) && seen.add(p)) {
        todo.add(p);
      }
    }
    while (!todo.isEmpty()) {
      String p = todo.poll();
      for (String q : view.filesReferencing(GenerationBuilder.includeKey(p))) {
        if (!q.equals(path) && !seen.contains(q) && includesNow(q, p)) {
          seen.add(q);
          todo.add(q);
        }
      }
    }
    out.addAll(seen);
  }

  /** Whether {@code includer}'s includes resolve to {@code file} (in the view being written). */
  private boolean includesNow(String includer, String file) {
    IncludeEdges.Edges e = includes.of(includer);
    return e != null && e.files().contains(file);
  }

  /** A file's imports without their positions: what a unit takes from the file besides its declarations. */
  private static List<String> imports(FileFacts f) {
    List<String> out = new ArrayList<>();
    for (Import i : f.imports()) {
      out.add(i.module() + "|" + i.name() + "|" + i.alias() + "|" + i.wildcard());
    }
    return out;
  }
}
