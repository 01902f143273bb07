package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.memo.Lru;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link CppResolver} reads from the facts: the lexical context of a use (enclosing namespaces and
 * classes, the class of an out-of-line member definition, the unit's using-directives, using-declarations
 * and namespace aliases), qualifier chains, namespaces, classes with their members and bases. Types are
 * {@link CppTypes}', one symbol's declarations {@link CppDeclarations}'.
 *
 * <p>The facts give a qualified use's nearest qualifier as its receiver ({@code detail} in
 * {@code geo::detail::f}); the qualifiers before it are the references that end two columns before the
 * next one starts (the {@code ::}), and so is the class of an out-of-line definition {@code void C::m()},
 * read before its name. Such a chain is tried from its longest suffix down, so that a reference that merely
 * ends two columns earlier ({@code a} in {@code f(a, b::g())}) does not spoil it.
 */
final class CppScopes {
  static final int MAX_DEPTH = 8;
  static final Set<String> TYPE_WORDS = Set.of("const", "volatile", "static", "mutable", "inline",
      "constexpr", "struct", "class", "union", "enum", "typename", "extern", "register", "thread_local");

  /**
   * The lexical context of a use: namespaces innermost first, ending with the global one (""); the classes
   * whose members a bare name may be, innermost first; {@code unknownClass} inside a member function defined
   * out of line whose class the syntax does not give ({@code T Box<T>::get() {}}).
   */
  record Ctx(String path, FileFacts facts, List<String> namespaces, List<DefHit> classes, boolean unknownClass,
      List<String> usedNamespaces, Map<String, List<String>> usingDeclarations, Map<String, String> aliases) {}

  /** A qualifier: a namespace (dotted qualified name) or a class. */
  record Scope(String ns, DefHit cls) {}

  private record Using(List<String> namespaces, Map<String, List<String>> declarations, Map<String, String> aliases) {}

  private final Lookup lookup;
  private final TranslationUnits units;
  private final CppTypes types;
  private final CppDeclarations declarations;
  private final Map<String, Using> usings = new HashMap<>();
  private final Map<DefHit, Optional<DefHit>> owners = new HashMap<>();
  private final Map<DefHit, List<DefHit>> bases = new HashMap<>();
  private final Map<DefHit, Boolean> basesResolved = new HashMap<>();
  private final Map<FileFacts, Map<Long, Integer>> refEnds = new IdentityHashMap<>();
  /** Contexts by facts and container ({@link #context}): asked at every use, the same for a body's uses. */
  private final Map<FileFacts, Map<Integer, Ctx>> contexts = new IdentityHashMap<>();
  private int aliasDepth;

  // A qualified use tests the namespace of every same-named declaration of the workspace: in Boost's headers
  // (15,000 files) a name such as `type` or `detail` has thousands, and reading each one's file for its
  // container again and again kept the link pass busy for more than twenty minutes. What those tests read is
  // memoised for the resolver's life (a navigator's: one request, or a few thousand files of a link pass).
  /** The namespace of the declarations in a container ({@link #namespaceOf}), by file and container. */
  private final Map<InFile, Optional<String>> containerNamespaces = Lru.of(65_536);
  /** Whether a C or C++ file declares a namespace of this dotted name. */
  private final Map<String, Boolean> namespacesDeclared = Lru.of(16_384);
  /** Each file's own using-directives, using-declarations and aliases ({@link #ownUsing}). */
  private final Map<String, Using> fileUsings = Lru.of(16_384);
  /** The workspace-wide part of {@link #inNamespace}, by namespace and name. */
  private final Map<String, List<DefHit>> anywhere = Lru.of(4_096);
  /** {@link #byNamespace}'s groups, by the identity of the unit's kept list they group. */
  private final Map<List<DefHit>, Map<String, List<DefHit>>> visibleByNamespace = new IdentityHashMap<>();

  /** A file and a definition's ordinal: a memo key. */
  private record InFile(String path, int ordinal) {
    @Override
    public boolean equals(Object o) {
      return o instanceof InFile k && ordinal == k.ordinal && path.equals(k.path);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + ordinal;
    }
  }

  CppScopes(Lookup lookup, TranslationUnits units) {
    this.lookup = lookup;
    this.units = units;
    this.types = new CppTypes(lookup, units, this);
    this.declarations = new CppDeclarations(lookup, this);
  }

  /** Declared types and expression types. */
  CppTypes types() {
    return types;
  }

  /** The declarations of one symbol. */
  CppDeclarations declarations() {
    return declarations;
  }

  // ----------------------------------------------------------------------------------- context

  Ctx context(String path, FileFacts f, int container) {
    Map<Integer, Ctx> known = contexts.get(f);
    if (known == null) {
      if (contexts.size() >= 64) {
        contexts.clear();
      }
      known = new HashMap<>();
      contexts.put(f, known);
    }
    Ctx c = known.get(container);
    if (c == null || !c.path().equals(path)) {
      c = contextOf(path, f, container);
      known.put(container, c);
    }
    return c;
  }

  /** The context of a container, worked out. */
  private Ctx contextOf(String path, FileFacts f, int container) {
    List<String> namespaces = new ArrayList<>();
    List<DefHit> classes = new ArrayList<>();
    List<String> ownerNamespaces = List.of();
    boolean unknownClass = false;
    List<Definition> defs = f.definitions();
    for (int c = container; c >= 0; c = defs.get(c).container()) {
      Definition d = defs.get(c);
      if (d.kind() == SymbolKind.NAMESPACE) {
        namespaces.add(norm(d.qualifiedName()));
      } else if (isClass(d.kind())) {
        classes.add(new DefHit(path, c, d));
      } else if (classes.isEmpty() && outOfLine(f, d)) {
        Optional<DefHit> owner = owner(new DefHit(path, c, d));
        if (owner.isPresent()) {
          FileFacts of = lookup.facts(owner.get().path());
          Ctx oc = context(owner.get().path(), of, owner.get().ordinal());
          classes.addAll(oc.classes());
          ownerNamespaces = oc.namespaces();
        } else {
          unknownClass = true;
        }
      }
    }
    for (String ns : ownerNamespaces) {
      if (!ns.isEmpty() && !namespaces.contains(ns)) {
        namespaces.add(ns);
      }
    }
    namespaces.sort((a, b) -> Integer.compare(b.length(), a.length())); // innermost first
    namespaces.add("");
    Using u = usings.computeIfAbsent(path, this::using);
    List<String> used = new ArrayList<>();
    for (String m : u.namespaces()) {
      for (String ns : namespaces) {
        used.add(ns.isEmpty() ? m : ns + "." + m);
      }
    }
    return new Ctx(path, f, List.copyOf(namespaces), List.copyOf(classes), unknownClass, List.copyOf(used),
        u.declarations(), u.aliases());
  }

  /** The using-directives, using-declarations and namespace aliases of the files a unit sees. */
  private Using using(String path) {
    List<String> namespaces = new ArrayList<>();
    Map<String, List<String>> declarations = new HashMap<>();
    Map<String, String> aliases = new HashMap<>();
    for (String p : units.unit(path).files()) { // include order
      Using own = ownUsing(p);
      if (own == null) {
        continue;
      }
      namespaces.addAll(own.namespaces());
      aliases.putAll(own.aliases());
      for (Map.Entry<String, List<String>> e : own.declarations().entrySet()) {
        declarations.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
      }
    }
    return new Using(namespaces, declarations, aliases);
  }

  private static final Using NO_USING = new Using(List.of(), Map.of(), Map.of());

  /**
   * A file's own using-directives, using-declarations and namespace aliases, kept by path (but an unsaved
   * document's): a unit's are its files', and every file of a Boost unit includes hundreds of headers.
   */
  private Using ownUsing(String path) {
    boolean unsaved = lookup.unsaved(path);
    Using own = unsaved ? null : fileUsings.get(path);
    if (own != null) {
      return own;
    }
    FileFacts f = lookup.facts(path);
    if (f == null) {
      return null;
    }
    List<String> namespaces = new ArrayList<>();
    Map<String, List<String>> declarations = new HashMap<>();
    Map<String, String> aliases = new HashMap<>();
    for (Import imp : f.imports()) {
      String m = norm(imp.module());
      if (imp.wildcard()) {
        namespaces.add(m);
      } else if (imp.alias() != null) {
        aliases.put(imp.alias(), m);
      } else if (imp.name() != null) {
        declarations.computeIfAbsent(imp.name(), k -> new ArrayList<>()).add(m);
      }
    }
    own = namespaces.isEmpty() && declarations.isEmpty() && aliases.isEmpty() ? NO_USING
        : new Using(namespaces, declarations, aliases);
    if (!unsaved) {
      fileUsings.put(path, own);
    }
    return own;
  }

  /** A function defined outside its class ({@code void C::m() {}}): a member function not in a class. */
  static boolean outOfLine(FileFacts f, Definition d) {
    if (d.kind() != SymbolKind.METHOD && d.kind() != SymbolKind.CONSTRUCTOR) {
      return false;
    }
    return d.container() < 0 || !isClass(f.definitions().get(d.container()).kind());
  }

  /** The class of an out-of-line member definition, from the qualifier before its name. */
  Optional<DefHit> owner(DefHit d) {
    Optional<DefHit> o = owners.get(d);
    if (o != null) {
      return o;
    }
    FileFacts f = lookup.facts(d.path());
    o = Optional.empty();
    if (f != null) {
      Span n = d.definition().nameSpan();
      List<String> chain = chainBefore(f, n.startLine(), n.startCol(), new ArrayList<>());
      if (!chain.isEmpty()) {
        Optional<Scope> s = scope(context(d.path(), f, d.definition().container()), chain);
        o = s.map(Scope::cls);
      }
    }
    owners.put(d, o);
    return o;
  }

  // ---------------------------------------------------------------------------- qualifiers

  /** The qualifiers of a use whose receiver is a name: the receiver last. */
  List<String> qualifierChain(FileFacts f, Reference ref) {
    List<String> chain = new ArrayList<>(List.of(Words.onColons(ref.receiver().replace(" ", ""))));
    chain.removeIf(String::isEmpty);
    Span s = ref.span();
    Integer recv = refEnds(f).get(key(s.startLine(), s.startCol() - 2));
    if (recv != null && chain.size() == 1 && f.references().get(recv).name().equals(chain.get(0))) {
      Span rs = f.references().get(recv).span();
      chain = chainBefore(f, rs.endLine(), rs.endCol() + 2, List.of());
    }
    return chain;
  }

  /** The names of the references chained by {@code ::} that end before column {@code col} - 2, appended to {@code tail}. */
  private List<String> chainBefore(FileFacts f, int line, int col, List<String> tail) {
    List<String> out = new ArrayList<>();
    Map<Long, Integer> ends = refEnds(f);
    for (Integer i = ends.get(key(line, col - 2)); i != null && out.size() < MAX_DEPTH; ) {
      Reference r = f.references().get(i);
      out.add(0, r.name());
      i = ends.get(key(r.span().startLine(), r.span().startCol() - 2));
    }
    out.addAll(tail);
    return out;
  }

  private Map<Long, Integer> refEnds(FileFacts f) {
    Map<Long, Integer> m = refEnds.get(f);
    if (m == null) {
      if (refEnds.size() > 64) {
        refEnds.clear();
      }
      m = new HashMap<>();
      List<Reference> refs = f.references();
      for (int i = 0; i < refs.size(); i++) {
        Span s = refs.get(i).span();
        if (refs.get(i).role() != RefRole.CALL && isIdentifier(refs.get(i).name())) {
          m.put(key(s.endLine(), s.endCol()), i);
        }
      }
      refEnds.put(f, m);
    }
    return m;
  }

  private static long key(int line, int col) {
    return ((long) line << 32) | (col & 0xffffffffL);
  }

  /** The namespace or class a qualifier chain names from a context: the longest suffix that names one. */
  Optional<Scope> scope(Ctx ctx, List<String> chain) {
    for (int from = 0; from < chain.size(); from++) {
      Optional<Scope> s = scopeExactly(ctx, chain.subList(from, chain.size()));
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  Optional<Scope> scopeExactly(Ctx ctx, List<String> chain) {
    List<String> names = new ArrayList<>(chain);
    String alias = ctx.aliases().get(names.get(0));
    if (alias != null) {
      names.remove(0);
      names.addAll(0, List.of(alias.split("\\.")));
    }
    Scope s = first(ctx, names.get(0));
    for (int i = 1; s != null && i < names.size(); i++) {
      s = inside(ctx.path(), s, names.get(i));
    }
    return Optional.ofNullable(s);
  }

  /** What the first name of a qualifier means: a nested class, a namespace, a class of a namespace. */
  private Scope first(Ctx ctx, String name) {
    for (DefHit cls : ctx.classes()) {
      for (DefHit m : members(cls, name)) {
        DefHit c = classOf(m, 0);
        if (c != null) {
          return new Scope(null, c);
        }
      }
    }
    List<String> where = new ArrayList<>(ctx.namespaces());
    where.addAll(ctx.usedNamespaces());
    for (String ns : where) {
      Scope s = inside(ctx.path(), new Scope(ns, null), name);
      if (s != null) {
        return s;
      }
    }
    for (String declared : ctx.usingDeclarations().getOrDefault(name, List.of())) {
      Scope s = inside(ctx.path(), new Scope(declared, null), name);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /** A namespace or class named {@code name} inside a scope, or null. */
  private Scope inside(String path, Scope s, String name) {
    if (s.cls() != null) {
      for (DefHit m : members(s.cls(), name)) {
        DefHit c = classOf(m, 0);
        if (c != null) {
          return new Scope(null, c);
        }
      }
      return null;
    }
    String qn = s.ns().isEmpty() ? name : s.ns() + "." + name;
    if (namespaceDeclared(qn, name)) {
      return new Scope(qn, null);
    }
    List<DefHit> found = inNamespace(path, s.ns(), name, true);
    found.sort((a, b) -> Boolean.compare(!isClass(a.definition().kind()), !isClass(b.definition().kind())));
    for (DefHit d : found) {
      DefHit c = classOf(d, 0);
      if (c != null) {
        return new Scope(null, c);
      }
    }
    return null;
  }

  /** A class or enum, or the class a type alias names; null for anything else. */
  private DefHit classOf(DefHit d, int depth) {
    SymbolKind k = d.definition().kind();
    if (isClass(k) || k == SymbolKind.ENUM) {
      return d; // an enum is a scope of its enumerators
    }
    if (k != SymbolKind.TYPE_ALIAS || depth > MAX_DEPTH || aliasDepth > MAX_DEPTH) {
      return null;
    }
    FileFacts f = lookup.facts(d.path());
    if (f == null) {
      return null;
    }
    if (FactsIndex.of(f).children(d.ordinal()).length > 0) {
      return d; // typedef struct { ... } T
    }
    aliasDepth++; // `typedef struct node node;` names itself through the lookup of its target
    try {
      return types.typeNamed(context(d.path(), f, d.definition().container()), d.definition().type(), depth + 1).cls();
    } finally {
      aliasDepth--;
    }
  }

  /** Whether a C or C++ file declares the namespace {@code qn} (dotted), whose last name is {@code name}. */
  private boolean namespaceDeclared(String qn, String name) {
    Boolean known = namespacesDeclared.get(qn);
    if (known == null) {
      known = false;
      for (DefHit d : lookup.definitionsNamed(name)) {
        if (d.definition().kind() == SymbolKind.NAMESPACE && norm(d.definition().qualifiedName()).equals(qn)
            && CppResolver.cppFamily(lookup, d.path())) {
          known = true;
          break;
        }
      }
      namespacesDeclared.put(qn, known);
    }
    return known;
  }

  /**
   * The namespace-level declarations named {@code name} in namespace {@code ns} (dotted, "" global) that the
   * unit of {@code path} sees; when it sees none and {@code anywhere}, those of the workspace's C and C++ files.
   */
  List<DefHit> inNamespace(String path, String ns, String name, boolean anywhere) {
    List<DefHit> out = new ArrayList<>(byNamespace(units.visible(path, name)).getOrDefault(ns, List.of()));
    if (out.isEmpty() && anywhere && !ns.isEmpty()) {
      out.addAll(inNamespaceAnywhere(ns, name));
    }
    return out;
  }

  /**
   * A unit's visible declarations of a name ({@link TranslationUnits#visible(String, String)}, whose list is
   * kept by the unit) by namespace, each namespace's in the list's order. A qualifier is looked up in each
   * enclosing and used namespace in turn: Boost's units see hundreds of declarations of {@code type}, and
   * testing each one's namespace for every namespace asked was most of its link pass.
   */
  private Map<String, List<DefHit>> byNamespace(List<DefHit> visible) {
    Map<String, List<DefHit>> known = visibleByNamespace.get(visible);
    if (known == null) {
      known = new HashMap<>();
      for (DefHit d : visible) {
        String ns = namespaceOf(d);
        if (ns != null) {
          known.computeIfAbsent(ns, k -> new ArrayList<>(2)).add(d);
        }
      }
      if (visibleByNamespace.size() >= 4_096) {
        visibleByNamespace.clear();
      }
      visibleByNamespace.put(visible, known);
    }
    return known;
  }

  /** The non-local declarations named {@code name} in namespace {@code ns} of the workspace's C and C++ files. */
  private List<DefHit> inNamespaceAnywhere(String ns, String name) {
    String key = ns + "::" + name;
    List<DefHit> found = anywhere.get(key);
    if (found == null) {
      List<DefHit> out = new ArrayList<>();
      for (DefHit d : lookup.definitionsNamed(name)) {
        if (!d.definition().kind().isLocal() && ns.equals(namespaceOf(d)) && CppResolver.cppFamily(lookup, d.path())) {
          out.add(d);
        }
      }
      found = List.copyOf(out);
      anywhere.put(key, found);
    }
    return found;
  }

  /** The dotted namespace of a namespace-level declaration (an unscoped enum's members too); null for others. */
  String namespaceOf(DefHit d) {
    Definition def = d.definition();
    if (def.kind() == SymbolKind.METHOD || def.kind() == SymbolKind.CONSTRUCTOR || def.kind() == SymbolKind.FIELD) {
      return null;
    }
    if (def.container() < 0) {
      return "";
    }
    if (def.kind() == SymbolKind.ENUM_MEMBER) {
      // an enumerator is in its enum's namespace
      List<Definition> defs = lookup.definitionsIn(d.path());
      Definition c = defs == null || def.container() >= defs.size() ? null : defs.get(def.container());
      if (c != null && c.kind() == SymbolKind.ENUM) {
        return namespaceOf(new DefHit(d.path(), def.container(), c));
      }
    }
    InFile key = new InFile(d.path(), def.container());
    Optional<String> ns = containerNamespaces.get(key);
    if (ns == null) {
      List<Definition> defs = lookup.definitionsIn(d.path());
      Definition c = defs == null || def.container() >= defs.size() ? null : defs.get(def.container());
      ns = c != null && c.kind() == SymbolKind.NAMESPACE ? Optional.of(norm(c.qualifiedName())) : Optional.empty();
      containerNamespaces.put(key, ns);
    }
    return ns.orElse(null);
  }

  // ------------------------------------------------------------------------------- classes

  /** The members named {@code name} of a class, else of its bases (the nearest that declare it). */
  List<DefHit> members(DefHit cls, String name) {
    return members(cls, name, 0);
  }

  private List<DefHit> members(DefHit cls, String name, int depth) {
    List<DefHit> out = new ArrayList<>();
    FileFacts f = lookup.facts(cls.path());
    if (f == null || depth > MAX_DEPTH) {
      return out;
    }
    if (cls.definition().name().equals(name)) {
      out.add(cls); // the injected class name (constructors are not found by name: see constructors)
      return out;
    }
    for (int i : FactsIndex.of(f).children(cls.ordinal())) {
      Definition d = f.definitions().get(i);
      if (d.name().equals(name) && !d.kind().isLocal() && d.kind() != SymbolKind.CONSTRUCTOR) {
        out.add(new DefHit(cls.path(), i, d));
      } else if (d.kind() == SymbolKind.ENUM && cls.definition().kind() != SymbolKind.ENUM) {
        for (int j : FactsIndex.of(f).children(i)) { // an enum's enumerators are members of its class
          if (f.definitions().get(j).name().equals(name)) {
            out.add(new DefHit(cls.path(), j, f.definitions().get(j)));
          }
        }
      }
    }
    if (out.isEmpty()) {
      for (DefHit base : bases(cls)) {
        for (DefHit m : members(base, name, depth + 1)) {
          if (!out.contains(m)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  /** Whether the file of one of these classes has regions the grammar could not parse (macros, mostly). */
  boolean hasErrors(List<DefHit> classes) {
    for (DefHit c : classes) {
      FileFacts f = lookup.facts(c.path());
      if (f != null && f.errorNodes() > 0) {
        return true;
      }
    }
    return false;
  }

  /** The classes, structs, unions and enums named {@code name} in namespace {@code ns} of the workspace's C and C++ files. */
  List<DefHit> classesAnywhere(String ns, String name) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit d : lookup.definitionsNamed(name)) {
      SymbolKind k = d.definition().kind();
      if ((isClass(k) || k == SymbolKind.ENUM) && ns.equals(namespaceOf(d)) && CppResolver.cppFamily(lookup, d.path())) {
        out.add(d);
      }
    }
    return out;
  }

  /** Whether every base of a class and of its bases was found in the workspace. */
  boolean basesResolved(DefHit cls) {
    bases(cls);
    return basesResolved.getOrDefault(cls, true);
  }

  private List<DefHit> bases(DefHit cls) {
    List<DefHit> b = bases.get(cls);
    if (b != null) {
      return b;
    }
    bases.put(cls, List.of()); // a cycle ends here
    FileFacts f = lookup.facts(cls.path());
    List<DefHit> out = new ArrayList<>();
    boolean resolved = true;
    if (f != null) {
      Ctx ctx = context(cls.path(), f, cls.definition().container());
      for (Reference r : FactsIndex.of(f).inherits()) {
        if (r.container() != cls.ordinal()) {
          continue;
        }
        List<String> chain = new ArrayList<>();
        if (r.receiver() != null) {
          chain = qualifierChain(f, r);
        }
        chain.add(r.name());
        Optional<Scope> s = scope(ctx, chain);
        if (s.isPresent() && s.get().cls() != null) {
          out.add(s.get().cls());
          resolved &= basesResolved(s.get().cls());
        } else {
          resolved = false;
        }
      }
    }
    bases.put(cls, out);
    basesResolved.put(cls, resolved);
    return out;
  }

  /** A class's own constructors. */
  List<DefHit> constructors(DefHit cls) {
    List<DefHit> out = new ArrayList<>();
    FileFacts f = lookup.facts(cls.path());
    if (f != null) {
      for (int i : FactsIndex.of(f).children(cls.ordinal())) {
        Definition d = f.definitions().get(i);
        if (d.kind() == SymbolKind.CONSTRUCTOR) {
          out.add(new DefHit(cls.path(), i, d));
        }
      }
    }
    return out;
  }

  // ----------------------------------------------------------------------------- helpers

  static boolean isClass(SymbolKind k) {
    return k == SymbolKind.CLASS || k == SymbolKind.STRUCT || k == SymbolKind.UNION;
  }

  /** {@code a::b} and {@code a.b} to the dotted form of qualified names. */
  static String norm(String qn) {
    return qn.replace("::", ".").replace(" ", "");
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  void clear() {
    contexts.clear();
    usings.clear();
    owners.clear();
    bases.clear();
    basesResolved.clear();
    refEnds.clear();
  }
}
