package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Rust methods of each name in the workspace, with the written type of their {@code self} parameter,
 * kept for a resolver's life (bounded; a request's navigator, or a thread's files in a link pass). A Rust
 * method has no container: it belongs to the type its {@code self} has, so {@code x.len()} and
 * {@code self.new()} look at every same-named method. Asking each one's file at every use ({@code new},
 * {@code fmt}, {@code len} have thousands in rustc's tree) was most of that tree's link pass.
 */
final class RustMethods {
  /** A method and its {@code self} parameter's type as written ({@code &mut Cart<T>}), or null. */
  record Method(DefHit hit, String selfParamType) {}

  private final Lookup lookup;
  private final Map<String, List<Method>> byName = dev.vcr.kernel.memo.Lru.of(16_384);

  RustMethods(Lookup lookup) {
    this.lookup = lookup;
  }

  /** The Rust methods named {@code name}, in the order the workspace lists them. */
  List<Method> named(String name) {
    List<Method> known = byName.get(name);
    if (known != null) {
      return known;
    }
    List<Method> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamed(name)) {
      if (h.definition().kind() != SymbolKind.METHOD || lookup.language(h.path()) != Language.RUST) {
        continue;
      }
      List<Definition> defs = lookup.definitionsIn(h.path());
      if (defs != null) {
        out.add(new Method(h, selfParamType(defs, h.ordinal())));
      }
    }
    known = List.copyOf(out);
    byName.put(name, known);
    return known;
  }

  /** The type of the first {@code self} parameter with one among a method's children, or null. */
  static String selfParamType(List<Definition> defs, int method) {
    for (int i = 0; i < defs.size(); i++) {
      Definition p = defs.get(i);
      if (p.container() == method && p.kind() == SymbolKind.PARAMETER && p.name().equals("self") && p.type() != null) {
        return p.type();
      }
    }
    return null;
  }
}
