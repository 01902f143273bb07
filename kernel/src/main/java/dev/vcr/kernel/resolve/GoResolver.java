package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.memo.Lru;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
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
 * <p>{@code pkg.Name}, where {@code pkg} is an import of the file (its alias, or the name its path implies:
 * the last segment, before a major version, without {@code go-}, up to a {@code .} or {@code -}): the package-level declarations of the folder the import path names in the workspace module that
 * claims it ({@code go.mod}), else of the workspace folder whose path is the longest suffix of the import
 * path ({@code .../cmp/internal/value} is the folder {@code cmp/internal/value}); an import that no folder
 * matches is outside the workspace (the standard library), and so are its members.
 *
 * <p>{@code x.f}, {@code x.M()}, {@code xs[i].a.M()}: the receiver's type, read step by step (see
 * {@link #expressionType}): a declared type (parameter, receiver, {@code var}, field, package-level
 * variable), a {@code :=} or {@code var} initializer, a call's result (also of a function-typed value), the
 * element or key type of an index or a range (slices, arrays, maps, channels, through named types), a
 * receive, a type assertion, a type switch's clause with one type; then the members of that type: its
 * fields (an embedded field {@code struct{ T }} is a field named T), its interface methods, the methods
 * declared with it as receiver type in its package, then those of its embedded types, depth first. A
 * builtin or library type has no workspace members. A key of a struct literal ({@code T{Key: v}},
 * {@code []T{{Key: v}}}) is a field of the literal's (element) type; a map literal's key is an expression.
 *
 * <p>Answers {@link Optional#empty()} (the name fallback decides) where the syntax cannot tell: a value of
 * a type parameter, a call whose callee has several declarations or results, a member not found on a type
 * with an embedded type that does not resolve, and an unqualified name found nowhere that is read or
 * written.
 */
public final class GoResolver implements LanguageResolver {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> UNIVERSE = Set.of((
      "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 "
      + "uint16 uint32 uint64 uintptr any comparable true false iota nil append cap clear close complex copy "
      + "delete imag len make max min new panic print println real recover").split(" "));
  private static final int MAX_DEPTH = 12;
  /** The start of a slice, array, map, channel or function type written out. */
  private static final Pattern TYPE_LITERAL = Pattern.compile("\\[|map\\[|(<-\\s*)?chan\\b|func\\b");
  private static final Set<String> TYPE_WORDS = Set.of("chan", "func", "map", "struct", "interface");

  private final Lookup lookup;
  /** The index's project layout (the workspace's Go modules), read on first use. */
  private ProjectLayout layout;
  /** A method -> the base name of its receiver type (most recently used, bounded). */
  private final Map<InFile, String> receiverTypes = Lru.of(65_536);
  /**
   * A folder's package-level declarations of a name, methods or the rest (most recently used, bounded): a
   * package's files ask for the same ones (`x.String()`, `Len`), and the name's entries in the whole
   * workspace (hundreds in the standard library) would be scanned for each use. A resolver lives for one
   * request or one resolution pass, over a source that does not change meanwhile.
   */
  private final Map<InFolder, List<DefHit>> inFolder = Lru.of(16_384);

  /** An import path's declarations by name ({@link #inImport}; most recently used, bounded). */
  private final Map<Imported, List<DefHit>> imported = Lru.of(16_384);

  private record InFile(String path, int ordinal) {}

  private record Imported(String importPath, String name) {}

  private record InFolder(String dir, String name, boolean methods) {}
  /** Locals whose initializer is being typed (x := x.Next() must not loop). */
  private final Set<InFile> typing = new java.util.HashSet<>();
  /**
   * Initializer types worked out without a cut (most recently used, bounded): an {@code err} or {@code buf}
   * is typed at each of its uses otherwise. An answer computed while a cycle or the depth limit cut a
   * computation under it is not kept, so what is kept is the same whichever use asked first.
   */
  private final Map<InFile, Optional<Type>> initializerTypes = Lru.of(16_384);
  /** Cuts so far (a re-entered initializer, an expression past the depth limit): see {@link #initializerTypes}. */
  private long cuts;

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
    String receiver = ref.receiver();
    Optional<Type> t;
    if (receiver.startsWith("[") || receiver.startsWith("map[")) {
      // a key of an element literal whose type is elided, []T{{Key: v}}: a field of the element type
      Optional<Type> literal = typeNamed(path, f, receiver);
      t = literal.isEmpty() ? literal : element(literal.get(), false);
    } else if (ref.role() == RefRole.WRITE && Scopes.local(f, head(receiver), ref.span()) < 0
        && (t = typeNamed(path, f, receiver)).isPresent() && t.get() != Type.EXTERNAL) {
      // a key of a composite literal T{Key: v} (writing a type's member is no statement): a field of a
      // struct type; with a map, slice or array type, an expression (a key or an index)
      Optional<Type> u = underlying(t.get(), 0);
      if (u.isPresent()) {
        return unqualified(path, f, ref);
      }
      t = structOf(t.get(), 0);
    } else {
      t = expressionType(path, f, ref.span(), receiver);
    }
    if (t.isEmpty()) {
      return Optional.empty();
    }
    return members(t.get(), ref.name(), 0);
  }

  /** The leading identifier of an expression. */
  private static String head(String expression) {
    String s = unprefixed(expression);
    return s.substring(0, identEnd(s, 0));
  }

  /** A defined type whose underlying type is another named type ({@code type A B}, {@code type A = pkg.B}): B. */
  private Optional<Type> structOf(Type t, int depth) {
    Definition d = t.hit() == null ? null : t.hit().definition();
    if (d == null || d.kind() != SymbolKind.TYPE_ALIAS || d.type() == null || depth > MAX_DEPTH) {
      return Optional.of(t);
    }
    Optional<Type> to = typeNamed(t.hit().path(), lookup.facts(t.hit().path()), d.type());
    return to.isEmpty() || to.get() == Type.EXTERNAL ? to : structOf(to.get(), depth + 1);
  }

  // ------------------------------------------------------------------------------------------ types

  /**
   * What an expression stands for: a workspace type ({@code hit}), an imported package ({@code importPath}),
   * a slice, array, map, channel or function type written out ({@code text}, in file {@code textPath}), or a
   * value of a type outside the workspace ({@code EXTERNAL}).
   */
  private record Type(DefHit hit, String importPath, boolean isPackage, String text, String textPath) {
    static final Type EXTERNAL = new Type(null, null, false, null, null);

    static Type named(DefHit h) {
      return new Type(h, null, false, null, null);
    }

    static Type pkg(String importPath) {
      return new Type(null, importPath, true, null, null);
    }

    static Type literal(String path, String text) {
      return new Type(null, null, false, text, path);
    }
  }

  /**
   * One step of a receiver expression, read left to right: the leading name ({@code n}), a parenthesised
   * operand ({@code p}), a type written out before a composite literal ({@code t}), a selector ({@code .}),
   * a call ({@code (}), an index or type arguments ({@code [}), a composite literal's body ({@code {}) and
   * a type assertion ({@code a}); {@code text} is the name, the operand, the type or what is inside the
   * brackets.
   */
  record Step(char kind, String text) {}

  /**
   * The steps of an expression, after its prefix operators ({@code &}, {@code *}, {@code <-}: see
   * {@link #receives}); null for anything else (a binary operator, a function literal, a string).
   */
  static List<Step> steps(String expression) {
    String s = unprefixed(expression);
    List<Step> out = new ArrayList<>();
    int i;
    if (s.startsWith("(")) {
      int close = closing(s, 0);
      if (close < 0) {
        return null;
      }
      out.add(new Step('p', s.substring(1, close).strip()));
      i = close + 1;
    } else if (s.startsWith("[") || s.startsWith("map[")) {
      int brace = s.indexOf('{');
      int close = brace < 0 ? -1 : closing(s, brace);
      if (close < 0) {
        return null;
      }
      out.add(new Step('t', s.substring(0, brace).strip()));
      out.add(new Step('{', s.substring(brace + 1, close)));
      i = close + 1;
    } else {
      i = identEnd(s, 0);
      if (i == 0) {
        return null;
      }
      out.add(new Step('n', s.substring(0, i)));
    }
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ') {
        i++;
      } else if (c == '.') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == ' ') {
          j++;
        }
        if (j < s.length() && s.charAt(j) == '(') {
          int close = closing(s, j);
          if (close < 0) {
            return null;
          }
          out.add(new Step('a', s.substring(j + 1, close).strip()));
          i = close + 1;
        } else {
          int end = identEnd(s, j);
          if (end == j) {
            return null;
          }
          out.add(new Step('.', s.substring(j, end)));
          i = end;
        }
      } else if (c == '(' || c == '[' || c == '{') {
        int close = closing(s, i);
        if (close < 0) {
          return null;
        }
        out.add(new Step(c, s.substring(i + 1, close).strip()));
        i = close + 1;
      } else {
        return null;
      }
    }
    return out;
  }

  /** The number of receive operators ({@code <-ch}) in front of an expression. */
  static int receives(String expression) {
    int n = 0;
    String s = expression.strip();
    while (true) {
      if (s.startsWith("<-")) {
        n++;
        s = s.substring(2).strip();
      } else if (s.startsWith("&") || s.startsWith("*")) {
        s = s.substring(1).strip();
      } else {
        return n;
      }
    }
  }

  private static String unprefixed(String expression) {
    String s = expression.strip();
    while (true) {
      if (s.startsWith("<-")) {
        s = s.substring(2).strip();
      } else if (s.startsWith("&") || s.startsWith("*")) {
        s = s.substring(1).strip();
      } else if (s.startsWith("(") && closing(s, 0) == s.length() - 1 && !s.substring(1).strip().startsWith("*")) {
        s = s.substring(1, s.length() - 1).strip(); // (x) but not (*T)(p), a conversion
      } else {
        return s;
      }
    }
  }

  private static int identEnd(String s, int from) {
    int i = from;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i > from && !Character.isDigit(s.charAt(from)) ? i : from;
  }

  /**
   * The type (or package) of an expression at {@code at}: names, selectors, calls (results of functions,
   * methods and function-typed values; conversions; {@code new}, {@code make}, {@code append}), index
   * expressions (element types of slices, arrays, maps; also through named types), composite literals
   * ({@code T{}}, {@code &pkg.T{}}, {@code []T{}}), type assertions and receives. Empty when the syntax
   * cannot tell (an untyped local, a call of an overloaded name, a type parameter).
   */
  private Optional<Type> expressionType(String path, FileFacts f, Span at, String expression) {
    if (++depth > MAX_DEPTH * 4) {
      depth--;
      cuts++;
      return Optional.empty();
    }
    try {
      List<Step> steps = steps(expression);
      if (steps == null || steps.isEmpty()) {
        return Optional.empty();
      }
      Optional<Type> t = stepsType(path, f, at, steps);
      for (int r = receives(expression); r > 0 && t.isPresent(); r--) {
        t = element(t.get(), false);
      }
      return t;
    } finally {
      depth--;
    }
  }

  private int depth;

  private Optional<Type> stepsType(String path, FileFacts f, Span at, List<Step> steps) {
    Step first = steps.get(0);
    int i = 1;
    Optional<Type> t;
    if (first.kind() == 'p') {
      t = expressionType(path, f, at, first.text());
    } else if (first.kind() == 't') {
      t = typeNamed(path, f, first.text());
    } else {
      String name = first.text();
      if (next(steps, i, '[') && (next(steps, i + 1, '(') || next(steps, i + 1, '{'))) {
        i++; // type arguments: f[T](x), T[int]{}
      }
      if (next(steps, i, '(')) {
        t = callType(path, f, at, name, steps.get(i).text());
        i++;
      } else if (next(steps, i, '{')) {
        t = typeNamed(path, f, name);
        i++;
      } else {
        t = firstSegment(path, f, at, name);
      }
    }
    for (; i < steps.size() && t.isPresent(); i++) {
      Step s = steps.get(i);
      switch (s.kind()) {
        case '.': {
          if (next(steps, i + 1, '(')) {
            t = resultOf(memberCallees(t.get(), s.text()));
            i++;
          } else if (next(steps, i + 1, '{') || (next(steps, i + 1, '[') && next(steps, i + 2, '{'))) {
            t = t.get().isPackage() ? typeNamed(path, f, first.text() + "." + s.text()) : Optional.empty();
            i += next(steps, i + 1, '[') ? 2 : 1;
          } else {
            t = memberType(t.get(), s.text());
          }
          break;
        }
        case '(':
          t = funcResult(t.get());
          break;
        case '[':
          t = element(t.get(), false);
          break;
        case 'a':
          t = typeNamed(path, f, s.text());
          break;
        case '{':
          break; // the body of a literal whose type is known
        default:
          return Optional.empty();
      }
    }
    return t;
  }

  private static boolean next(List<Step> steps, int i, char kind) {
    return i < steps.size() && steps.get(i).kind() == kind;
  }

  /** The type of the call {@code name(args)} of an unqualified name. */
  private Optional<Type> callType(String path, FileFacts f, Span at, String name, String args) {
    if (Scopes.local(f, name, at) >= 0) {
      Optional<Type> fn = firstSegment(path, f, at, name); // a function-typed parameter or local
      return fn.isEmpty() ? fn : funcResult(fn.get());
    }
    List<DefHit> callee = packageLevel(path, f, name, at);
    if (!callee.isEmpty()) {
      return resultOf(Optional.of(callee));
    }
    if (!UNIVERSE.contains(name)) {
      return Optional.empty();
    }
    List<String> argv = splitTopLevel(args, ',');
    switch (name) {
      case "new": case "make":
        return argv.isEmpty() ? Optional.empty() : typeNamed(path, f, argv.get(0));
      case "append":
        return argv.isEmpty() ? Optional.empty() : expressionType(path, f, at, argv.get(0));
      default:
        return Optional.of(Type.EXTERNAL); // len, cap, string(x), int(x)...: no workspace type
    }
  }

  /** The callees of {@code t.name(...)}: a method or function-valued field, or a package's function. */
  private Optional<List<DefHit>> memberCallees(Type t, String name) {
    if (t.isPackage()) {
      List<DefHit> out = new ArrayList<>();
      for (DefHit h : inImport(t.importPath(), name)) {
        if (h.definition().kind() != SymbolKind.METHOD && h.definition().kind() != SymbolKind.FIELD) {
          out.add(h);
        }
      }
      return Optional.of(out);
    }
    return members(t, name, 0);
  }

  /** The type a call of the callees gives: empty when they are unknown or several; EXTERNAL when none. */
  private Optional<Type> resultOf(Optional<List<DefHit>> callees) {
    if (callees.isEmpty()) {
      return Optional.empty();
    }
    if (callees.get().isEmpty()) {
      return Optional.of(Type.EXTERNAL);
    }
    return callees.get().size() == 1 ? resultType(callees.get().get(0)) : Optional.empty();
  }

  /**
   * The type of local {@code i}: the case clause's type for a type switch's variable, the key or element
   * type for a range variable, else its initializer's; with several names ({@code a, b := x, y},
   * {@code a, b := f()}, {@code v, ok := x.(T)}), the expression, result or value at the name's position.
   */
  private Optional<Type> initializerType(String path, FileFacts f, int i, Span at) {
    List<Definition> defs = f.definitions();
    Definition d = defs.get(i);
    Optional<Type> clause = typeSwitchClause(path, f, d, at);
    if (clause.isPresent() || isTypeSwitch(d)) {
      // outside a clause with one type, the switched value's type; read before the switch (v := v.(type))
      return clause.isPresent() ? clause : expressionType(path, f, before(d.span()), d.type());
    }
    // the names declared together, in order; a blank `_` declares nothing, so positions are counted on
    // the columns (gofmt's "a, _, c": each blank is "_, ")
    List<Span> together = new ArrayList<>();
    for (int j : FactsIndex.of(f).children(d.container())) {
      Definition o = defs.get(j);
      if (o.kind() == d.kind() && o.span().equals(d.span())) {
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
    // the initializer is read where the declared names are not in scope yet (t := t.Option())
    Span outside = before(d.span());
    java.util.regex.Matcher range = RANGE.matcher(d.type());
    if (range.matches()) {
      Optional<Type> over = expressionType(path, f, outside, range.group(1));
      return over.isEmpty() ? over : element(over.get(), position == 0);
    }
    List<String> rhs = splitTopLevel(d.type(), ',');
    if (names <= 1 || rhs.size() == names) {
      return expressionType(path, f, outside, names <= 1 ? d.type() : rhs.get(position));
    }
    if (rhs.size() != 1) {
      return Optional.empty();
    }
    List<Step> steps = steps(rhs.get(0));
    if (steps == null) {
      return Optional.empty();
    }
    char last = steps.get(steps.size() - 1).kind();
    if (last != '(' || receives(rhs.get(0)) > 0) {
      // v, ok := x.(T), m[k] or <-ch: the value, then a bool
      return position == 0 ? expressionType(path, f, outside, rhs.get(0)) : Optional.of(Type.EXTERNAL);
    }
    // a, b := f(): the callee's results
    Optional<List<DefHit>> callee = callees(path, f, outside, steps.subList(0, steps.size() - 1));
    if (callee.isEmpty() || callee.get().size() > 1) {
      return Optional.empty();
    }
    if (callee.get().isEmpty()) {
      return Optional.of(Type.EXTERNAL);
    }
    DefHit h = callee.get().get(0);
    List<String> results = results(h.definition());
    if (position >= results.size()) {
      return Optional.empty();
    }
    return typeNamed(h.path(), lookup.facts(h.path()), results.get(position));
  }

  /** A type switch's variable: declared by the whole switch, which is also its scope (see the Go query). */
  private static boolean isTypeSwitch(Definition v) {
    return v.kind() == SymbolKind.LOCAL && v.span().equals(v.scope());
  }

  /** The empty span just before a declaration's start (at its start when that is a line's first column). */
  private static Span before(Span s) {
    int col = Math.max(0, s.startCol() - 1);
    int col16 = Math.max(0, s.startCol16() - 1);
    return new Span(s.startLine(), col, col16, s.startLine(), col, col16);
  }

  /** {@code k, v := range xs}: the local's type text is its range clause (see the Go query). */
  private static final Pattern RANGE = Pattern.compile("[A-Za-z0-9_, ]*:=\\s*range\\s+(.+)", Pattern.DOTALL);

  /** The declarations a call's callee expression (its steps) names: empty when unknown. */
  private Optional<List<DefHit>> callees(String path, FileFacts f, Span at, List<Step> callee) {
    if (callee.size() == 1 && callee.get(0).kind() == 'n') {
      String name = callee.get(0).text();
      if (Scopes.local(f, name, at) >= 0) {
        return Optional.empty();
      }
      List<DefHit> found = packageLevel(path, f, name, at);
      return found.isEmpty() && !UNIVERSE.contains(name) ? Optional.empty() : Optional.of(found);
    }
    Step last = callee.get(callee.size() - 1);
    if (last.kind() != '.' || callee.size() < 2) {
      return Optional.empty();
    }
    Optional<Type> t = stepsType(path, f, at, callee.subList(0, callee.size() - 1));
    return t.isEmpty() ? Optional.empty() : memberCallees(t.get(), last.text());
  }

  /**
   * In a type switch {@code switch v := x.(type)}, a use of {@code v} inside a clause that lists one type
   * has that type: the clause is a local named {@code case} (see the Go query) inside the switch, the
   * outermost one around the use (a nested switch's clauses are inside the outer's).
   */
  private Optional<Type> typeSwitchClause(String path, FileFacts f, Definition v, Span at) {
    if (!isTypeSwitch(v)) {
      return Optional.empty();
    }
    Definition clause = null;
    for (int j : FactsIndex.of(f).named("case")) {
      Definition c = f.definitions().get(j);
      if (c.kind() == SymbolKind.LOCAL && c.type() != null && v.span().contains(c.span())
          && c.span().contains(at) && (clause == null || c.span().contains(clause.span()))) {
        clause = c;
      }
    }
    if (clause == null) {
      return Optional.empty();
    }
    return clause.type().equals("nil") ? Optional.of(Type.EXTERNAL) : typeNamed(path, f, clause.type());
  }

  /**
   * The result types of a function or method, one per result: {@code (vx, vy reflect.Value)} gives two
   * {@code reflect.Value}, {@code (int, error)} gives {@code int} and {@code error}.
   */
  static List<String> results(Definition d) {
    if ((d.kind() != SymbolKind.FUNCTION && d.kind() != SymbolKind.METHOD) || d.type() == null) {
      return List.of();
    }
    return resultList(d.type());
  }

  /** A result list's types, one per result ({@code (a, b T)} gives T twice). */
  static List<String> resultList(String text) {
    String r = text.strip();
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

  /**
   * The type a call of a declaration gives: a function's or method's single result, a conversion's type, or
   * the result of a function-typed field, variable or parameter.
   */
  private Optional<Type> resultType(DefHit h) {
    Definition d = h.definition();
    if (d.kind().isType()) {
      return Optional.of(Type.named(h));
    }
    if (d.type() == null) {
      return d.kind() == SymbolKind.FUNCTION || d.kind() == SymbolKind.METHOD ? Optional.of(Type.EXTERNAL)
          : Optional.empty();
    }
    FileFacts hf = lookup.facts(h.path());
    if (d.kind() != SymbolKind.FUNCTION && d.kind() != SymbolKind.METHOD) {
      Optional<Type> fn = typeNamed(h.path(), hf, d.type());
      return fn.isEmpty() ? fn : funcResult(fn.get());
    }
    List<String> rs = resultList(d.type());
    return rs.size() == 1 ? typeNamed(h.path(), hf, rs.get(0)) : Optional.empty();
  }

  /** What calling a value of a function type gives (its single result), through named function types. */
  private Optional<Type> funcResult(Type t) {
    Optional<Type> u = underlying(t, 0);
    if (u.isEmpty() || u.get() == Type.EXTERNAL) {
      return u;
    }
    String s = u.get().text();
    if (s == null || !s.startsWith("func")) {
      return Optional.empty();
    }
    int open = s.indexOf('(');
    int close = open < 0 ? -1 : closing(s, open);
    if (close < 0) {
      return Optional.empty();
    }
    String r = s.substring(close + 1).strip();
    if (r.isEmpty()) {
      return Optional.of(Type.EXTERNAL);
    }
    List<String> rs = resultList(r);
    return rs.size() == 1 ? typeNamed(u.get().textPath(), lookup.facts(u.get().textPath()), rs.get(0))
        : Optional.empty();
  }

  /**
   * A named type's underlying type when it is written out ({@code type textList []textRecord}: the slice),
   * else the type itself; a workspace struct or interface has no written-out underlying type (empty).
   */
  private Optional<Type> underlying(Type t, int depth) {
    if (t == Type.EXTERNAL || t.text() != null) {
      return Optional.of(t);
    }
    if (t.isPackage() || depth > MAX_DEPTH) {
      return Optional.empty();
    }
    Definition d = t.hit().definition();
    if (d.kind() != SymbolKind.TYPE_ALIAS || d.type() == null) {
      return Optional.empty();
    }
    Optional<Type> u = typeNamed(t.hit().path(), lookup.facts(t.hit().path()), d.type());
    return u.isEmpty() ? u : underlying(u.get(), depth + 1);
  }

  /**
   * The element type of a slice, array, map (or its key type, {@code key}) or channel, through named types;
   * ranging or indexing a string or a library type gives no workspace type; the key of a slice or array
   * is an int.
   */
  private Optional<Type> element(Type t, boolean key) {
    Optional<Type> u = underlying(t, 0);
    if (u.isEmpty() || u.get() == Type.EXTERNAL) {
      return u;
    }
    String s = u.get().text();
    String elem;
    if (s.startsWith("[")) {
      int close = closing(s, 0);
      if (close < 0) {
        return Optional.empty();
      }
      if (key) {
        return Optional.of(Type.EXTERNAL);
      }
      elem = s.substring(close + 1);
    } else if (s.startsWith("map[")) {
      int close = closing(s, 3);
      if (close < 0) {
        return Optional.empty();
      }
      elem = key ? s.substring(4, close) : s.substring(close + 1);
    } else if (s.startsWith("chan") || s.startsWith("<-")) {
      elem = s.replaceFirst("^(<-\\s*)?chan\\s*(<-)?", "");
    } else {
      return Optional.empty();
    }
    return typeNamed(u.get().textPath(), lookup.facts(u.get().textPath()), elem);
  }

  private Optional<Type> firstSegment(String path, FileFacts f, Span at, String name) {
    List<Definition> defs = f.definitions();
    int local = Scopes.local(f, name, at);
    if (local >= 0) {
      Definition d = defs.get(local);
      if (d.type() == null) {
        return Optional.empty();
      }
      if (d.kind() == SymbolKind.LOCAL) {
        Optional<Type> clause = typeSwitchClause(path, f, d, at);
        if (clause.isPresent()) {
          return clause;
        }
      }
      Optional<Type> declared = RANGE.matcher(d.type()).matches() ? Optional.empty() : typeNamed(path, f, d.type());
      if (declared.isPresent() || d.kind() != SymbolKind.LOCAL) {
        return declared;
      }
      // x := v: the type of the initializer (kept as the local's type text, see the Go query)
      return typedOnce(path, f, local, at);
    }
    List<DefHit> pkgLevel = packageLevel(path, f, name, at);
    if (!pkgLevel.isEmpty()) {
      DefHit h = pkgLevel.get(0);
      SymbolKind k = h.definition().kind();
      if (k.isType()) {
        return Optional.of(Type.named(h)); // T.M, a method expression
      }
      if (k == SymbolKind.VARIABLE || k == SymbolKind.CONSTANT) {
        return valueType(h);
      }
      return Optional.empty();
    }
    Import imp = importNamed(f, name);
    if (imp != null) {
      return Optional.of(Type.pkg(unquote(imp.module())));
    }
    return Optional.empty();
  }

  /** A local's or package-level variable's initializer type, guarded against cycles ({@code x := x.Next()}). */
  private Optional<Type> typedOnce(String path, FileFacts f, int ordinal, Span at) {
    InFile key = new InFile(path, ordinal);
    Optional<Type> known = initializerTypes.get(key);
    if (known != null) {
      return known;
    }
    if (!typing.add(key)) {
      cuts++;
      return Optional.empty();
    }
    long cutsBefore = cuts;
    try {
      Optional<Type> t = initializerType(path, f, ordinal, at);
      // a type switch's variable has the type of the clause it is used in: its answer depends on the use
      if (cuts == cutsBefore && !isTypeSwitch(f.definitions().get(ordinal))) {
        initializerTypes.put(key, t);
      }
      return t;
    } finally {
      typing.remove(key);
    }
  }

  /** The type of a package-level variable or constant: declared, or its initializer's ({@code var x = f()}). */
  private Optional<Type> valueType(DefHit h) {
    String type = h.definition().type();
    if (type == null) {
      return Optional.empty();
    }
    FileFacts hf = lookup.facts(h.path());
    Optional<Type> declared = typeNamed(h.path(), hf, type);
    return declared.isPresent() || hf == null ? declared : typedOnce(h.path(), hf, h.ordinal(), h.definition().nameSpan());
  }

  /** The type of field {@code name} of a type (or the package member {@code name}); empty when unknown. */
  private Optional<Type> memberType(Type t, String name) {
    if (t == Type.EXTERNAL) {
      return Optional.of(Type.EXTERNAL);
    }
    if (t.isPackage()) {
      List<DefHit> found = inImport(t.importPath(), name);
      if (found.isEmpty()) {
        return Optional.of(Type.EXTERNAL); // a library package's variable
      }
      for (DefHit h : found) {
        SymbolKind k = h.definition().kind();
        if (k == SymbolKind.VARIABLE || k == SymbolKind.CONSTANT) {
          return valueType(h);
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
   * {@code T[X]}; slice, array, map, channel and function types as written; a builtin or library type is
   * {@link Type#EXTERNAL}; struct and interface literals are empty (their fields are not followed).
   */
  private Optional<Type> typeNamed(String path, FileFacts f, String text) {
    if (f == null) {
      return Optional.empty();
    }
    String s = text.strip();
    while (s.startsWith("*") || s.startsWith("(")) {
      s = s.startsWith("(") && s.endsWith(")") ? s.substring(1, s.length() - 1).strip() : s.substring(1).strip();
    }
    if (TYPE_LITERAL.matcher(s).lookingAt()
        && (!s.endsWith("}") || s.endsWith("struct{}") || s.endsWith("interface{}"))) {
      return Optional.of(Type.literal(path, s)); // not a literal value: `[]T{...}`, `func() {...}` end in '}'
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
        return Optional.of(Type.named(types.get(0)));
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
          return Optional.of(Type.named(h));
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
      return memberCallees(t, name);
    }
    if (t.text() != null) {
      return Optional.of(List.of()); // a slice, map, channel or function type has no workspace members
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
    for (DefHit h : packageLevelIn(dirOf(type.path()), name, true)) {
      if (type.definition().name().equals(receiverType(h))) {
        out.add(h);
      }
    }
    if (!out.isEmpty()) {
      return Optional.of(out);
    }
    // promoted through embedded types (the INHERIT references inside the type's declaration)
    boolean unknown = false;
    for (Reference e : FactsIndex.of(tf).inherits()) {
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
    InFile key = new InFile(m.path(), m.ordinal());
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
    return packageLevelIn(dir, name, false);
  }

  /**
   * The package-level declarations named {@code name} in the Go files of folder {@code dir}: its methods,
   * or everything else. The name's entries are filtered by folder and kind first: only the package's files
   * are read.
   */
  private List<DefHit> packageLevelIn(String dir, String name, boolean methods) {
    InFolder key = new InFolder(dir, name, methods);
    List<DefHit> known = inFolder.get(key);
    if (known != null) {
      return known;
    }
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamedIn(name,
        (p, k) -> (k == SymbolKind.METHOD) == methods && isGo(p) && inDir(p, dir))) {
      if (h.definition().container() < 0) {
        out.add(h);
      }
    }
    known = List.copyOf(out);
    inFolder.put(key, known);
    return known;
  }

  // ------------------------------------------------------------------------------------------ imports

  /** The import that binds {@code name} in a file: its alias, or the name its path implies ({@link #assumedName}). */
  private static Import importNamed(FileFacts f, String name) {
    for (Import imp : f.imports()) {
      if (imp.wildcard()) {
        continue;
      }
      String bound = imp.alias() != null ? imp.alias() : assumedName(unquote(imp.module()));
      if (name.equals(bound)) {
        return imp;
      }
    }
    return null;
  }

  /**
   * The package name an import path implies, as Go's tools assume it when they cannot read the package:
   * the last segment, or the one before a major version ({@code example.com/mod/v2} is {@code mod}),
   * without a {@code go-} prefix, up to its first character that cannot be in an identifier
   * ({@code gopkg.in/yaml.v3} is {@code yaml}, {@code github.com/x/go-cmp} is {@code cmp}).
   */
  static String assumedName(String importPath) {
    String base = importPath.substring(importPath.lastIndexOf('/') + 1);
    if (base.length() > 1 && base.charAt(0) == 'v' && base.substring(1).chars().allMatch(Character::isDigit)
        && importPath.lastIndexOf('/') > 0) {
      String dir = importPath.substring(0, importPath.lastIndexOf('/'));
      base = dir.substring(dir.lastIndexOf('/') + 1);
    }
    if (base.startsWith("go-")) {
      base = base.substring(3);
    }
    int end = 0;
    while (end < base.length() && (Character.isLetterOrDigit(base.charAt(end)) || base.charAt(end) == '_')) {
      end++;
    }
    return base.substring(0, end);
  }

  /** The index's project layout, read on first use. */
  private ProjectLayout layout() {
    if (layout == null) {
      layout = lookup.layout();
    }
    return layout;
  }

  /**
   * The package-level declarations named {@code name} of an imported package. When a module of the
   * workspace ({@code go.mod}) claims the import path, the package is the folder the path names in it
   * ({@link ProjectLayout#goPackageFolder}), the module's root included, and nothing else. Otherwise (no
   * {@code go.mod}, a vendored or GOPATH-style tree) those of the workspace folder that is the longest
   * suffix of the import path at a segment boundary ({@code .../cmp/internal/value} is the folder
   * {@code cmp/internal/value}, or {@code internal/value}); none when no folder matches (the standard
   * library, a module outside the workspace).
   */
  private List<DefHit> inImport(String importPath, String name) {
    Imported key = new Imported(importPath, name);
    List<DefHit> known = imported.get(key);
    if (known == null) {
      known = List.copyOf(findInImport(importPath, name));
      imported.put(key, known);
    }
    return known;
  }

  /** {@link #inImport}, not memoised. */
  private List<DefHit> findInImport(String importPath, String name) {
    String folder = layout().goPackageFolder(importPath);
    if (folder != null) {
      return inPackage(folder, name);
    }
    // an import path outside the workspace's modules (the standard library's "fmt" in its own tree): the
    // deepest folder it ends with that declares the name, found from the name's paths alone
    String best = null;
    for (String path : lookup.pathsDefining(name)) {
      String dir = dirOf(path);
      if (isGo(path) && !dir.isEmpty() && (importPath.equals(dir) || importPath.endsWith("/" + dir))
          && (best == null || dir.length() > best.length())) {
        best = dir;
      }
    }
    return best == null ? List.of() : inPackage(best, name);
  }

  // ------------------------------------------------------------------------------------------ text

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

  /** Whether {@code path} is a file directly in folder {@code dir} ({@code dirOf(path).equals(dir)}, without a copy). */
  static boolean inDir(String path, String dir) {
    int slash = path.lastIndexOf('/');
    return dir.isEmpty() ? slash <= 0 : slash == dir.length() && path.startsWith(dir);
  }

  private static boolean isGo(String path) {
    return path.endsWith(".go");
  }
}
