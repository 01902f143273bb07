package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Go name resolution from syntax alone, over the index (issue 12).
 *
 * <p>A package is a folder: the {@code .go} files directly in it. Unqualified names: parameters and locals
 * are bound by the caller; then declarations local to the enclosing function, then the package-level
 * declarations of the folder (functions, types, variables, constants; never methods or fields), then the
 * universe ({@code len}, {@code string}, {@code error}...: not in the workspace). A name bound by an import
 * is a package.
 *
 * <p>{@code pkg.Name}, where {@code pkg} is an import of the file (its alias, or the last segment of its
 * path): the package-level declarations of the workspace folder whose path is the longest suffix of the
 * import path ({@code .../cmp/internal/value} is the folder {@code cmp/internal/value}); an import that no
 * folder matches is outside the workspace (the standard library), and so are its members.
 *
 * <p>{@code x.f}, {@code x.M()}, {@code x.a.b.M()}: the receiver's declared type (a parameter, the method
 * receiver {@code func (r *T) M()}, a {@code var} with a type, a package-level variable, then each field's
 * declared type), then the members of that type: its fields, its interface methods, the methods declared
 * with it as receiver type in its package, then those of its embedded types, depth first. A builtin or
 * library type has no workspace members.
 *
 * <p>Answers {@link Optional#empty()} (the name fallback decides) where the syntax cannot tell: a receiver
 * whose type is not declared (a {@code :=} local, a call result, an index expression), a type parameter, a
 * member not found on a type with an embedded type that does not resolve, and an unqualified name found
 * nowhere that is read or written (a key of a composite literal, {@code T{Field: v}}, names a field of a
 * type the syntax does not give).
 */
public final class GoResolver implements LanguageResolver {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> UNIVERSE = Set.of((
      "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 "
      + "uint16 uint32 uint64 uintptr any comparable true false iota nil append cap clear close complex copy "
      + "delete imag len make max min new panic print println real recover").split(" "));
  private static final int MAX_DEPTH = 12;
  private static final Set<String> TYPE_WORDS = Set.of("chan", "func", "map", "struct", "interface");

  private final Lookup lookup;
  /** (path, method ordinal) -> the base name of the method's receiver type. */
  private final Map<String, String> receiverTypes = new HashMap<>();
  /** Locals whose initializer is being typed (x := x.Next() must not loop). */
  private final Set<String> typing = new java.util.HashSet<>();

  public GoResolver(Lookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT) {
      return Optional.of(List.of());
    }
    if (ref.receiver() == null) {
      return unqualified(path, f, ref);
    }
    Optional<Type> t = expressionType(path, f, ref.span(), ref.receiver());
    if (t.isEmpty()) {
      return Optional.empty();
    }
    return members(t.get(), ref.name(), 0);
  }

  // ------------------------------------------------------------------------------------------ types

  /**
   * What an expression stands for: a workspace type ({@code hit}), an imported package ({@code importPath}),
   * or a value of a type outside the workspace ({@code EXTERNAL}).
   */
  private record Type(DefHit hit, String importPath, boolean isPackage) {
    static final Type EXTERNAL = new Type(null, null, false);
  }

  /**
   * The type (or package) of a receiver expression: a chain of names, calls and a leading composite literal
   * ({@code a.b.c}, {@code p.Last().Type}, {@code (&T{...}).M}, {@code new(T)}); empty when the syntax cannot
   * tell (an index expression, a call with several results, an untyped local).
   */
  private Optional<Type> expressionType(String path, FileFacts f, Span at, String receiver) {
    List<String> segs = segments(receiver);
    if (segs == null || segs.isEmpty()) {
      return Optional.empty();
    }
    String first = segs.get(0);
    Optional<Type> t;
    if (first.endsWith("}")) {
      t = typeNamed(path, f, first.substring(0, first.indexOf('{')));
    } else if (first.startsWith("new(") && first.endsWith(")")) {
      t = typeNamed(path, f, first.substring(4, first.length() - 1));
    } else if (first.endsWith(")")) {
      String name = first.substring(0, first.indexOf('('));
      t = Optional.empty();
      if (Scopes.local(f, name, at) < 0) {
        List<DefHit> callee = packageLevel(path, f, name, at);
        if (callee.size() == 1) {
          t = resultType(callee.get(0));
        } else if (callee.isEmpty() && UNIVERSE.contains(name)) {
          t = Optional.of(Type.EXTERNAL);
        }
      }
    } else {
      t = firstSegment(path, f, at, first);
    }
    for (int i = 1; i < segs.size() && t.isPresent(); i++) {
      String seg = segs.get(i);
      if (seg.endsWith(")")) {
        String name = seg.substring(0, seg.indexOf('('));
        Optional<List<DefHit>> callee = members(t.get(), name, 0);
        if (callee.isPresent() && callee.get().isEmpty()) {
          t = Optional.of(Type.EXTERNAL);
        } else {
          t = callee.isPresent() && callee.get().size() == 1 ? resultType(callee.get().get(0)) : Optional.empty();
        }
      } else if (seg.endsWith("}")) { // pkg.T{...}
        Type p = t.get();
        t = Optional.empty();
        if (p.isPackage()) {
          String name = seg.substring(0, seg.indexOf('{'));
          List<DefHit> types = inImport(p.importPath(), name);
          t = types.isEmpty() ? Optional.of(Type.EXTERNAL)
              : types.get(0).definition().kind().isType() ? Optional.of(new Type(types.get(0), null, false))
              : Optional.empty();
        }
      } else {
        t = memberType(t.get(), seg);
      }
    }
    return t;
  }

  /**
   * The type of local {@code i} declared by {@code :=}: its initializer's, or with several names ({@code a,
   * b := x, y} or {@code a, b := f()}), the expression or the call result at the name's position.
   */
  private Optional<Type> initializerType(String path, FileFacts f, int i) {
    List<Definition> defs = f.definitions();
    Definition d = defs.get(i);
    // the names declared together, in order; a blank `_` declares nothing, so positions are counted on
    // the columns (gofmt's "a, _, c": each blank is "_, ")
    List<Span> together = new ArrayList<>();
    for (int j : FactsIndex.of(f).children(d.container())) {
      Definition o = defs.get(j);
      if (o.kind() == SymbolKind.LOCAL && o.span().equals(d.span())) {
        together.add(o.nameSpan());
      }
    }
    together.sort(Span::compareStart);
    int position = -1;
    int names = 0;
    int col = d.span().startCol();
    for (Span n : together) {
      if (n.startLine() != d.span().startLine()) {
        return Optional.empty();
      }
      while (col < n.startCol()) {
        col += 3;
        names++;
      }
      if (n.equals(d.nameSpan())) {
        position = names;
      }
      names++;
      col = n.endCol() + 2;
    }
    if (position < 0) {
      return Optional.empty();
    }
    List<String> rhs = splitTopLevel(d.type(), ',');
    if (names <= 1 || rhs.size() == names) {
      return expressionType(path, f, d.nameSpan(), names <= 1 ? d.type() : rhs.get(position));
    }
    if (rhs.size() != 1) {
      return Optional.empty();
    }
    // a, b := f(): the callee's results
    List<String> segs = segments(rhs.get(0));
    if (segs == null || !segs.get(segs.size() - 1).endsWith(")")) {
      return Optional.empty();
    }
    String last = segs.get(segs.size() - 1);
    String name = last.substring(0, last.indexOf('('));
    List<DefHit> callee;
    if (segs.size() == 1) {
      if (Scopes.local(f, name, d.nameSpan()) >= 0) {
        return Optional.empty();
      }
      callee = packageLevel(path, f, name, d.nameSpan());
    } else {
      String prefix = String.join(".", segs.subList(0, segs.size() - 1));
      Optional<Type> t = expressionType(path, f, d.nameSpan(), prefix);
      Optional<List<DefHit>> ms = t.isEmpty() ? Optional.empty() : members(t.get(), name, 0);
      if (ms.isPresent() && ms.get().isEmpty()) {
        return Optional.of(Type.EXTERNAL);
      }
      callee = ms.orElse(List.of());
    }
    if (callee.size() != 1) {
      return Optional.empty();
    }
    DefHit h = callee.get(0);
    List<String> results = results(h.definition());
    if (position >= results.size()) {
      return Optional.empty();
    }
    return typeNamed(h.path(), lookup.facts(h.path()), results.get(position));
  }

  /**
   * The result types of a function or method, one per result: {@code (vx, vy reflect.Value)} gives two
   * {@code reflect.Value}, {@code (int, error)} gives {@code int} and {@code error}.
   */
  static List<String> results(Definition d) {
    if ((d.kind() != SymbolKind.FUNCTION && d.kind() != SymbolKind.METHOD) || d.type() == null) {
      return List.of();
    }
    String r = d.type().strip();
    if (!(r.startsWith("(") && r.endsWith(")"))) {
      return List.of(r);
    }
    List<String> parts = splitTopLevel(r.substring(1, r.length() - 1), ',');
    // results are all named or all unnamed: named when some part is "name type"
    boolean named = false;
    for (String p : parts) {
      String[] words = p.strip().split("\\s+", 2);
      named |= words.length == 2 && IDENT.matcher(words[0]).matches() && !TYPE_WORDS.contains(words[0]);
    }
    if (!named) {
      return parts;
    }
    List<String> out = new ArrayList<>();
    int pendingNames = 0;
    for (String p : parts) {
      String t = p.strip();
      int space = t.indexOf(' ');
      if (IDENT.matcher(t).matches()) {
        pendingNames++; // a name whose type comes later: (vx, vy reflect.Value)
        continue;
      }
      String type = space > 0 && IDENT.matcher(t.substring(0, space)).matches() ? t.substring(space + 1).strip() : t;
      for (int k = 0; k <= pendingNames; k++) {
        out.add(type);
      }
      pendingNames = 0;
    }
    return out;
  }

  /** Splits text at the separators outside brackets and quotes. */
  static List<String> splitTopLevel(String text, char sep) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '`' || c == '\'') {
        int q = closing(text, i);
        if (q < 0) {
          break;
        }
        i = q;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == sep && depth == 0) {
        out.add(text.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(text.substring(start).strip());
    return out;
  }

  /** The type a call of a declaration gives: a function's or method's single result, or a conversion's type. */
  private Optional<Type> resultType(DefHit h) {
    Definition d = h.definition();
    if (d.kind().isType()) {
      return Optional.of(new Type(h, null, false));
    }
    if ((d.kind() != SymbolKind.FUNCTION && d.kind() != SymbolKind.METHOD) || d.type() == null) {
      return Optional.empty();
    }
    String r = d.type().strip();
    if (r.startsWith("(") && r.endsWith(")")) {
      r = r.substring(1, r.length() - 1).strip();
      if (r.contains(",")) {
        return Optional.empty();
      }
      int space = r.lastIndexOf(' ');
      if (space > 0 && IDENT.matcher(r.substring(0, space).strip()).matches()) {
        r = r.substring(space + 1); // a named result: (out textNode)
      }
    }
    return typeNamed(h.path(), lookup.facts(h.path()), r);
  }

  private Optional<Type> firstSegment(String path, FileFacts f, Span at, String name) {
    List<Definition> defs = f.definitions();
    int local = Scopes.local(f, name, at);
    if (local >= 0) {
      Definition d = defs.get(local);
      if (d.type() == null) {
        return Optional.empty();
      }
      Optional<Type> declared = typeNamed(path, f, d.type());
      if (declared.isPresent() || d.kind() != SymbolKind.LOCAL) {
        return declared;
      }
      // x := v: the type of the initializer (kept as the local's type text, see the Go query)
      String key = path + '\0' + local;
      if (!typing.add(key)) {
        return Optional.empty();
      }
      try {
        return initializerType(path, f, local);
      } finally {
        typing.remove(key);
      }
    }
    List<DefHit> pkgLevel = packageLevel(path, f, name, at);
    if (!pkgLevel.isEmpty()) {
      DefHit h = pkgLevel.get(0);
      SymbolKind k = h.definition().kind();
      if (k.isType()) {
        return Optional.of(new Type(h, null, false)); // T.M, a method expression
      }
      if (k == SymbolKind.VARIABLE || k == SymbolKind.CONSTANT) {
        String type = h.definition().type();
        return type == null ? Optional.empty() : typeNamed(h.path(), lookup.facts(h.path()), type);
      }
      return Optional.empty();
    }
    Import imp = importNamed(f, name);
    if (imp != null) {
      return Optional.of(new Type(null, unquote(imp.module()), true));
    }
    return Optional.empty();
  }

  /** The type of field {@code name} of a type (or the package member {@code name}); empty when unknown. */
  private Optional<Type> memberType(Type t, String name) {
    if (t == Type.EXTERNAL) {
      return Optional.of(Type.EXTERNAL);
    }
    if (t.isPackage()) {
      for (DefHit h : inImport(t.importPath(), name)) {
        SymbolKind k = h.definition().kind();
        if ((k == SymbolKind.VARIABLE || k == SymbolKind.CONSTANT) && h.definition().type() != null) {
          return typeNamed(h.path(), lookup.facts(h.path()), h.definition().type());
        }
      }
      return Optional.empty();
    }
    Optional<List<DefHit>> ms = members(t, name, 0);
    if (ms.isEmpty() || ms.get().size() != 1) {
      return ms.isPresent() && ms.get().isEmpty() ? Optional.of(Type.EXTERNAL) : Optional.empty();
    }
    DefHit m = ms.get().get(0);
    if (m.definition().kind() != SymbolKind.FIELD || m.definition().type() == null) {
      return Optional.empty();
    }
    return typeNamed(m.path(), lookup.facts(m.path()), m.definition().type());
  }

  /**
   * The type a type expression written in file {@code path} names: {@code T}, {@code *T}, {@code pkg.T},
   * {@code T[X]}; a builtin or library type is {@link Type#EXTERNAL}; slices, maps, channels, functions and
   * literal types are empty (their elements are not followed).
   */
  private Optional<Type> typeNamed(String path, FileFacts f, String text) {
    if (f == null) {
      return Optional.empty();
    }
    String s = text.strip();
    while (s.startsWith("*") || s.startsWith("(")) {
      s = s.startsWith("(") && s.endsWith(")") ? s.substring(1, s.length() - 1).strip() : s.substring(1).strip();
    }
    int bracket = s.indexOf('[');
    if (bracket > 0) {
      s = s.substring(0, bracket);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length == 1 && IDENT.matcher(s).matches()) {
      List<DefHit> types = new ArrayList<>();
      for (DefHit h : packageLevel(path, f, s, null)) {
        if (h.definition().kind().isType()) {
          types.add(h);
        }
      }
      if (!types.isEmpty()) {
        return Optional.of(new Type(types.get(0), null, false));
      }
      if (UNIVERSE.contains(s)) {
        return Optional.of(Type.EXTERNAL);
      }
      return Optional.empty(); // a type parameter, or a type the index does not have
    }
    if (parts.length == 2 && IDENT.matcher(parts[0]).matches() && IDENT.matcher(parts[1]).matches()) {
      Import imp = importNamed(f, parts[0]);
      if (imp == null) {
        return Optional.empty();
      }
      for (DefHit h : inImport(unquote(imp.module()), parts[1])) {
        if (h.definition().kind().isType()) {
          return Optional.of(new Type(h, null, false));
        }
      }
      return Optional.of(Type.EXTERNAL); // a library type, or one the workspace does not declare
    }
    return Optional.empty();
  }

  /** The members named {@code name} of a type: fields, interface methods, methods, then embedded types'. */
  private Optional<List<DefHit>> members(Type t, String name, int depth) {
    if (t == Type.EXTERNAL) {
      return Optional.of(List.of());
    }
    if (t.isPackage()) {
      List<DefHit> out = new ArrayList<>();
      for (DefHit h : inImport(t.importPath(), name)) {
        if (h.definition().kind() != SymbolKind.METHOD && h.definition().kind() != SymbolKind.FIELD) {
          out.add(h);
        }
      }
      return Optional.of(out);
    }
    DefHit type = t.hit();
    FileFacts tf = lookup.facts(type.path());
    if (tf == null || depth > MAX_DEPTH) {
      return Optional.empty();
    }
    List<DefHit> out = new ArrayList<>();
    for (int i : FactsIndex.of(tf).named(name)) {
      Definition d = tf.definitions().get(i);
      if (d.container() == type.ordinal() && (d.kind() == SymbolKind.FIELD || d.kind() == SymbolKind.METHOD)) {
        out.add(new DefHit(type.path(), i, d));
      }
    }
    String dir = dirOf(type.path());
    for (DefHit h : lookup.definitionsNamed(name)) {
      if (h.definition().kind() == SymbolKind.METHOD && h.definition().container() < 0 && isGo(h.path())
          && dir.equals(dirOf(h.path())) && type.definition().name().equals(receiverType(h))) {
        out.add(h);
      }
    }
    if (!out.isEmpty()) {
      return Optional.of(out);
    }
    // promoted through embedded types (the INHERIT references inside the type's declaration)
    boolean unknown = false;
    for (int r : FactsIndex.of(tf).inherits()) {
      Reference e = tf.references().get(r);
      if (!type.definition().span().contains(e.span())) {
        continue;
      }
      String text = e.receiver() == null ? e.name() : e.receiver() + "." + e.name();
      Optional<Type> et = typeNamed(type.path(), tf, text);
      Optional<List<DefHit>> found = et.isEmpty() ? Optional.empty() : members(et.get(), name, depth + 1);
      if (found.isEmpty()) {
        unknown = true;
      } else {
        out.addAll(found.get());
      }
    }
    if (out.isEmpty() && unknown) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(new LinkedHashSet<>(out)));
  }

  /**
   * The base name of a method's receiver type: the first type name referenced inside the method before its
   * name ({@code func (r *T[K]) M()}: {@code T}).
   */
  private String receiverType(DefHit m) {
    String key = m.path() + '\0' + m.ordinal();
    String known = receiverTypes.get(key);
    if (known != null) {
      return known;
    }
    FileFacts f = lookup.facts(m.path());
    String found = "";
    if (f != null) {
      Span name = m.definition().nameSpan();
      for (Reference r : f.references()) {
        if (r.role() == RefRole.TYPE && r.container() == m.ordinal() && r.receiver() == null
            && Span.compareStart(r.span(), name) < 0) {
          found = r.name();
          break;
        }
      }
    }
    receiverTypes.put(key, found);
    return found;
  }

  // ------------------------------------------------------------------------------------------ names

  private Optional<List<DefHit>> unqualified(String path, FileFacts f, Reference ref) {
    List<DefHit> found = packageLevel(path, f, ref.name(), ref.span());
    if (!found.isEmpty()) {
      return Optional.of(found);
    }
    if (importNamed(f, ref.name()) != null || UNIVERSE.contains(ref.name())) {
      return Optional.of(List.of());
    }
    if (ref.role() == RefRole.READ || ref.role() == RefRole.WRITE) {
      return Optional.empty(); // T{Field: v}: a field of a type the syntax does not give here
    }
    return Optional.of(List.of());
  }

  /**
   * The declarations named {@code name} visible at {@code at} (null: package level only) without locals:
   * those declared inside the enclosing function, else the package-level ones of the file's folder.
   */
  private List<DefHit> packageLevel(String path, FileFacts f, String name, Span at) {
    List<Definition> defs = f.definitions();
    if (at != null) {
      for (int i : FactsIndex.of(f).named(name)) {
        Definition d = defs.get(i);
        if (d.container() >= 0 && !d.kind().isLocal() && isFunction(defs.get(d.container()).kind())
            && defs.get(d.container()).span().contains(at)) {
          return List.of(new DefHit(path, i, d));
        }
      }
    }
    return inPackage(dirOf(path), name);
  }

  private static boolean isFunction(SymbolKind k) {
    return k == SymbolKind.FUNCTION || k == SymbolKind.METHOD;
  }

  /** The package-level declarations named {@code name} in the Go files of folder {@code dir}. */
  private List<DefHit> inPackage(String dir, String name) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamed(name)) {
      Definition d = h.definition();
      if (d.container() < 0 && d.kind() != SymbolKind.METHOD && !d.kind().isLocal() && isGo(h.path())
          && dir.equals(dirOf(h.path()))) {
        out.add(h);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ imports

  /** The import that binds {@code name} in a file: its alias, or the last segment of its path. */
  private static Import importNamed(FileFacts f, String name) {
    for (Import imp : f.imports()) {
      if (imp.wildcard()) {
        continue;
      }
      String module = unquote(imp.module());
      String bound = imp.alias() != null ? imp.alias() : module.substring(module.lastIndexOf('/') + 1);
      if (name.equals(bound)) {
        return imp;
      }
    }
    return null;
  }

  /**
   * The package-level declarations named {@code name} of an imported package: those of the workspace
   * folder that is the longest suffix of the import path at a segment boundary ({@code .../cmp/internal/value}
   * is the folder {@code cmp/internal/value}, or {@code internal/value}); none when no folder matches (the
   * standard library, a module outside the workspace).
   */
  private List<DefHit> inImport(String importPath, String name) {
    String best = null;
    for (DefHit h : lookup.definitionsNamed(name)) {
      String dir = dirOf(h.path());
      if (isGo(h.path()) && !dir.isEmpty() && (importPath.equals(dir) || importPath.endsWith("/" + dir))
          && (best == null || dir.length() > best.length())) {
        best = dir;
      }
    }
    return best == null ? List.of() : inPackage(best, name);
  }

  // ------------------------------------------------------------------------------------------ text

  /**
   * The segments of a receiver expression split at the dots outside brackets and strings, each a name, a
   * call {@code name(...)} or a composite literal {@code T{...}}; {@code &} and enclosing parentheses are
   * dropped. Null for anything else (an index expression, an operator, a type assertion).
   */
  static List<String> segments(String receiver) {
    String s = receiver.strip();
    while (true) {
      if (s.startsWith("&") || s.startsWith("*")) {
        s = s.substring(1).strip();
      } else if (s.startsWith("(") && closing(s, 0) == s.length() - 1) {
        s = s.substring(1, s.length() - 1).strip();
      } else {
        break;
      }
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i <= s.length()) {
      if (i == s.length() || s.charAt(i) == '.') {
        String seg = s.substring(start, i).strip();
        int open = firstOpen(seg);
        String head = open < 0 ? seg : seg.substring(0, open).strip();
        boolean ok = IDENT.matcher(head).matches() && (open < 0
            || ((seg.charAt(open) == '(' || seg.charAt(open) == '{')
                && closing(seg, open) == seg.length() - 1));
        if (!ok) {
          return null;
        }
        out.add(open < 0 ? seg : head + seg.substring(open));
        start = i + 1;
        i++;
        continue;
      }
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{' || c == '"' || c == '`' || c == '\'') {
        int close = closing(s, i);
        if (close < 0) {
          return null;
        }
        i = close + 1;
        continue;
      }
      i++;
    }
    return out;
  }

  private static int firstOpen(String seg) {
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '(' || c == '[' || c == '{' || c == '"' || c == '`' || c == '\'') {
        return i; // only '(' and a leading '{' make a valid segment (see segments)
      }
    }
    return -1;
  }

  /** The index of the bracket or quote closing the one at {@code open}, skipping nested ones; -1 if none. */
  private static int closing(String s, int open) {
    char o = s.charAt(open);
    if (o == '"' || o == '`' || o == '\'') {
      for (int i = open + 1; i < s.length(); i++) {
        if (s.charAt(i) == '\\' && o != '`') {
          i++;
        } else if (s.charAt(i) == o) {
          return i;
        }
      }
      return -1;
    }
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '`' || c == '\'') {
        int q = closing(s, i);
        if (q < 0) {
          return -1;
        }
        i = q;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '`')) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static String dirOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static boolean isGo(String path) {
    return path.endsWith(".go");
  }
}
