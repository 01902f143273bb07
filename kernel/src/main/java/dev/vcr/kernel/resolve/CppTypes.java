package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.resolve.CppScopes.Ctx;
import dev.vcr.kernel.resolve.CppScopes.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The types {@link CppResolver} reads from declarations: a declared type's text resolved from the
 * declaration's context to a workspace class (through aliases), and a receiver expression's type (this, a
 * local, a parameter, a field, a variable, a member chain, a call's result, {@code new T}). A plain
 * {@code std::} type is a library type; {@code auto}, {@code decltype}, template parameters and templates
 * of the standard library are unknown.
 */
final class CppTypes {
  /** An expression's type: a workspace class, a library type ({@code std::string}), or unknown (neither). */
  record Type(DefHit cls, boolean library) {
    static final Type UNKNOWN = new Type(null, false);
    static final Type LIBRARY = new Type(null, true);
  }

  private static final int MAX_DEPTH = CppScopes.MAX_DEPTH;

  private final Lookup lookup;
  private final TranslationUnits units;
  private final CppScopes scopes;

  CppTypes(Lookup lookup, TranslationUnits units, CppScopes scopes) {
    this.lookup = lookup;
    this.units = units;
    this.scopes = scopes;
  }


  /** The type of an expression (a receiver), read from declarations. */
  Type expressionType(FileFacts f, Ctx ctx, Span at, String expr, int depth) {
    if (depth > MAX_DEPTH) {
      return Type.UNKNOWN;
    }
    String e = ReceiverText.stripOuter(expr.trim());
    if (e.equals("this")) {
      return ctx.classes().isEmpty() ? Type.UNKNOWN : new Type(ctx.classes().get(0), false);
    }
    if (e.startsWith("*") || e.startsWith("&")) {
      return expressionType(f, ctx, at, e.substring(1), depth + 1);
    }
    if (e.startsWith("new ")) {
      String t = e.substring(4);
      int open = ReceiverText.firstOf(t, "({[");
      return typeNamed(ctx, open < 0 ? t : t.substring(0, open), depth + 1);
    }
    int cut = ReceiverText.lastAccess(e);
    if (cut == -2) {
      return Type.UNKNOWN;
    }
    if (cut > 0) {
      int len = e.startsWith("->", cut) ? 2 : 1;
      Type owner = expressionType(f, ctx, at, e.substring(0, cut), depth + 1);
      if (owner.cls() == null) {
        return owner.library() ? Type.LIBRARY : Type.UNKNOWN;
      }
      String member = e.substring(cut + len).trim();
      int open = member.indexOf('(');
      return typeOfAll(scopes.members(owner.cls(), ReceiverText.stripIndex(open < 0 ? member : member.substring(0, open)).trim()), depth);
    }
    e = ReceiverText.stripIndex(e);
    if (e.endsWith(")")) { // a call: f(..), ns::f(..), C::make(..), C(..)
      String callee = e.substring(0, e.indexOf('(')).replace(" ", "");
      List<String> chain = new ArrayList<>(List.of(Words.onColons(callee)));
      chain.removeIf(String::isEmpty);
      if (chain.isEmpty() || !chain.stream().allMatch(CppScopes::isIdentifier)) {
        return Type.UNKNOWN;
      }
      String name = chain.remove(chain.size() - 1);
      List<DefHit> found = new ArrayList<>();
      if (chain.isEmpty()) {
        for (DefHit cls : ctx.classes()) {
          found.addAll(scopes.members(cls, name));
          if (!found.isEmpty()) {
            break;
          }
        }
        for (String ns : ctx.namespaces()) {
          if (found.isEmpty()) {
            found.addAll(scopes.inNamespace(ctx.path(), ns, name, false));
          }
        }
      } else {
        Optional<Scope> s = scopes.scope(ctx, chain);
        if (s.isPresent()) {
          found = s.get().cls() != null ? scopes.members(s.get().cls(), name) : scopes.inNamespace(ctx.path(), s.get().ns(), name, true);
        }
      }
      for (DefHit d : found) {
        if (CppScopes.isClass(d.definition().kind())) {
          return new Type(d, false); // C(..): a temporary of class C
        }
      }
      return typeOfAll(found, depth);
    }
    if (!CppScopes.isIdentifier(e)) {
      return Type.UNKNOWN;
    }
    int local = Scopes.local(f, e, at);
    if (local >= 0) {
      return typeNamed(ctx, f.definitions().get(local).type(), depth + 1);
    }
    for (DefHit cls : ctx.classes()) {
      List<DefHit> m = scopes.members(cls, e);
      if (!m.isEmpty()) {
        return typeOfAll(m, depth);
      }
    }
    for (String ns : ctx.namespaces()) {
      List<DefHit> v = scopes.inNamespace(ctx.path(), ns, e, false);
      if (!v.isEmpty()) {
        return typeOfAll(v, depth);
      }
    }
    return Type.UNKNOWN;
  }

  /** The type that all of these declarations (overloads, a declaration and its definition) have; else unknown. */
  private Type typeOfAll(List<DefHit> decls, int depth) {
    Type t = null;
    for (DefHit d : decls) {
      SymbolKind k = d.definition().kind();
      if (k != SymbolKind.FIELD && k != SymbolKind.VARIABLE && k != SymbolKind.METHOD && k != SymbolKind.FUNCTION) {
        return Type.UNKNOWN;
      }
      FileFacts df = lookup.facts(d.path());
      Type dt = typeNamed(scopes.context(d.path(), df, d.definition().container()), d.definition().type(), depth + 1);
      if (t != null && !t.equals(dt)) {
        return Type.UNKNOWN;
      }
      t = dt;
    }
    return t == null ? Type.UNKNOWN : t;
  }

  /** The class a declared type's text names, seen from a context. */
  Type typeNamed(Ctx ctx, String text, int depth) {
    if (text == null || depth > MAX_DEPTH) {
      return Type.UNKNOWN;
    }
    StringBuilder sb = new StringBuilder();
    for (String w : Words.ofType(text.replace("&", " ").trim(), false)) {
      if (!CppScopes.TYPE_WORDS.contains(w)) {
        sb.append(w);
      }
    }
    String t = sb.toString();
    if (t.isEmpty() || t.equals("auto") || t.startsWith("decltype") || t.contains("(")) {
      return Type.UNKNOWN;
    }
    boolean template = t.indexOf('<') >= 0;
    if (template) {
      t = t.substring(0, t.indexOf('<'));
    }
    List<String> chain = new ArrayList<>(List.of(Words.onColons(t)));
    chain.removeIf(String::isEmpty);
    if (chain.isEmpty() || !chain.stream().allMatch(CppScopes::isIdentifier)) {
      return Type.UNKNOWN;
    }
    Optional<Scope> s = scopes.scopeExactly(ctx, chain);
    if (s.isPresent() && s.get().cls() != null) {
      return new Type(s.get().cls(), false);
    }
    // a standard library type, when the workspace declares no namespace std; a template of it may wrap a
    // workspace type (std::unique_ptr<T>), so only a plain one is known to be a library type
    if (chain.size() > 1 && chain.get(0).equals("std") && !template && units.visible(ctx.path(), "std").isEmpty()) {
      return Type.LIBRARY;
    }
    return Type.UNKNOWN;
  }
}
