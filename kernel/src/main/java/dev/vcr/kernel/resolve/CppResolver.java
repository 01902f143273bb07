package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.resolve.CppScopes.Ctx;
import dev.vcr.kernel.resolve.CppScopes.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * C++ name resolution from syntax alone, over the index (issue 12). A file sees what its translation unit
 * sees ({@link TranslationUnits}, as C). Parameters and locals are bound by the caller.
 *
 * <p><b>Unqualified names</b>: a visible macro; then the members of the enclosing classes and their bases
 * (in a member function, also one defined out of line, {@code void C::m() {}}: implicit {@code this});
 * then the declarations of the enclosing namespaces, innermost first, the global namespace last with the
 * namespaces of {@code using namespace} directives and the names of using-declarations of the unit.
 * <b>Qualified names</b> ({@code ns::f}, {@code a::b::f}, {@code C::static_m}, namespace aliases): the
 * qualifier read as a chain of namespaces and classes ({@link CppScopes}), then its member.
 * <b>Members</b> ({@code this->m}, {@code obj.m}, {@code p->m}): the receiver's declared type (a local's, a
 * parameter's, a field's, a variable's, a function's result, {@code new T}), then that class's members,
 * then its bases'. {@code new C(..)} and a call of a class name name C and its own constructors. Callables are
 * narrowed by arity when some match the call's argument count exactly.
 *
 * <p><b>One symbol, several declarations</b>: a use names the definitions (functions with a body; an
 * out-of-line member definition for a member declared in its class) when the workspace has them, else the
 * declarations ({@link #declarationGroup} gives all of them).
 *
 * <p><b>Cannot tell</b> ({@link Optional#empty()}, the name fallback decides): a receiver whose type the
 * syntax does not give ({@code auto}, a template parameter, a library call's result), and a name that the
 * rules find nowhere while the unit sees a same-named declaration (argument-dependent lookup, dependent
 * bases of templates, friends). A name the unit sees nowhere is outside the workspace (the standard
 * library), unless an include named no workspace file.
 */
public final class CppResolver implements LanguageResolver {
  private final Lookup lookup;
  private final TranslationUnits units;
  private final CppScopes scopes;

  public CppResolver(Lookup lookup) {
    this.lookup = lookup;
    this.units = new TranslationUnits(lookup);
    this.scopes = new CppScopes(lookup, units);
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    String recv = ref.receiver();
    if (ref.role() == RefRole.IMPORT && recv == null) {
      return Optional.of(List.of());
    }
    int at = ref.container();
    if (ref.role() == RefRole.INHERIT && at >= 0 && CppScopes.isClass(f.definitions().get(at).kind())) {
      at = f.definitions().get(at).container(); // a base is named from outside the class
    }
    Ctx ctx = scopes.context(path, f, at);
    if (recv == null) {
      return unqualified(path, ctx, ref);
    }
    String r = recv.replace(" ", "");
    if (r.equals("this") || r.equals("(*this)")) {
      return ctx.classes().isEmpty() ? Optional.empty() : member(ctx.classes().get(0), ref);
    }
    if (qualifiedName(r) && Scopes.local(f, r, ref.span()) < 0) {
      // `a::f`, `a::b::f` (the nearest qualifier is the receiver; the others precede it)
      List<String> chain = scopes.qualifierChain(f, ref);
      if (chain.isEmpty()) {
        return Optional.empty();
      }
      Optional<Scope> scope = scopes.scope(ctx, chain);
      if (scope.isPresent()) {
        return qualified(path, scope.get(), ref);
      }
      // not a namespace or class: a field or variable (`obj.m`, `p->m` read the same), else a library's
      CppTypes.Type t = scopes.types().expressionType(f, ctx, ref.span(), r, 0);
      if (t.cls() != null) {
        return member(t.cls(), ref);
      }
      // a qualifier the workspace declares nowhere names a library's namespace or class (`std::`)
      boolean library = !units.incomplete(path) && !declaredAnywhere(chain.get(chain.size() - 1));
      return t.library() || library ? Optional.of(List.of()) : Optional.empty();
    }
    return throughType(path, f, ctx, ref, r);
  }

  private Optional<List<DefHit>> throughType(String path, FileFacts f, Ctx ctx, Reference ref, String recv) {
    CppTypes.Type t = scopes.types().expressionType(f, ctx, ref.span(), recv, 0);
    if (t.library()) {
      return Optional.of(List.of());
    }
    return t.cls() == null ? Optional.empty() : member(t.cls(), ref);
  }

  // ------------------------------------------------------------------------------- unqualified

  private Optional<List<DefHit>> unqualified(String path, Ctx ctx, Reference ref) {
    String name = ref.name();
    List<DefHit> seen = units.visible(path, name);
    List<DefHit> macros = new ArrayList<>();
    for (DefHit d : seen) {
      if (d.definition().kind() == SymbolKind.MACRO) {
        macros.add(d);
      }
    }
    if (!macros.isEmpty()) {
      return Optional.of(macros);
    }
    if (ctx.unknownClass()) {
      return Optional.empty(); // a bare name may be a member of a class the syntax does not give
    }
    for (DefHit cls : ctx.classes()) {
      List<DefHit> m = scopes.members(cls, name);
      if (!m.isEmpty()) {
        return Optional.of(finish(m, ref));
      }
    }
    for (String ns : ctx.namespaces()) {
      List<DefHit> found = scopes.inNamespace(path, ns, name, false);
      if (ns.isEmpty()) {
        for (String used : ctx.usedNamespaces()) {
          found.addAll(scopes.inNamespace(path, used, name, false));
        }
        for (String declared : ctx.usingDeclarations().getOrDefault(name, List.of())) {
          found.addAll(scopes.inNamespace(path, declared, name, true));
        }
      }
      if (!found.isEmpty()) {
        return Optional.of(finish(found, ref));
      }
    }
    if (!seen.isEmpty() || units.incomplete(path) || scopes.hasErrors(ctx.classes())) {
      return Optional.empty(); // found by rules the syntax does not show (ADL, dependent bases, a macro)
    }
    // declared in no file of the unit: a class declared forward (`class X;`) is defined elsewhere; a name
    // the workspace declares is in a file the build's include paths reach; others are a library's
    if (!declaredAnywhere(name)) {
      return Optional.of(List.of());
    }
    if (ref.role() == RefRole.TYPE || ref.role() == RefRole.INHERIT || ref.role() == RefRole.NEW) {
      for (String ns : ctx.namespaces()) {
        List<DefHit> classes = scopes.classesAnywhere(ns, name);
        if (!classes.isEmpty()) {
          return Optional.of(finish(classes, ref));
        }
      }
    }
    return Optional.empty();
  }

  // --------------------------------------------------------------------------------- qualified

  private Optional<List<DefHit>> qualified(String path, Scope scope, Reference ref) {
    if (scope.cls() != null) {
      return member(scope.cls(), ref);
    }
    List<DefHit> found = scopes.inNamespace(path, scope.ns(), ref.name(), true);
    if (found.isEmpty()) {
      return units.incomplete(path) ? Optional.empty() : Optional.of(List.of());
    }
    return Optional.of(finish(found, ref));
  }

  /** Whether a C or C++ file of the workspace declares the name (not as a parameter or local). */
  private boolean declaredAnywhere(String name) {
    for (DefHit d : lookup.definitionsNamed(name)) {
      if (!d.definition().kind().isLocal() && cppFamily(lookup, d.path())) {
        return true;
      }
    }
    return false;
  }

  /** A member of a class (or its bases) that a use names. */
  private Optional<List<DefHit>> member(DefHit cls, Reference ref) {
    List<DefHit> m = scopes.members(cls, ref.name());
    if (m.isEmpty()) {
      // a member the class and its bases do not declare: declared by a macro, in a region the grammar did
      // not parse, or by a base the syntax does not resolve
      return scopes.basesResolved(cls) && !scopes.hasErrors(List.of(cls)) ? Optional.of(List.of()) : Optional.empty();
    }
    return Optional.of(finish(m, ref));
  }

  // ------------------------------------------------------------------------------ the answers

  /**
   * The answer for declarations a use found: a class that is called or instantiated names its own
   * constructors too, callables are narrowed by arity, declarations give way to their definitions.
   */
  private List<DefHit> finish(List<DefHit> found, Reference ref) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit d : found) {
      SymbolKind k = d.definition().kind();
      if ((ref.role() == RefRole.NEW || ref.role() == RefRole.CALL) && CppScopes.isClass(k)) {
        out.addAll(scopes.constructors(d)); // its own, not a base's (as TypeScript's `new C()`)
      }
      out.add(d);
    }
    if (ref.role() == RefRole.TYPE || ref.role() == RefRole.INHERIT) {
      List<DefHit> types = new ArrayList<>();
      for (DefHit d : out) {
        if (d.definition().kind().isType() || d.definition().kind() == SymbolKind.NAMESPACE) {
          types.add(d);
        }
      }
      out = types.isEmpty() ? out : types; // a type use names the type when a function shares its name
    }
    if (ref.role().isCall() && ref.arity() >= 0) {
      out = byArity(out, ref.arity());
    }
    List<DefHit> defined = new ArrayList<>();
    java.util.Set<DefHit> seen = new java.util.HashSet<>();
    for (DefHit d : out) {
      for (DefHit g : scopes.declarations().definitions(d)) {
        if (seen.add(g)) { // a set: a name declared hundreds of times made this quadratic
          defined.add(g);
        }
      }
    }
    return defined;
  }

  /** The callables of exactly {@code arity} parameters, when some are; else all (default arguments, variadics). */
  static List<DefHit> byArity(List<DefHit> candidates, int arity) {
    List<DefHit> same = new ArrayList<>();
    for (DefHit d : candidates) {
      if (d.definition().kind().isCallable() && d.definition().arity() == arity) {
        same.add(d);
      }
    }
    if (same.isEmpty()) {
      return candidates;
    }
    for (DefHit d : candidates) {
      if (!d.definition().kind().isCallable() && !same.contains(d)) {
        same.add(d); // a function object, a macro: not narrowed
      }
    }
    return same;
  }

  /**
   * All declarations of the symbol {@code d} declares: a member function's declaration in its class and its
   * out-of-line definitions; a namespace-level function's prototypes and definitions of its qualified name
   * and arity; otherwise {@code d} alone.
   */
  public static List<DefHit> declarationGroup(Lookup lookup, DefHit d) {
    SymbolKind k = d.definition().kind();
    if ((!k.isCallable() && k != SymbolKind.VARIABLE) || k == SymbolKind.MACRO) {
      return List.of(d);
    }
    CppScopes s = new CppScopes(lookup, new TranslationUnits(lookup));
    List<DefHit> group = s.declarations().group(d);
    return group.contains(d) ? group : List.of(d);
  }

  /** {@code a}, {@code a::b}: a name that may be a qualifier. */
  private static boolean qualifiedName(String r) {
    for (String s : r.split("::", -1)) {
      if (!s.isEmpty() && !CppScopes.isIdentifier(s)) {
        return false;
      }
    }
    return !r.isEmpty();
  }

  static boolean cppFamily(Lookup lookup, String path) {
    Language l = lookup.language(path);
    return l != null && l.family() == Language.C;
  }

  @Override
  public void endOfFile() {
    units.clear();
    scopes.clear();
  }
}
