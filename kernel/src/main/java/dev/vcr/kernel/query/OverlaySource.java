package dev.vcr.kernel.query;

import dev.vcr.kernel.index.DefEntry;
import dev.vcr.kernel.index.Hits;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * A base source with some files replaced by in-memory facts (a session's unsaved documents). For a
 * shadowed path every answer comes from the overlay, never from the base; other paths come from the base.
 * An overlay entry with null facts hides the file entirely. The overlay map is a snapshot: it must not
 * change while this source is used.
 */
public final class OverlaySource implements SymbolSource {
  private final SymbolSource base;
  private final SortedMap<String, FileFacts> overlay;

  public OverlaySource(SymbolSource base, SortedMap<String, FileFacts> overlay) {
    this.base = base;
    this.overlay = overlay;
  }

  @Override
  public FileFacts facts(String path) {
    return overlay.containsKey(path) ? overlay.get(path) : base.facts(path);
  }

  @Override
  public List<dev.vcr.kernel.model.Definition> definitionsIn(String path) {
    if (overlay.containsKey(path)) {
      FileFacts f = overlay.get(path);
      return f == null ? null : f.definitions();
    }
    return base.definitionsIn(path);
  }

  @Override
  public dev.vcr.kernel.model.Definition[] definitionsAt(String path, int[] ordinals) {
    return overlay.containsKey(path) ? SymbolSource.super.definitionsAt(path, ordinals)
        : base.definitionsAt(path, ordinals);
  }

  @Override
  public DefHit definitionAt(String path, int ordinal, String name) {
    return overlay.containsKey(path) ? SymbolSource.super.definitionAt(path, ordinal, name)
        : base.definitionAt(path, ordinal, name);
  }

  @Override
  public List<DefHit> definitions(String name) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : base.definitions(name)) {
      if (!overlay.containsKey(h.path())) {
        out.add(h);
      }
    }
    for (Map.Entry<String, FileFacts> e : overlay.entrySet()) {
      if (e.getValue() != null) {
        Hits.definitionsIn(e.getKey(), e.getValue(), name, out);
      }
    }
    out.sort(Comparator.comparing(DefHit::path).thenComparingInt(DefHit::ordinal));
    return out;
  }

  @Override
  public List<DefEntry> definitionEntries(String name) {
    List<DefEntry> out = new ArrayList<>();
    for (DefEntry e : base.definitionEntries(name)) {
      if (!overlay.containsKey(e.path())) {
        out.add(e);
      }
    }
    for (Map.Entry<String, FileFacts> e : overlay.entrySet()) {
      FileFacts f = e.getValue();
      if (f == null) {
        continue;
      }
      long[] ids = null;
      List<Definition> defs = f.definitions();
      for (int i = 0; i < defs.size(); i++) {
        Definition d = defs.get(i);
        if (d.kind().isNamed() && d.name().equals(name)) {
          ids = ids != null ? ids : dev.vcr.kernel.index.SymbolIds.of(e.getKey(), f);
          out.add(new DefEntry(e.getKey(), i, d.kind(), d.arity(), ids[i]));
        }
      }
    }
    out.sort(Comparator.comparing(DefEntry::path).thenComparingInt(DefEntry::ordinal));
    return out;
  }

  @Override
  public List<RefHit> references(String name) {
    List<RefHit> out = new ArrayList<>();
    for (RefHit h : base.references(name)) {
      if (!overlay.containsKey(h.path())) {
        out.add(h);
      }
    }
    for (Map.Entry<String, FileFacts> e : overlay.entrySet()) {
      if (e.getValue() != null) {
        Hits.referencesIn(e.getKey(), e.getValue(), name, out);
      }
    }
    out.sort(Comparator.comparing(RefHit::path).thenComparingInt(RefHit::ordinal));
    return out;
  }

  @Override
  public List<RefHit> callsFrom(String path, int ordinal) {
    if (!overlay.containsKey(path)) {
      return base.callsFrom(path, ordinal);
    }
    List<RefHit> out = new ArrayList<>();
    FileFacts f = overlay.get(path);
    if (f != null) {
      Hits.callsFrom(path, f, ordinal, out);
    }
    return out;
  }

  @Override
  public List<RefHit> linkedReferences(long id) {
    List<RefHit> out = new ArrayList<>();
    for (RefHit h : base.linkedReferences(id)) {
      if (!overlay.containsKey(h.path())) {
        out.add(h);
      }
    }
    return out;
  }

  @Override
  public void linkedReferences(long id, java.util.Set<String> files,
      java.util.function.Consumer<List<RefHit>> perFile) {
    base.linkedReferences(id, files, hits -> {
      if (!overlay.containsKey(hits.get(0).path())) {
        perFile.accept(hits);
      }
    });
  }

  @Override
  public void linkedCalls(long id, java.util.Set<String> files,
      java.util.function.Consumer<List<dev.vcr.kernel.index.Hits.CallSite>> perFile) {
    base.linkedCalls(id, files, calls -> {
      if (!overlay.containsKey(calls.get(0).path())) {
        perFile.accept(calls);
      }
    });
  }

  /** The store's count: the shadowed files' own uses are not counted again (ranking only). */
  @Override
  public int linkedUseCount(long id) {
    return base.linkedUseCount(id);
  }

  @Override
  public int linkedFileCount(long id) {
    return base.linkedFileCount(id);
  }

  @Override
  public dev.vcr.kernel.lang.Language language(String path) {
    if (overlay.containsKey(path)) {
      FileFacts f = overlay.get(path);
      return f == null ? null : f.language();
    }
    return base.language(path);
  }

  @Override
  public dev.vcr.kernel.resolve.IncludeEdges sharedIncludes() {
    return base.sharedIncludes();
  }

  @Override
  public dev.vcr.kernel.resolve.ProjectLayout layout() {
    return base.layout();
  }

  @Override
  public java.util.Set<String> shadowed() {
    return java.util.Collections.unmodifiableSet(overlay.keySet());
  }

  @Override
  public List<NameTable.Match> searchNames(String query, int limit) {
    TreeSet<String> extra = new TreeSet<>();
    for (FileFacts f : overlay.values()) {
      if (f != null) {
        for (Definition d : f.definitions()) {
          if (d.kind().isNamed()) {
            extra.add(d.name());
          }
        }
      }
    }
    List<NameTable.Match> merged = new ArrayList<>(base.searchNames(query, limit));
    for (NameTable.Match m : new NameTable(new ArrayList<>(extra)).search(query, limit)) {
      if (merged.stream().noneMatch(x -> x.name().equals(m.name()))) {
        merged.add(m);
      }
    }
    merged.sort(Comparator.comparingInt(NameTable.Match::score).reversed().thenComparing(NameTable.Match::name));
    return merged.size() > limit ? new ArrayList<>(merged.subList(0, limit)) : merged;
  }
}
