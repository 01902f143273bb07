package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The declarations of one C++ symbol: a member function's declaration in its class with its out-of-line
 * definitions, a namespace-level function's prototypes with its definition (of its qualified name and
 * arity), an {@code extern} variable with its definition. See {@link CppResolver#declarationGroup}.
 */
final class CppDeclarations {
  private final Lookup lookup;
  private final CppScopes scopes;

  CppDeclarations(Lookup lookup, CppScopes scopes) {
    this.lookup = lookup;
    this.scopes = scopes;
  }


  /**
   * The definitions of what a declaration declares: a member function declared in its class, its
   * out-of-line definitions; a namespace-level function without a body, the workspace's definitions of
   * its qualified name and arity; a variable declared {@code extern}, its definitions. {@code d} itself when
   * there are none.
   */
  List<DefHit> definitions(DefHit d) {
    Definition def = d.definition();
    if (CResolver.isDefinition(def) && def.kind() != SymbolKind.METHOD && def.kind() != SymbolKind.CONSTRUCTOR) {
      return List.of(d);
    }
    if ((def.kind() == SymbolKind.METHOD || def.kind() == SymbolKind.CONSTRUCTOR) && def.scope() != null) {
      return List.of(d);
    }
    List<DefHit> out = new ArrayList<>();
    for (DefHit o : group(d)) {
      if (o.definition().kind() == SymbolKind.VARIABLE ? CResolver.isDefinition(o.definition())
          : o.definition().scope() != null) {
        out.add(o);
      }
    }
    return out.isEmpty() ? List.of(d) : out;
  }

  /** All declarations of the symbol {@code d} declares (see {@link CppResolver#declarationGroup}), definitions last. */
  List<DefHit> group(DefHit d) {
    Definition def = d.definition();
    FileFacts f = lookup.facts(d.path());
    if (f == null) {
      return List.of(d);
    }
    DefHit cls = null;
    if (def.kind() == SymbolKind.METHOD || def.kind() == SymbolKind.CONSTRUCTOR) {
      cls = CppScopes.outOfLine(f, def) ? scopes.owner(d).orElse(null)
          : def.container() >= 0 ? new DefHit(d.path(), def.container(), f.definitions().get(def.container())) : null;
      if (cls == null) {
        return List.of(d);
      }
    } else if (def.kind() != SymbolKind.FUNCTION && def.kind() != SymbolKind.VARIABLE) {
      return List.of(d);
    }
    String ns = cls == null ? scopes.namespaceOf(d) : null;
    if (cls == null && ns == null) {
      return List.of(d);
    }
    boolean dIsDef = def.kind() == SymbolKind.VARIABLE ? CResolver.isDefinition(def) : def.scope() != null;
    List<DefHit> decls = new ArrayList<>();
    List<DefHit> defs = new ArrayList<>();
    for (DefHit o : lookup.definitionsNamed(def.name())) {
      Definition od = o.definition();
      if (od.kind() != def.kind() || (od.kind() != SymbolKind.VARIABLE && od.arity() != def.arity())
          || !CppResolver.cppFamily(lookup, o.path())) {
        continue;
      }
      boolean same;
      if (cls != null) {
        FileFacts of = lookup.facts(o.path());
        same = of != null && (CppScopes.outOfLine(of, od) ? scopes.owner(o).map(cls::equals).orElse(false)
            : od.container() == cls.ordinal() && o.path().equals(cls.path()));
      } else {
        same = ns.equals(scopes.namespaceOf(o));
      }
      if (same) {
        boolean isDef = od.kind() == SymbolKind.VARIABLE ? CResolver.isDefinition(od) : od.scope() != null;
        if (!isDef || !dIsDef || o.equals(d)) { // another definition is another program's (or an ODR breach)
          (isDef ? defs : decls).add(o);
        }
      }
    }
    decls.addAll(defs);
    return decls;
  }
}
