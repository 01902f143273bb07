package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Java name resolution from syntax alone, over the index: what the compiler would bind a reference to,
 * decided from scopes, enclosing classes and their supertypes, imports (single-type, on-demand, static),
 * the same package, receiver types (declared types of locals, parameters and fields, method return types,
 * through call chains), constructors for {@code new}, {@code this(...)} and {@code super(...)}, and
 * overloads by argument count.
 *
 * <p>{@link #resolve} answers a list (possibly empty: "nothing in the workspace", e.g. a JDK method) or
 * {@link Optional#empty()} when the syntax cannot decide (an unknown receiver type, an anonymous class's
 * inherited member); the caller then falls back to matching by name.
 *
 * <p>Not thread-safe (it caches); make one per request, like the lookup it reads.
 */
public final class JavaResolver implements LanguageResolver {
  private static final Set<String> PRIMITIVES = Set.of(
      "int", "long", "short", "byte", "char", "boolean", "float", "double", "void");
  private static final Predicate<SymbolKind> METHODS = k -> k == SymbolKind.METHOD;
  private static final Predicate<SymbolKind> FIELDS =
      k -> k == SymbolKind.FIELD || k == SymbolKind.ENUM_MEMBER || k == SymbolKind.CONSTANT;
  private static final Predicate<SymbolKind> TYPES = SymbolKind::isType;

  private final Lookup lookup;
  private final Map<TypeKey, List<JType>> supertypes = new HashMap<>();
  /**
   * Types of expressions already worked out in this request, by position and text. Overload selection and
   * generic results both need an argument's type, so without this nested calls (id(id(id(x)))) would be
   * typed again at every level, exponentially.
   */
  private final Map<ExprKey, Overloads.TypeShape> shapes = new HashMap<>();
  private final Map<ExprKey, JType> types = new HashMap<>();

  /**
   * An expression's text where it is read: the memo key of its type (a record, not a concatenated string).
   * The memo keys spell out {@code equals} and {@code hashCode} (the same values a record's generated ones
   * give): those are method-handle chains that a build on the JIT's first tier runs without inlining, 12 %
   * of java.base's link pass.
   */
  private record ExprKey(String path, int container, int line, int col, String text) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ExprKey k && container == k.container && line == k.line && col == k.col
          && java.util.Objects.equals(path, k.path) && java.util.Objects.equals(text, k.text);
    }

    @Override
    public int hashCode() {
      return (((java.util.Objects.hashCode(path) * 31 + container) * 31 + line) * 31 + col) * 31
          + java.util.Objects.hashCode(text);
    }
  }

  private static ExprKey memoKey(String text, Ctx ctx) {
    return new ExprKey(ctx.path(), ctx.container(), ctx.at().startLine(), ctx.at().startCol(), text);
  }

  public JavaResolver(Lookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public void endOfFile() {
    shapes.clear();
    types.clear();
  }

  /** Where a name is being resolved: a file, the definition that encloses the position, and the position. */
  record Ctx(String path, FileFacts facts, int container, Span at) {}

  private Ctx ctxOf(DefHit d) {
    FileFacts f = lookup.facts(d.path());
    return new Ctx(d.path(), f, d.ordinal(), d.definition().nameSpan());
  }

  // ------------------------------------------------------------------------------------------ references

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    Ctx ctx = new Ctx(path, f, ref.container(), ref.span());
    switch (ref.role()) {
      case IMPORT:
        return Optional.of(resolveImport(ctx, ref));
      case TYPE:
      case INHERIT:
      case ANNOTATION:
        return types(typeText(qualified(ref), ctx));
      case NEW:
        return resolveNew(ctx, ref);
      case SUPER_CALL:
        return resolveChainedConstructor(ctx, ref);
      case CALL:
        return resolveCall(ctx, ref);
      case READ:
      case WRITE:
        return resolveName(ctx, ref);
      default:
        return Optional.empty();
    }
  }

  @Override
  public Unresolved unresolvedMember(String path, FileFacts f, Reference ref) {
    if (ref.receiver() == null || (ref.role() != RefRole.CALL && ref.role() != RefRole.READ
        && ref.role() != RefRole.WRITE)) {
      return null;
    }
    JType t = typeOfExpression(ref.receiver(), new Ctx(path, f, ref.container(), ref.span()));
    String type = t.simpleName();
    return type == null || t.isUnknown() ? null : new Unresolved(type, t.external());
  }

  private static String qualified(Reference ref) {
    return ref.receiver() == null ? ref.name() : ref.receiver() + "." + ref.name();
  }

  private static Optional<List<DefHit>> types(JType t) {
    if (t.isUnknown()) {
      return Optional.empty();
    }
    return Optional.of(t.isWorkspace() ? List.of(t.def()) : List.of());
  }

  private List<DefHit> resolveImport(Ctx ctx, Reference ref) {
    for (Import imp : ctx.facts().imports()) {
      if (!imp.span().contains(ref.span())) {
        continue;
      }
      if (imp.wildcard()) {
        JType t = qualifiedType(imp.module());
        return t.isWorkspace() ? List.of(t.def()) : List.of();
      }
      if (imp.isStatic()) {
        JType t = qualifiedType(imp.module());
        if (!t.isWorkspace()) {
          return List.of();
        }
        return members(t.def(), ref.name(), k -> !k.isLocal() && k != SymbolKind.CONSTRUCTOR).found;
      }
      JType t = qualifiedType(imp.module().isEmpty() ? imp.name() : imp.module() + "." + imp.name());
      return t.isWorkspace() ? List.of(t.def()) : List.of();
    }
    return List.of();
  }

  private Optional<List<DefHit>> resolveNew(Ctx ctx, Reference ref) {
    JType t = typeText(qualified(ref), ctx);
    if (t.isUnknown()) {
      return Optional.empty();
    }
    if (!t.isWorkspace()) {
      return Optional.of(List.of());
    }
    // `new Foo(...)` names both the constructor it calls and the class Foo.
    List<DefHit> out = new ArrayList<>(pick(constructors(t.def()), ref.arity(), ref.args(), ctx));
    out.add(t.def());
    return Optional.of(out);
  }

  private Optional<List<DefHit>> resolveChainedConstructor(Ctx ctx, Reference ref) {
    DefHit cls = enclosingType(ctx);
    if (cls == null) {
      return Optional.empty();
    }
    DefHit target = cls;
    if (ref.name().equals("super")) {
      JType sup = superclass(cls);
      if (sup.isUnknown()) {
        return Optional.empty();
      }
      if (!sup.isWorkspace()) {
        return Optional.of(List.of());
      }
      target = sup.def();
    }
    return Optional.of(pick(constructors(target), ref.arity(), ref.args(), ctx));
  }

  private Optional<List<DefHit>> resolveCall(Ctx ctx, Reference ref) {
    if (ref.receiver() == null) {
      return unqualifiedMethod(ctx, ref.name(), ref.arity(), ref.args());
    }
    JType t = typeOfExpression(ref.receiver(), ctx);
    if (t.isUnknown()) {
      return Optional.empty();
    }
    if (!t.isWorkspace()) {
      return Optional.of(List.of());
    }
    Members m = members(t.def(), ref.name(), METHODS);
    if (m.found.isEmpty()) {
      List<DefHit> component = recordComponent(t.def(), ref.name(), ref.arity());
      if (!component.isEmpty()) {
        return Optional.of(component);
      }
      return m.incomplete ? Optional.empty() : Optional.of(List.of());
    }
    return Optional.of(pick(m.found, ref.arity(), ref.args(), ctx));
  }

  /**
   * A record's implicit accessor: {@code p.x()} with no method {@code x} declared names the record
   * component {@code x} (a field directly inside the record). Empty unless the type is a record and the
   * call has no arguments.
   */
  private List<DefHit> recordComponent(DefHit type, String name, int arity) {
    if (type.definition().kind() != SymbolKind.RECORD || arity > 0) {
      return List.of();
    }
    FileFacts f = lookup.facts(type.path());
    return f == null ? List.of() : children(type.path(), f, type.ordinal(), name, FIELDS);
  }

  private Optional<List<DefHit>> resolveName(Ctx ctx, Reference ref) {
    if (ref.receiver() == null) {
      return unqualifiedName(ctx, ref.name());
    }
    // a.b.C in an import or a fully qualified name: the whole text may name a type.
    JType whole = qualifiedType(qualified(ref));
    if (whole.isWorkspace()) {
      return Optional.of(List.of(whole.def()));
    }
    JType t = typeOfExpression(ref.receiver(), ctx);
    if (t.isUnknown()) {
      return Optional.empty();
    }
    if (!t.isWorkspace()) {
      return Optional.of(List.of());
    }
    Members fields = members(t.def(), ref.name(), FIELDS);
    if (!fields.found.isEmpty()) {
      return Optional.of(List.of(fields.found.get(0)));
    }
    Members nested = members(t.def(), ref.name(), TYPES);
    if (!nested.found.isEmpty()) {
      return Optional.of(List.of(nested.found.get(0)));
    }
    if (t.def().definition().kind() == SymbolKind.ANNOTATION) {
      // @Ann(key = value): the key names an element of the annotation type, declared like a method.
      Members elements = members(t.def(), ref.name(), k -> k == SymbolKind.METHOD);
      if (!elements.found.isEmpty()) {
        return Optional.of(List.of(elements.found.get(0)));
      }
    }
    return fields.incomplete ? Optional.empty() : Optional.of(List.of());
  }

  // ------------------------------------------------------------------------------------------ unqualified names

  /** A level of the lexical class chain: a declared type, or the body of an anonymous class. */
  private record Level(DefHit type, int anonymousContainer) {}

  /**
   * Enclosing classes innermost first, anonymous ones included. Members of an enum constant's body are
   * siblings under the constant, whose class is not known here.
   */
  private List<Level> levels(Ctx ctx) {
    List<Level> out = new ArrayList<>();
    List<Definition> defs = ctx.facts().definitions();
    int i = ctx.container();
    while (i >= 0 && i < defs.size()) {
      Definition d = defs.get(i);
      if (isClassLike(d.kind())) {
        out.add(new Level(new DefHit(ctx.path(), i, d), -1));
      } else if (d.container() >= 0 && !isClassLike(defs.get(d.container()).kind())
          && (d.kind() == SymbolKind.METHOD || d.kind() == SymbolKind.FIELD)) {
        // A method or field whose container is not a class sits in a class body that has no declaration.
        out.add(new Level(null, d.container()));
      }
      i = d.container();
    }
    return out;
  }

  private static boolean isClassLike(SymbolKind k) {
    return k.isType() || k == SymbolKind.ANONYMOUS_CLASS;
  }

  private Optional<List<DefHit>> unqualifiedMethod(Ctx ctx, String name, int arity, String args) {
    boolean incomplete = false;
    for (Level level : levels(ctx)) {
      if (level.type() != null) {
        Members m = members(level.type(), name, METHODS);
        if (!m.found.isEmpty()) {
          return Optional.of(pick(m.found, arity, args, ctx));
        }
        List<DefHit> component = recordComponent(level.type(), name, arity);
        if (!component.isEmpty()) {
          return Optional.of(component);
        }
        incomplete |= m.incomplete;
      } else {
        List<DefHit> siblings = children(ctx.path(), ctx.facts(), level.anonymousContainer(), name, METHODS);
        if (!siblings.isEmpty()) {
          return Optional.of(pick(siblings, arity, args, ctx));
        }
        incomplete = true; // the anonymous class's supertype is not known
      }
    }
    List<DefHit> imported = staticImports(ctx, name, METHODS);
    if (!imported.isEmpty()) {
      return Optional.of(pick(imported, arity, args, ctx));
    }
    return incomplete ? Optional.empty() : Optional.of(List.of());
  }

  private Optional<List<DefHit>> unqualifiedName(Ctx ctx, String name) {
    FieldLookup fields = fieldsInScope(ctx, name);
    if (!fields.found().isEmpty()) {
      return Optional.of(fields.found());
    }
    JType t = typeName(name, ctx);
    if (t.isWorkspace()) {
      return Optional.of(List.of(t.def()));
    }
    // An enum constant in a switch label is unqualified; its enum is the switch's type, unknown here.
    List<DefHit> constants = new ArrayList<>();
    for (DefHit d : lookup.definitionsNamed(name)) {
      if (d.definition().kind() == SymbolKind.ENUM_MEMBER) {
        constants.add(d);
      }
    }
    if (!constants.isEmpty()) {
      return Optional.of(constants);
    }
    return fields.incomplete() || fields.inAnonymousClass() ? Optional.empty() : Optional.of(List.of());
  }

  /**
   * The field a simple name means at a position: the innermost enclosing class (or anonymous class body)
   * that has it, then static imports. {@code incomplete}: some enclosing class has an unknown supertype;
   * {@code inAnonymousClass}: an anonymous class body was passed, whose inherited fields are unknown.
   */
  private record FieldLookup(List<DefHit> found, boolean incomplete, boolean inAnonymousClass) {}

  private FieldLookup fieldsInScope(Ctx ctx, String name) {
    boolean incomplete = false;
    boolean anonymous = false;
    for (Level level : levels(ctx)) {
      if (level.type() != null) {
        Members m = members(level.type(), name, FIELDS);
        if (!m.found.isEmpty()) {
          return new FieldLookup(List.of(m.found.get(0)), false, false);
        }
        incomplete |= m.incomplete;
      } else {
        List<DefHit> siblings = children(ctx.path(), ctx.facts(), level.anonymousContainer(), name, FIELDS);
        if (!siblings.isEmpty()) {
          return new FieldLookup(List.of(siblings.get(0)), false, false);
        }
        anonymous = true;
      }
    }
    List<DefHit> imported = staticImports(ctx, name, FIELDS);
    if (!imported.isEmpty()) {
      return new FieldLookup(List.of(imported.get(0)), false, false);
    }
    return new FieldLookup(List.of(), incomplete, anonymous);
  }

  private List<DefHit> staticImports(Ctx ctx, String name, Predicate<SymbolKind> kinds) {
    List<DefHit> out = new ArrayList<>();
    for (Import imp : ctx.facts().imports()) {
      if (imp.isStatic() && !imp.wildcard() && name.equals(imp.name())) {
        JType t = qualifiedType(imp.module());
        if (t.isWorkspace()) {
          out.addAll(members(t.def(), name, kinds).found);
        }
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    for (Import imp : ctx.facts().imports()) {
      if (imp.isStatic() && imp.wildcard()) {
        JType t = qualifiedType(imp.module());
        if (t.isWorkspace()) {
          out.addAll(members(t.def(), name, kinds).found);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ members

  /** Members found in a type's hierarchy, nearest first; incomplete if some supertype is unknown. */
  private static final class Members {
    List<DefHit> found = new ArrayList<>();
    boolean incomplete;

    /** Shared through the memo: nobody may change it any more. */
    Members freeze() {
      found = List.copyOf(found);
      return this;
    }
  }

  /**
   * Member lookups with one of the shared kind filters, memoised for the resolver's life (a pass over
   * thousands of files asks the same types for the same names again and again); least recently used first out.
   */
  private final Map<MemberKey, Members> memberMemo = dev.vcr.kernel.memo.Lru.of(65_536);

  /**
   * A memoised member lookup: the type, the name and the kind filter. A record rather than a joined
   * string: the strings' own cached hashes make it cheap, where joining them cost a fifth of the lookups'
   * time in the resolution pass.
   */
  private record MemberKey(String path, int ordinal, String name, char tag) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MemberKey k && ordinal == k.ordinal && tag == k.tag && java.util.Objects.equals(name, k.name)
          && java.util.Objects.equals(path, k.path);
    }

    @Override
    public int hashCode() {
      return ((java.util.Objects.hashCode(path) * 31 + ordinal) * 31 + java.util.Objects.hashCode(name)) * 31 + tag;
    }
  }

  /** A type by file and ordinal, as the supertypes memo keys it. */
  private record TypeKey(String path, int ordinal) {
    @Override
    public boolean equals(Object o) {
      return o instanceof TypeKey k && ordinal == k.ordinal && java.util.Objects.equals(path, k.path);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hashCode(path) * 31 + ordinal;
    }
  }

  private Members members(DefHit type, String name, Predicate<SymbolKind> kinds) {
    char tag = kinds == METHODS ? 'm' : kinds == FIELDS ? 'f' : kinds == TYPES ? 't' : 0;
    if (tag == 0) {
      return findMembers(type, name, kinds);
    }
    MemberKey key = new MemberKey(type.path(), type.ordinal(), name, tag);
    Members known = memberMemo.get(key);
    if (known == null) {
      known = findMembers(type, name, kinds).freeze();
      memberMemo.put(key, known);
    }
    return known;
  }

  private Members findMembers(DefHit type, String name, Predicate<SymbolKind> kinds) {
    Members out = new Members();
    Set<DefHit> seen = new HashSet<>();
    ArrayDeque<DefHit> queue = new ArrayDeque<>();
    queue.add(type);
    Set<List<String>> signatures = new HashSet<>();
    while (!queue.isEmpty()) {
      DefHit t = queue.poll();
      if (!seen.add(t)) {
        continue;
      }
      FileFacts f = lookup.facts(t.path());
      if (f == null) {
        continue;
      }
      for (DefHit m : children(t.path(), f, t.ordinal(), name, kinds)) {
        // An override hides the method it overrides: keep only the nearest of one signature.
        if (m.definition().kind() != SymbolKind.METHOD || signatures.add(signature(m, f))) {
          out.found.add(m);
        }
      }
      for (JType s : supertypes(t)) {
        if (s.isWorkspace()) {
          queue.add(s.def());
        } else if (s.isUnknown()) {
          out.incomplete = true;
        }
      }
    }
    return out;
  }

  /** Definitions directly inside definition {@code container} of a file with the name and a kind. */
  private static List<DefHit> children(String path, FileFacts f, int container, String name,
      Predicate<SymbolKind> kinds) {
    List<DefHit> out = new ArrayList<>();
    List<Definition> defs = f.definitions();
    for (int i : FactsIndex.of(f).named(name)) {
      Definition d = defs.get(i);
      if (d.container() == container && kinds.test(d.kind())) {
        out.add(new DefHit(path, i, d));
      }
    }
    return out;
  }

  private List<DefHit> constructors(DefHit type) {
    FileFacts f = lookup.facts(type.path());
    return f == null ? List.of() : children(type.path(), f, type.ordinal(), type.definition().name(),
        k -> k == SymbolKind.CONSTRUCTOR);
  }

  /**
   * Parameter types of a method, generics erased: two methods with equal signatures override. A variadic
   * parameter's recorded type is its element type, but {@code m(int...)} has signature {@code m(int[])}:
   * it overloads {@code m(int)} rather than hiding it.
   */
  private static List<String> signature(DefHit m, FileFacts f) {
    List<String> out = new ArrayList<>();
    out.add(m.definition().name());
    List<DefHit> params = formalParameters(m, f);
    for (int i = 0; i < params.size(); i++) {
      // Erased (JLS 8.4.2): a type variable stands for its bound, so <T> m(T) and <T extends A> m(T) differ.
      Definition p = params.get(i).definition();
      Overloads.TypeShape t = erasedShape(p.type(), f, p.nameSpan());
      boolean variadic = m.definition().arity() < 0 && i == params.size() - 1;
      out.add((t.name() == null ? "?" : t.name()) + "[]".repeat(t.dims() + (variadic ? 1 : 0)));
    }
    return out;
  }

  /** A callable's own parameters, in order: parameters scoped to the declaration (not lambdas inside it). */
  static List<DefHit> formalParameters(DefHit m, FileFacts f) {
    List<DefHit> out = new ArrayList<>();
    List<Definition> defs = f.definitions();
    Span span = m.definition().span();
    for (int i : FactsIndex.of(f).children(m.ordinal())) {
      Definition d = defs.get(i);
      if (d.kind() == SymbolKind.PARAMETER && span.equals(d.scope())) {
        out.add(new DefHit(m.path(), i, d));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ overloads

  /**
   * Chooses among overloads: first by argument count, then, when several remain and the argument texts
   * are known, by the applicability of each argument's type to each parameter's (least total cost wins;
   * ties are kept), in the phases of JLS 15.12.2 (see below); a call without arguments takes part too, so
   * {@code m()} prefers {@code m()} to {@code m(int...)}. Never returns an empty list for a non-empty input.
   */
  private List<DefHit> pick(List<DefHit> candidates, int arity, String args, Ctx ctx) {
    List<DefHit> same = byArity(candidates, arity);
    if (same.size() <= 1 || arity < 0 || args == null && arity > 0) {
      return same;
    }
    List<String> texts = arity == 0 ? List.of() : Overloads.splitArguments(args);
    if (texts.size() != arity) {
      return same;
    }
    Overloads.TypeShape[] shapes = new Overloads.TypeShape[arity];
    List<Set<String>> supers = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      shapes[i] = argumentShape(texts.get(i), ctx);
      supers.add(supertypeNames(shapes[i], ctx));
    }
    long[] costs = new long[same.size()];
    boolean[] spread = new boolean[same.size()];
    boolean[] certain = new boolean[same.size()];
    boolean[] boxing = new boolean[same.size()];
    for (int k = 0; k < same.size(); k++) {
      DefHit m = same.get(k);
      FileFacts f = lookup.facts(m.path());
      List<DefHit> params = f == null ? List.of() : formalParameters(m, f);
      long cost = 0;
      spread[k] = m.definition().arity() < 0 && !params.isEmpty() && arity != params.size();
      // Knowing that a method applies needs all its parameters read (a variadic method's count is open).
      certain[k] = m.definition().arity() < 0 ? !params.isEmpty() : f != null && params.size() == m.definition().arity();
      for (int i = 0; i < arity && cost < Overloads.INCOMPATIBLE; i++) {
        if (params.isEmpty()) {
          cost += 2;
          continue;
        }
        DefHit p = params.get(Math.min(i, params.size() - 1));
        Overloads.TypeShape ps = Overloads.shape(p.definition().type());
        boolean variadic = m.definition().arity() < 0 && i >= params.size() - 1;
        if (variadic) {
          // A variadic parameter's declared type is its element type: an array of it may be passed
          // as is, or elements one by one (the last applicability phase, hence the extra cost).
          if (arity == params.size() && (shapes[i].dims() == ps.dims() + 1 || shapes[i].isNull())) {
            ps = new Overloads.TypeShape(ps.name(), ps.dims() + 1);
          } else {
            cost += 1;
            spread[k] = true;
          }
        }
        boolean generic = isTypeParameter(ps.name(), p, f);
        int c = Overloads.cost(shapes[i], ps, generic, supers.get(i));
        certain[k] &= Overloads.certain(shapes[i], ps, generic, supers.get(i));
        boxing[k] |= Overloads.boxes(shapes[i], ps, generic);
        if (generic && c != Overloads.INCOMPATIBLE && !withinBound(shapes[i], supers.get(i), ps, p, f, ctx)) {
          c = Overloads.INCOMPATIBLE;
        }
        cost = c == Overloads.INCOMPATIBLE ? Overloads.INCOMPATIBLE : cost + c;
      }
      costs[k] = cost;
    }
    // The phases of JLS 15.12.2: a method that applies without boxing shuts out those that need it, and
    // one that applies without spreading arguments shuts out the variadic ones. Only a method known to
    // apply does so: one that merely might (an argument of unknown type) must not hide the others.
    boolean strictFits = false;
    boolean fixedArityFits = false;
    for (int k = 0; k < same.size(); k++) {
      boolean sure = !spread[k] && certain[k] && costs[k] < Overloads.INCOMPATIBLE;
      fixedArityFits |= sure;
      strictFits |= sure && !boxing[k];
    }
    List<DefHit> best = new ArrayList<>();
    long bestCost = Long.MAX_VALUE;
    for (int k = 0; k < same.size(); k++) {
      if (fixedArityFits && spread[k] || strictFits && (spread[k] || boxing[k])) {
        continue;
      }
      if (costs[k] < bestCost) {
        best.clear();
        bestCost = costs[k];
      }
      if (costs[k] == bestCost) {
        best.add(same.get(k));
      }
    }
    if (bestCost >= Overloads.INCOMPATIBLE) {
      return same;
    }
    return best.size() > 1 ? mostSpecific(best) : best;
  }

  /**
   * Whether an argument can stand for a type variable parameter ({@code T v} with {@code <T extends B>}):
   * false only when its type is known not to be a subtype of the bound. A type from outside the workspace
   * is never a subtype of a workspace type: libraries are compiled without the workspace.
   */
  private boolean withinBound(Overloads.TypeShape arg, Set<String> argSupers, Overloads.TypeShape param,
      DefHit p, FileFacts f, Ctx ctx) {
    if (param.dims() != 0 || arg.dims() != 0 || arg.name() == null || arg.primitive() || arg.isNull()) {
      return true;
    }
    Overloads.TypeShape bound = erasedShape(param.name(), f, p.definition().nameSpan());
    if (bound.name() == null || bound.dims() != 0 || bound.name().equals("Object")) {
      return true;
    }
    if (argSupers != null) {
      return Overloads.subtype(arg, bound, argSupers) || argSupers.contains("*");
    }
    if (arg.name().equals("String")) {
      return Overloads.subtype(arg, bound, null);
    }
    // Only a type known to be the JDK's is known to be outside the workspace (an unresolved simple name
    // may be a nested or fully qualified workspace type).
    return jdkName(arg.name(), ctx) == null || !typeName(bound.name(), ctxOf(p)).isWorkspace();
  }

  /**
   * Of overloads that fit a call equally well, the maximally specific ones (JLS 15.12.2.5): a candidate is
   * dropped when another one's parameter types are each a subtype of its own (primitive widening counts,
   * boxing does not) and not the other way round. So {@code print(short)} calls {@code print(int)}, not
   * {@code print(long)}, and {@code nul(null)} calls {@code nul(String)}, not {@code nul(Object)}. Variadic
   * candidates and unknown type relations are never compared: they stay tied.
   */
  private List<DefHit> mostSpecific(List<DefHit> tied) {
    List<List<Overloads.TypeShape>> shapes = new ArrayList<>();
    List<List<Set<String>>> supers = new ArrayList<>();
    for (DefHit m : tied) {
      FileFacts f = lookup.facts(m.path());
      List<DefHit> params = f == null ? List.of() : formalParameters(m, f);
      if (f == null || m.definition().arity() < 0 || params.size() != m.definition().arity()) {
        shapes.add(null);
        supers.add(null);
        continue;
      }
      List<Overloads.TypeShape> ps = new ArrayList<>();
      List<Set<String>> ss = new ArrayList<>();
      for (DefHit p : params) {
        Overloads.TypeShape s = erasedShape(p.definition().type(), f, p.definition().nameSpan());
        ps.add(s);
        ss.add(supertypeNames(s, ctxOf(m)));
      }
      shapes.add(ps);
      supers.add(ss);
    }
    List<DefHit> out = new ArrayList<>();
    for (int i = 0; i < tied.size(); i++) {
      boolean dominated = false;
      for (int j = 0; j < tied.size() && !dominated; j++) {
        dominated = j != i && atLeastAsSpecific(shapes.get(j), supers.get(j), shapes.get(i))
            && !atLeastAsSpecific(shapes.get(i), supers.get(i), shapes.get(j));
      }
      if (!dominated) {
        out.add(tied.get(i));
      }
    }
    return out;
  }

  private static boolean atLeastAsSpecific(List<Overloads.TypeShape> a, List<Set<String>> aSupers,
      List<Overloads.TypeShape> b) {
    if (a == null || b == null || a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (!Overloads.subtype(a.get(k), b.get(k), aSupers.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTypeParameter(String name, DefHit param, FileFacts f) {
    if (name == null || f == null) {
      return false;
    }
    int tp = Scopes.local(f, name, param.definition().nameSpan());
    return tp >= 0 && f.definitions().get(tp).kind() == SymbolKind.TYPE_PARAMETER;
  }

  /** Known supertype names of a workspace type ("*" marks an unknown remainder); null when not a workspace type. */
  private Set<String> supertypeNames(Overloads.TypeShape shape, Ctx ctx) {
    if (shape.name() == null || shape.primitive() || shape.isNull() || shape.name().equals("String")) {
      return null;
    }
    JType t = typeName(shape.name(), ctx);
    if (!t.isWorkspace()) {
      String jdk = jdkName(shape.name(), ctx);
      return jdk == null ? null : JdkSignatures.supertypes(jdk);
    }
    Set<String> names = new HashSet<>();
    ArrayDeque<DefHit> queue = new ArrayDeque<>();
    queue.add(t.def());
    Set<DefHit> seen = new HashSet<>();
    while (!queue.isEmpty()) {
      DefHit d = queue.poll();
      if (!seen.add(d)) {
        continue;
      }
      names.add(d.definition().name());
      FileFacts f = lookup.facts(d.path());
      if (f == null) {
        names.add("*");
        continue;
      }
      List<JType> sups = supertypes(d);
      int i = 0;
      for (Reference r : FactsIndex.of(f).inherits()) {
        if (r.container() == d.ordinal()) {
          JType s = i < sups.size() ? sups.get(i) : JType.UNKNOWN;
          i++;
          if (s.isWorkspace()) {
            queue.add(s.def());
          } else {
            names.add(r.name());
            String jdk = jdkName(r.name(), new Ctx(d.path(), f, d.ordinal(), r.span()));
            if (jdk != null) {
              names.addAll(JdkSignatures.supertypes(jdk));
            } else {
              names.add("*"); // a library supertype: its own supertypes are not known
            }
          }
        }
      }
    }
    return names;
  }

  /** The shape of an argument expression's type, from its text. */
  private Overloads.TypeShape argumentShape(String expr, Ctx ctx) {
    ExprKey key = memoKey(expr, ctx);
    Overloads.TypeShape known = shapes.get(key);
    if (known != null) {
      return known;
    }
    shapes.put(key, Overloads.UNKNOWN); // an expression whose type needs itself is unknown
    Overloads.TypeShape s = computeArgumentShape(expr, ctx);
    shapes.put(key, s);
    return s;
  }

  private Overloads.TypeShape computeArgumentShape(String expr, Ctx ctx) {
    Overloads.TypeShape lit = Overloads.literal(expr);
    if (lit != null) {
      return lit;
    }
    String t = expr.trim();
    if (ReceiverChain.isNew(t)) {
      String rest = t.substring(4).trim();
      int bracket = rest.indexOf('[');
      int paren = rest.indexOf('(');
      if (bracket >= 0 && (paren < 0 || bracket < paren)) {
        int brace = rest.indexOf('{');
        String dimsPart = brace < 0 ? rest.substring(bracket) : rest.substring(bracket, brace);
        int dims = 0;
        for (int i = 0; i < dimsPart.length(); i++) {
          if (dimsPart.charAt(i) == '[') {
            dims++;
          }
        }
        Overloads.TypeShape base = Overloads.shape(rest.substring(0, bracket));
        return new Overloads.TypeShape(base.name(), dims);
      }
      return Overloads.shape(ReceiverChain.newType(t));
    }
    if (ReceiverChain.isCast(t)) {
      return Overloads.shape(ReceiverChain.castType(t));
    }
    if (ReceiverChain.isParenthesized(t)) {
      return argumentShape(t.substring(1, t.length() - 1), ctx);
    }
    if (t.equals("this")) {
      DefHit cls = enclosingType(ctx);
      if (cls != null && cls.definition().kind() == SymbolKind.ANONYMOUS_CLASS) {
        // An anonymous class has no name: it is taken for the type it extends.
        FileFacts f = lookup.facts(cls.path());
        return f == null ? Overloads.UNKNOWN : erasedShape(cls.definition().type(), f, cls.definition().nameSpan());
      }
      return cls == null ? Overloads.UNKNOWN : new Overloads.TypeShape(cls.definition().name(), 0);
    }
    if (ReceiverChain.isIndexed(t)) {
      Overloads.TypeShape array = argumentShape(ReceiverChain.indexedName(t), ctx);
      return array.dims() > 0 ? new Overloads.TypeShape(array.name(), array.dims() - 1) : Overloads.UNKNOWN;
    }
    if (ReceiverChain.isIdentifier(t)) {
      int local = Scopes.local(ctx.facts(), t, ctx.at());
      if (local >= 0) {
        Definition d = ctx.facts().definitions().get(local);
        return d.kind() == SymbolKind.TYPE_PARAMETER ? Overloads.UNKNOWN
            : erasedShape(declaredType(ctx.facts(), local), ctx.facts(), d.nameSpan());
      }
      Optional<List<DefHit>> field = unqualifiedFieldOnly(ctx, t);
      if (field.isPresent() && !field.get().isEmpty()) {
        DefHit fd = field.get().get(0);
        if (fd.definition().kind() == SymbolKind.ENUM_MEMBER) {
          JType e = fieldType(fd);
          return e.isWorkspace() ? new Overloads.TypeShape(e.def().definition().name(), 0) : Overloads.UNKNOWN;
        }
        FileFacts ff = lookup.facts(fd.path());
        return ff == null ? Overloads.UNKNOWN : erasedShape(fd.definition().type(), ff, fd.definition().nameSpan());
      }
      return Overloads.UNKNOWN;
    }
    List<String> segments = ReceiverChain.split(t);
    if (segments.size() == 1 && ReceiverChain.isCall(t)) {
      Optional<List<DefHit>> m = unqualifiedMethod(ctx, ReceiverChain.callName(t), ReceiverChain.callArity(t),
          ReceiverChain.callArgs(t));
      return m.isEmpty() || m.get().isEmpty() ? Overloads.UNKNOWN : callShape(m.get().get(0), t, ctx);
    }
    if (segments.size() >= 2) {
      String last = segments.get(segments.size() - 1);
      int cut = t.length() - last.length();
      String recv = t.substring(0, Math.max(0, cut - 1)).trim();
      if (ReceiverChain.isCall(last)) {
        String known = JdkSignatures.objectMethod(ReceiverChain.callName(last), ReceiverChain.callArity(last));
        if (known != null) {
          return Overloads.shape(known);
        }
      }
      JType r = typeOfExpression(recv, ctx);
      if (!r.isWorkspace()) {
        return ReceiverChain.isCall(last) ? jdkCallShape(recv, ReceiverChain.callName(last), ctx) : Overloads.UNKNOWN;
      }
      if (ReceiverChain.isCall(last)) {
        Members m = members(r.def(), ReceiverChain.callName(last), METHODS);
        return m.found.isEmpty() ? Overloads.UNKNOWN
            : callShape(byArity(m.found, ReceiverChain.callArity(last)).get(0), last, ctx);
      }
      if (ReceiverChain.isIdentifier(last)) {
        Members fields = members(r.def(), last, FIELDS);
        return fields.found.isEmpty() ? Overloads.UNKNOWN : declaredShape(fields.found.get(0));
      }
    }
    return Overloads.UNKNOWN;
  }

  /**
   * The qualified name of a simple type name that means a JDK type here: imported by name, or through an
   * on-demand import, or from java.lang; null when it means something else or is not known. A name no
   * import can explain (it came from a JDK method's known result, such as {@code c.iterator()}) is the
   * listed JDK type of that name when the file imports nothing on demand.
   */
  private static String jdkName(String name, Ctx ctx) {
    boolean anyWildcard = false;
    String onDemand = null;
    for (Import imp : ctx.facts().imports()) {
      if (!imp.isStatic() && !imp.wildcard() && name.equals(imp.name())) {
        String q = imp.module().isEmpty() ? name : imp.module() + "." + name;
        return JdkSignatures.supertypes(q) != null ? q : null;
      }
      anyWildcard |= imp.wildcard();
      if (onDemand == null && !imp.isStatic() && imp.wildcard()
          && JdkSignatures.supertypes(imp.module() + "." + name) != null) {
        onDemand = imp.module() + "." + name;
      }
    }
    if (onDemand != null) {
      return onDemand;
    }
    if (JdkSignatures.supertypes("java.lang." + name) != null) {
      return "java.lang." + name;
    }
    return anyWildcard ? null : JdkSignatures.qualify(name);
  }

  /** The result of a JDK method on a receiver outside the workspace: a String's, or a JDK class's static one. */
  private Overloads.TypeShape jdkCallShape(String recv, String name, Ctx ctx) {
    String known = null;
    if (ReceiverChain.isIdentifier(recv) && Character.isUpperCase(recv.charAt(0))
        && Scopes.local(ctx.facts(), recv, ctx.at()) < 0) {
      known = JdkSignatures.staticMethod(recv, name);
    }
    if (known == null) {
      Overloads.TypeShape r = argumentShape(recv, ctx);
      if ("String".equals(r.name()) && r.dims() == 0) {
        known = JdkSignatures.stringMethod(name);
      }
    }
    if (known == null && ReceiverChain.isIdentifier(recv)) {
      // it.next() on an Iterator<Foo>, list.get(i) on a List<Foo>: the declared type argument.
      String declared = declaredTypeText(recv, ctx);
      String element = declared == null ? null : JdkSignatures.elementResult(declared, name);
      if (element != null) {
        // A type variable in scope stands for its bound.
        return element.equals("Object") ? new Overloads.TypeShape("Object", 0) : erasedShape(element, ctx.facts(), ctx.at());
      }
      known = declared == null ? null : JdkSignatures.containerMethod(declared, name);
    }
    return known == null ? Overloads.UNKNOWN : Overloads.shape(known);
  }

  /** The shape of a call's result; for {@code <T> T m(T x)}, the shape of what is passed for {@code x}. */
  private Overloads.TypeShape callShape(DefHit method, String call, Ctx ctx) {
    int param = returnedParameter(method);
    List<String> args = Overloads.splitArguments(ReceiverChain.callArgs(call));
    if (param >= 0 && param < args.size()) {
      Overloads.TypeShape s = argumentShape(args.get(param), ctx);
      if (s.name() != null) {
        return s;
      }
    }
    return declaredShape(method);
  }

  /** The declared type text of a local, parameter or field named at a position, or null. */
  private String declaredTypeText(String name, Ctx ctx) {
    int local = Scopes.local(ctx.facts(), name, ctx.at());
    if (local >= 0) {
      return declaredType(ctx.facts(), local);
    }
    Optional<List<DefHit>> field = unqualifiedFieldOnly(ctx, name);
    return field.isPresent() && !field.get().isEmpty() ? field.get().get(0).definition().type() : null;
  }

  private Overloads.TypeShape declaredShape(DefHit d) {
    if (d.definition().kind() == SymbolKind.CONSTRUCTOR || d.definition().kind() == SymbolKind.ENUM_MEMBER) {
      FileFacts f = lookup.facts(d.path());
      int c = d.definition().container();
      return c < 0 || f == null ? Overloads.UNKNOWN : new Overloads.TypeShape(f.definitions().get(c).name(), 0);
    }
    FileFacts f = lookup.facts(d.path());
    return f == null ? Overloads.UNKNOWN : erasedShape(d.definition().type(), f, d.definition().nameSpan());
  }

  /** A declared type's shape, with a type variable replaced by its erasure (its bound, else Object). */
  private static Overloads.TypeShape erasedShape(String type, FileFacts f, Span at) {
    Overloads.TypeShape s = Overloads.shape(type);
    if (s.name() != null) {
      int tp = Scopes.local(f, s.name(), at);
      if (tp >= 0 && f.definitions().get(tp).kind() == SymbolKind.TYPE_PARAMETER) {
        String bound = f.definitions().get(tp).type();
        Overloads.TypeShape b = bound == null ? new Overloads.TypeShape("Object", 0) : Overloads.shape(bound);
        return new Overloads.TypeShape(b.name(), b.dims() + s.dims());
      }
    }
    return s;
  }

  /** Callables with the call's argument count (or variadic); all of them when none fits. */
  public static List<DefHit> byArity(List<DefHit> defs, int arity) {
    return byArity(defs, d -> d.definition().arity(), arity);
  }

  /** The declarations of a call's arity (or of unknown arity), or all when none has it. */
  public static <T> List<T> byArity(List<T> defs, java.util.function.ToIntFunction<T> arityOf, int arity) {
    if (arity < 0) {
      return defs;
    }
    List<T> same = new ArrayList<>();
    for (T d : defs) {
      int a = arityOf.applyAsInt(d);
      if (a < 0 || a == arity) {
        same.add(d);
      }
    }
    return same.isEmpty() ? defs : same;
  }

  // ------------------------------------------------------------------------------------------ types

  private DefHit enclosingType(Ctx ctx) {
    for (Level l : levels(ctx)) {
      if (l.type() != null) {
        return l.type();
      }
    }
    return null;
  }

  /** Declared supertypes of a workspace type, resolved in the type's own file. */
  private List<JType> supertypes(DefHit type) {
    TypeKey key = new TypeKey(type.path(), type.ordinal());
    List<JType> cached = supertypes.get(key);
    if (cached != null) {
      return cached;
    }
    supertypes.put(key, List.of()); // guards cycles while resolving
    List<JType> out = new ArrayList<>();
    FileFacts f = lookup.facts(type.path());
    boolean extendsClass = false;
    if (f != null && type.definition().kind() == SymbolKind.ANONYMOUS_CLASS && type.definition().type() != null) {
      // new Foo() { ... } extends (or implements) Foo, named where the expression is.
      JType s = typeText(type.definition().type(),
          new Ctx(type.path(), f, type.definition().container(), type.definition().nameSpan()));
      extendsClass |= !s.isWorkspace() || s.def().definition().kind() == SymbolKind.CLASS;
      out.add(s);
    }
    if (f != null) {
      for (Reference r : FactsIndex.of(f).inherits()) {
        if (r.container() == type.ordinal()) {
          JType s = typeText(qualified(r), new Ctx(type.path(), f, type.definition().container(), r.span()));
          extendsClass |= !s.isWorkspace() || s.def().definition().kind() == SymbolKind.CLASS;
          out.add(s);
        }
      }
    }
    // The implicit superclass (JLS 8.1.4): Object for classes, Enum for enums, Record for records; in the
    // workspace only when it holds java.lang (the JDK's own sources), otherwise external and harmless.
    String implicit = switch (type.definition().kind()) {
      case CLASS, ANONYMOUS_CLASS -> extendsClass ? null : "java.lang.Object";
      case ENUM -> "java.lang.Enum";
      case RECORD -> "java.lang.Record";
      case INTERFACE -> "java.lang.Object"; // interfaces expose Object's public methods (JLS 9.2)
      default -> null;
    };
    if (implicit != null && !implicit.equals(type.definition().qualifiedName())) {
      JType t = qualifiedType(implicit);
      if (t.isWorkspace()) {
        out.add(t);
      }
    }
    supertypes.put(key, out);
    return out;
  }

  /** The superclass: the first declared supertype that is a class (or unknown/external). */
  private JType superclass(DefHit type) {
    for (JType t : supertypes(type)) {
      if (!t.isWorkspace() || t.def().definition().kind() == SymbolKind.CLASS) {
        return t;
      }
    }
    return JType.EXTERNAL;
  }

  /** Resolves the text of a type (as written in a declaration) in a context. */
  JType typeText(String text, Ctx ctx) {
    String t = eraseGenerics(text).replace("final ", "").trim();
    while (t.startsWith("@")) {
      int sp = t.indexOf(' ');
      if (sp < 0) {
        return JType.UNKNOWN;
      }
      t = t.substring(sp + 1).trim();
    }
    if (t.isEmpty() || t.equals("var") || t.equals("?")) {
      return JType.UNKNOWN;
    }
    if (t.endsWith("]") || t.endsWith("...")) {
      return JType.EXTERNAL; // arrays
    }
    if (t.contains(" ")) {
      t = t.substring(t.lastIndexOf(' ') + 1);
    }
    if (!t.contains(".")) {
      return typeName(t, ctx);
    }
    String[] parts = t.split("\\.");
    JType first = typeName(parts[0], ctx);
    if (first.isWorkspace()) {
      JType cur = first;
      for (int i = 1; i < parts.length && cur.isWorkspace(); i++) {
        Members nested = members(cur.def(), parts[i], TYPES);
        cur = nested.found.isEmpty() ? (nested.incomplete ? JType.UNKNOWN : JType.EXTERNAL) : JType.of(nested.found.get(0));
      }
      return cur;
    }
    return qualifiedType(t);
  }

  /** A simple type name, by Java's scoping rules. */
  JType typeName(String name, Ctx ctx) {
    if (PRIMITIVES.contains(name)) {
      return JType.EXTERNAL;
    }
    int tp = Scopes.local(ctx.facts(), name, ctx.at());
    if (tp >= 0 && ctx.facts().definitions().get(tp).kind() == SymbolKind.TYPE_PARAMETER) {
      String bound = ctx.facts().definitions().get(tp).type();
      return bound == null ? JType.UNKNOWN : typeText(bound, ctx);
    }
    for (Level level : levels(ctx)) {
      if (level.type() == null) {
        continue;
      }
      if (level.type().definition().name().equals(name)) {
        return JType.of(level.type());
      }
      Members nested = members(level.type(), name, TYPES);
      if (!nested.found.isEmpty()) {
        return JType.of(nested.found.get(0));
      }
    }
    List<Definition> defs = ctx.facts().definitions();
    // Local classes: declared inside an enclosing method (or initializer) of the position.
    for (int c = ctx.container(); c >= 0 && c < defs.size(); c = defs.get(c).container()) {
      if (!defs.get(c).kind().isType()) {
        List<DefHit> local = children(ctx.path(), ctx.facts(), c, name, TYPES);
        if (!local.isEmpty()) {
          return JType.of(local.get(0));
        }
      }
    }
    for (int i : FactsIndex.of(ctx.facts()).named(name)) {
      Definition d = defs.get(i);
      if (d.container() < 0 && d.kind().isType()) {
        return JType.of(new DefHit(ctx.path(), i, d));
      }
    }
    for (Import imp : ctx.facts().imports()) {
      if (!imp.isStatic() && !imp.wildcard() && name.equals(imp.name())) {
        return qualifiedType(imp.module().isEmpty() ? name : imp.module() + "." + name);
      }
    }
    String pkg = ctx.facts().packageName();
    JType samePackage = qualifiedType(pkg.isEmpty() ? name : pkg + "." + name);
    if (samePackage.isWorkspace()) {
      return samePackage;
    }
    for (Import imp : ctx.facts().imports()) {
      if (imp.wildcard()) {
        JType t = qualifiedType(imp.module() + "." + name);
        if (t.isWorkspace()) {
          return t;
        }
      }
    }
    // java.lang.* is imported implicitly: a workspace that holds java.lang (the JDK's own sources) has it.
    return qualifiedType("java.lang." + name); // otherwise a library type, external by its simple name
  }

  /** A type by its qualified name (package and enclosing types joined with '.'). */
  JType qualifiedType(String qualifiedName) {
    JType known = qualifiedTypes.get(qualifiedName);
    if (known == null) {
      known = findQualifiedType(qualifiedName);
      qualifiedTypes.put(qualifiedName, known);
    }
    return known;
  }

  private final Map<String, JType> qualifiedTypes = new HashMap<>();

  private JType findQualifiedType(String qualifiedName) {
    int dot = qualifiedName.lastIndexOf('.');
    String simple = qualifiedName.substring(dot + 1);
    Map<String, DefHit> types = typesNamed.get(simple);
    if (types == null) {
      types = new HashMap<>();
      for (DefHit d : lookup.definitionsNamed(simple)) {
        if (d.definition().kind().isType()) {
          types.putIfAbsent(d.definition().qualifiedName(), d); // the first in path order, as before
        }
      }
      typesNamed.put(simple, types);
    }
    DefHit d = types.get(qualifiedName);
    return d == null ? JType.external(simple) : JType.of(d);
  }

  /** Types by simple name, then by qualified name: one pass over a name's definitions serves every probe. */
  private final Map<String, Map<String, DefHit>> typesNamed = dev.vcr.kernel.memo.Lru.of(16_384);

  static String eraseGenerics(String text) {
    StringBuilder b = new StringBuilder(text.length());
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0) {
        b.append(c);
      }
    }
    return b.toString().trim();
  }

  // ------------------------------------------------------------------------------------------ expressions

  /** The static type of a receiver expression (its source text), as far as syntax and the index tell. */
  JType typeOfExpression(String text, Ctx ctx) {
    ExprKey key = memoKey(text, ctx);
    JType known = types.get(key);
    if (known != null) {
      return known;
    }
    types.put(key, JType.UNKNOWN);
    JType t = computeTypeOfExpression(text, ctx);
    types.put(key, t);
    return t;
  }

  private JType computeTypeOfExpression(String text, Ctx ctx) {
    List<String> segments = ReceiverChain.split(text);
    if (segments.isEmpty()) {
      return JType.UNKNOWN;
    }
    String first = segments.get(0);
    JType cur;
    int next = 1;
    if (ReceiverChain.isNew(first)) {
      String type = ReceiverChain.newType(first);
      cur = type == null ? JType.EXTERNAL : typeText(type, ctx);
    } else if (ReceiverChain.isCast(first)) {
      cur = typeText(ReceiverChain.castType(first), ctx);
    } else if (ReceiverChain.isParenthesized(first)) {
      cur = typeOfExpression(first.substring(1, first.length() - 1), ctx);
    } else if (ReceiverChain.isLiteral(first)) {
      // A string literal is a java.lang.String, a workspace type when the workspace holds java.lang.
      cur = first.startsWith("\"") ? qualifiedType("java.lang.String") : JType.EXTERNAL;
    } else if (first.equals("this")) {
      DefHit t = enclosingType(ctx);
      cur = t == null ? JType.UNKNOWN : JType.of(t);
    } else if (first.equals("super")) {
      DefHit t = enclosingType(ctx);
      cur = t == null ? JType.UNKNOWN : superclass(t);
    } else if (ReceiverChain.isCall(first)) {
      String name = ReceiverChain.callName(first);
      Optional<List<DefHit>> m = unqualifiedMethod(ctx, name, ReceiverChain.callArity(first), ReceiverChain.callArgs(first));
      cur = m.isEmpty() || m.get().isEmpty() ? JType.UNKNOWN : returnType(m.get().get(0), first, ctx);
    } else if (ReceiverChain.isIdentifier(first)) {
      cur = identifierType(first, ctx);
      if (cur == null) {
        // Maybe a package: find the longest prefix that names a workspace type.
        StringBuilder q = new StringBuilder(first);
        cur = JType.UNKNOWN;
        for (int i = 1; i < segments.size() && ReceiverChain.isIdentifier(segments.get(i)); i++) {
          q.append('.').append(segments.get(i));
          JType t = qualifiedType(q.toString());
          if (t.isWorkspace()) {
            cur = t;
            next = i + 1;
            break;
          }
        }
        if (cur.isUnknown() && Character.isLowerCase(first.charAt(0)) && segments.size() > 1
            && Character.isUpperCase(segments.get(segments.size() - 1).charAt(0))) {
          cur = JType.external(segments.get(segments.size() - 1)); // a library class named by its package
          next = segments.size();
        }
      }
    } else if (ReceiverChain.isIndexed(first)) {
      cur = elementType(ReceiverChain.indexedName(first), ctx);
    } else {
      cur = JType.UNKNOWN;
    }
    for (int i = next; i < segments.size(); i++) {
      cur = member(cur, segments.get(i), ctx);
    }
    return cur;
  }

  /**
   * The declared type of a parameter or local. The variadic parameter of a method is an array inside the
   * body: {@code char... cs} is recorded with its element type {@code char}, and is a {@code char[]}.
   */
  static String declaredType(FileFacts f, int local) {
    Definition d = f.definitions().get(local);
    String type = d.type();
    if (type == null || d.kind() != SymbolKind.PARAMETER || d.container() < 0) {
      return type;
    }
    Definition m = f.definitions().get(d.container());
    if (m.arity() >= 0 || !m.kind().isCallable() || !m.span().equals(d.scope())) {
      return type;
    }
    int last = -1;
    for (int i : FactsIndex.of(f).children(d.container())) {
      Definition p = f.definitions().get(i);
      if (p.kind() == SymbolKind.PARAMETER && m.span().equals(p.scope())) {
        last = i;
      }
    }
    return last == local ? type + "[]" : type;
  }

  /** Type of a plain identifier: a local, a field, or a type used statically; null if none of those. */
  private JType identifierType(String name, Ctx ctx) {
    int local = Scopes.local(ctx.facts(), name, ctx.at());
    if (local >= 0) {
      Definition d = ctx.facts().definitions().get(local);
      if (d.kind() == SymbolKind.TYPE_PARAMETER) {
        return null;
      }
      String type = declaredType(ctx.facts(), local);
      return type == null ? JType.UNKNOWN : typeText(type, ctx);
    }
    Optional<List<DefHit>> field = unqualifiedFieldOnly(ctx, name);
    if (field.isEmpty()) {
      return JType.UNKNOWN;
    }
    if (!field.get().isEmpty()) {
      return fieldType(field.get().get(0));
    }
    JType t = typeName(name, ctx);
    if (t.isWorkspace() || Character.isUpperCase(name.charAt(0))) {
      return t;
    }
    return null;
  }

  private Optional<List<DefHit>> unqualifiedFieldOnly(Ctx ctx, String name) {
    FieldLookup fields = fieldsInScope(ctx, name);
    if (!fields.found().isEmpty()) {
      return Optional.of(fields.found());
    }
    return fields.incomplete() && Character.isLowerCase(name.charAt(0)) ? Optional.empty() : Optional.of(List.of());
  }


  private JType elementType(String name, Ctx ctx) {
    String declared = null;
    Ctx declCtx = ctx;
    int local = Scopes.local(ctx.facts(), name, ctx.at());
    if (local >= 0) {
      declared = declaredType(ctx.facts(), local);
    } else {
      Optional<List<DefHit>> field = unqualifiedFieldOnly(ctx, name);
      if (field.isPresent() && !field.get().isEmpty()) {
        declared = field.get().get(0).definition().type();
        declCtx = ctxOf(field.get().get(0));
      }
    }
    if (declared == null) {
      return JType.UNKNOWN;
    }
    String t = declared.trim();
    if (t.endsWith("[]")) {
      return typeText(t.substring(0, t.length() - 2), declCtx);
    }
    if (t.endsWith("...")) {
      return typeText(t.substring(0, t.length() - 3), declCtx);
    }
    return JType.UNKNOWN;
  }

  private JType member(JType cur, String segment, Ctx ctx) {
    if (!cur.isWorkspace()) {
      return JType.UNKNOWN; // members of library types: their types are not known here
    }
    if (segment.equals("this")) {
      return cur;
    }
    if (segment.equals("class")) {
      return JType.EXTERNAL;
    }
    if (ReceiverChain.isCall(segment)) {
      Members m = members(cur.def(), ReceiverChain.callName(segment), METHODS);
      if (m.found.isEmpty()) {
        List<DefHit> component = recordComponent(cur.def(), ReceiverChain.callName(segment),
            ReceiverChain.callArity(segment));
        return component.isEmpty() ? JType.UNKNOWN : fieldType(component.get(0));
      }
      return returnType(byArity(m.found, ReceiverChain.callArity(segment)).get(0), segment, ctx);
    }
    String name = ReceiverChain.isIndexed(segment) ? ReceiverChain.indexedName(segment) : segment;
    Members fields = members(cur.def(), name, FIELDS);
    if (!fields.found.isEmpty()) {
      DefHit f = fields.found.get(0);
      if (ReceiverChain.isIndexed(segment)) {
        String t = f.definition().type() == null ? "" : f.definition().type().trim();
        return t.endsWith("[]") ? typeText(t.substring(0, t.length() - 2), ctxOf(f)) : JType.UNKNOWN;
      }
      return fieldType(f);
    }
    Members nested = members(cur.def(), name, TYPES);
    if (!nested.found.isEmpty()) {
      return JType.of(nested.found.get(0));
    }
    return JType.UNKNOWN;
  }

  /**
   * The result type of a call: for {@code <T> T m(T x)}, what is passed for {@code x} (the type argument
   * inferred from the argument, JLS 18 in its simplest case), else the declared return type.
   */
  private JType returnType(DefHit method, String call, Ctx callCtx) {
    int param = returnedParameter(method);
    if (param >= 0) {
      List<String> args = Overloads.splitArguments(ReceiverChain.callArgs(call));
      if (param < args.size()) {
        JType t = typeOfExpression(args.get(param), callCtx);
        if (!t.isUnknown()) {
          return t;
        }
      }
    }
    return returnType(method);
  }

  /** For a method whose return type is its own type variable T, the index of its first parameter of type T; else -1. */
  private int returnedParameter(DefHit method) {
    String t = method.definition().type();
    FileFacts f = lookup.facts(method.path());
    if (t == null || f == null || !ReceiverChain.isIdentifier(t.trim())) {
      return -1;
    }
    int tp = Scopes.local(f, t.trim(), method.definition().nameSpan());
    if (tp < 0 || f.definitions().get(tp).kind() != SymbolKind.TYPE_PARAMETER || f.definitions().get(tp).container() != method.ordinal()) {
      return -1;
    }
    List<DefHit> params = formalParameters(method, f);
    for (int i = 0; i < params.size(); i++) {
      String pt = params.get(i).definition().type();
      if (pt != null && pt.trim().equals(t.trim())) {
        return i;
      }
    }
    return -1;
  }

  private JType returnType(DefHit method) {
    String t = method.definition().type();
    if (method.definition().kind() == SymbolKind.CONSTRUCTOR) {
      FileFacts f = lookup.facts(method.path());
      int c = method.definition().container();
      return c < 0 || f == null ? JType.UNKNOWN : JType.of(new DefHit(method.path(), c, f.definitions().get(c)));
    }
    return t == null ? JType.UNKNOWN : typeText(t, ctxOf(method));
  }

  private JType fieldType(DefHit field) {
    if (field.definition().kind() == SymbolKind.ENUM_MEMBER) {
      FileFacts f = lookup.facts(field.path());
      int c = field.definition().container();
      return c < 0 || f == null ? JType.UNKNOWN : JType.of(new DefHit(field.path(), c, f.definitions().get(c)));
    }
    String t = field.definition().type();
    return t == null ? JType.UNKNOWN : typeText(t, ctxOf(field));
  }
}
