package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rust modules and {@code use} (issue 12), after {@link SelfMembers}. A file's module is its path under the
 * crate's {@code src/} ({@code src/a/b.rs} and {@code src/a/b/mod.rs}: {@code crate::a::b}; {@code lib.rs},
 * {@code main.rs}: the crate root; the crate is the folder holding {@code src/}), then the inline {@code mod}
 * items around a declaration. An item of a module is a declaration at its top level (methods, which have no
 * container, excepted).
 *
 * <p>A path {@code a::b::N} (a receiver written with {@code ::}, or a {@code use}) starts at {@code crate},
 * {@code self}, {@code super} (repeated), or a name in scope: a child module (a {@code mod} item of the
 * current module), a type of the module, or a name a {@code use} binds; each next segment is a child module
 * or a type; {@code N} is then an item of that module, or a member of that type (an enum variant, a trait
 * item, a method whose {@code self} has the type). A bare name is a function nested in an enclosing body,
 * else an item of the current module, else what a {@code use} in scope binds, else what a glob import
 * ({@code use m::*}) brings. The {@code use}s in scope are those of the module, and of an enclosing body.
 *
 * <p>An item a module does not declare may be re-exported: the module-level {@code use}s of its files bind
 * it ({@code pub use inner::Thing;}, followed a few deep; the module's own globs, not globs of globs).
 *
 * <p>Cannot tell ({@link Optional#empty()}): a file outside {@code src/} or in {@code src/bin/}, a path
 * through another crate or the standard library, a type re-exported on the way ({@code a::T::f}), an
 * associated function without {@code self} ({@code Cart::new()}), macros, a receiver that is a value.
 */
final class RustResolver implements LanguageResolver {
  private static final int MAX_DEPTH = 6;
  private static final Pattern PATH = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*(::[\\p{L}_][\\p{L}\\p{N}_]*)*");

  private final Lookup lookup;
  private final RustMethods methods;
  private final SelfMembers self;
  /** The definition around each import of the file last asked about (imports are few, definitions many). */
  private final java.util.IdentityHashMap<Import, Integer> importContainers = new java.util.IdentityHashMap<>();
  private final java.util.IdentityHashMap<Import, Optional<Target>> globTargets = new java.util.IdentityHashMap<>();
  /**
   * What modules re-export by name ({@link #reexported}), by module and name: workspace-wide, so kept across
   * files (bounded). At most four re-exports are followed through one another, as before.
   */
  private final CycleMemo<DefHit> reexports = new CycleMemo<>(3, 16_384);
  /** What modules' globs bring in, by module and name, when nothing re-exports the name by name. */
  private final java.util.Map<String, List<DefHit>> globReexports = dev.vcr.kernel.memo.Lru.of(16_384);

  RustResolver(Lookup lookup) {
    this.lookup = lookup;
    this.methods = new RustMethods(lookup);
    this.self = SelfMembers.forRust(lookup, methods);
  }

  /**
   * A module: its crate (the folder holding {@code src/}, interned: modules are compared constantly, and
   * two of one crate then share the string) and its path from the crate root.
   */
  record Mod(String crate, List<String> segs) {
    Mod child(String s) {
      List<String> l = new ArrayList<>(segs);
      l.add(s);
      return new Mod(crate, List.copyOf(l));
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Mod m && crate.equals(m.crate) && segs.equals(m.segs);
    }

    @Override
    public int hashCode() {
      return crate.hashCode() * 31 + segs.hashCode();
    }
  }

  /** Where a path leads: a module, or the types so named. */
  private record Target(Mod mod, List<DefHit> types) {}

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.MACRO || ref.role() == RefRole.SUPER_CALL) {
      return Optional.empty();
    }
    Mod here = moduleAt(path, f, ref.container());
    if (here == null) {
      return self.resolve(path, f, ref);
    }
    if (ref.role() == RefRole.IMPORT) {
      for (Import imp : f.imports()) {
        if (imp.span().contains(ref.span()) && ref.name().equals(imp.name())) {
          return found(resolveImport(path, f, imp, 0));
        }
      }
      return Optional.empty();
    }
    String r = ref.receiver() == null ? null : ref.receiver().replaceAll("\\s+", "");
    if (r != null && (r.equals("self") || r.equals("Self"))
        && (r.equals("Self") || Scopes.local(f, "self", ref.span()) >= 0)) {
      return self.resolve(path, f, ref); // self.x, Self::f: the enclosing type's members
    }
    if (inUse(f, ref)) {
      return Optional.empty();
    }
    if (r != null) {
      if (!PATH.matcher(r).matches() || Scopes.local(f, Words.onColons(r)[0], ref.span()) >= 0) {
        return Optional.empty();
      }
      Target t = resolvePath(path, f, List.of(Words.onColons(r)), here, ref.span(), 0);
      return t == null ? Optional.empty() : found(in(t, ref.name(), ref.role()));
    }
    return found(bare(path, f, ref.name(), ref.role(), here, ref, 0));
  }

  private static Optional<List<DefHit>> found(List<DefHit> hits) {
    return hits == null || hits.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(new LinkedHashSet<>(hits)));
  }

  /** The module of a file, or null when it is not under a crate's {@code src/} (or is a binary's root). */
  static Mod fileModule(String path) {
    Optional<Mod> m = MODULES.get(path);
    if (m == null) {
      m = parseModule(path);
      MODULES.put(path, m);
    }
    return m.orElse(null);
  }

  /** The last file's module: most questions are about the file being resolved (its imports in scope). */
  private String lastPath;
  private Mod lastModule;

  private Mod ownModule(String path) {
    if (path != lastPath) {
      lastModule = fileModule(path);
      lastPath = path;
    }
    return lastModule;
  }

  /** Modules by path: a function of the path alone, so shared by every thread, and bounded. */
  private static final dev.vcr.kernel.memo.ClearingMemo<String, Optional<Mod>> MODULES =
      new dev.vcr.kernel.memo.ClearingMemo<>(65_536, (k, v) -> 1);

  private static Optional<Mod> parseModule(String path) {
    String[] parts = path.replace('\\', '/').split("/");
    int src = -1;
    for (int i = parts.length - 2; i >= 0; i--) {
      if (parts[i].equals("src")) {
        src = i;
        break;
      }
    }
    String file = parts[parts.length - 1];
    if (src < 0 || !file.endsWith(".rs") || src + 1 < parts.length - 1 && parts[src + 1].equals("bin")) {
      return Optional.empty();
    }
    String crate = String.join("/", List.of(parts).subList(0, src)).intern();
    List<String> segs = new ArrayList<>(List.of(parts).subList(src + 1, parts.length - 1));
    String stem = file.substring(0, file.length() - 3);
    boolean root = segs.isEmpty() && (stem.equals("lib") || stem.equals("main"));
    if (!root && !stem.equals("mod")) {
      segs.add(stem);
    }
    return Optional.of(new Mod(crate, List.copyOf(segs)));
  }

  /** The module that definition {@code container}'s body (or the file's top level, for -1) is in. */
  private Mod moduleAt(String path, FileFacts f, int container) {
    return moduleAt(path, f.definitions(), container);
  }

  private Mod moduleAt(String path, List<Definition> defs, int container) {
    Mod m = ownModule(path);
    if (m == null) {
      return null;
    }
    boolean nested = false;
    for (int c = container; c >= 0 && !nested; c = defs.get(c).container()) {
      nested = defs.get(c).kind() == SymbolKind.MODULE;
    }
    if (!nested) {
      return m; // the file's own module (most uses)
    }
    List<String> inline = new ArrayList<>();
    for (int c = container; c >= 0; c = defs.get(c).container()) {
      if (defs.get(c).kind() == SymbolKind.MODULE) {
        inline.add(0, defs.get(c).name());
      }
    }
    for (String s : inline) {
      m = m.child(s);
    }
    return m;
  }

  /** Whether a definition is an item of its module (not a member, method, local or nested function). */
  private static boolean isItem(List<Definition> defs, Definition d) {
    return !d.kind().isLocal() && d.kind() != SymbolKind.METHOD
        && (d.container() < 0 || defs.get(d.container()).kind() == SymbolKind.MODULE);
  }

  /**
   * The Rust items of each name in the workspace, with their modules: workspace-wide, so kept across files
   * (bounded). A name such as {@code new} or {@code fmt} has thousands of declarations in rustc's tree, and
   * finding a module's items by reading each one's file at every use kept its link pass busy for minutes.
   */
  private final java.util.Map<String, java.util.Map<Mod, List<DefHit>>> itemsNamed = dev.vcr.kernel.memo.Lru.of(16_384);

  /** The items named {@code name} of a module that fit a role (types in type positions). */
  private List<DefHit> items(Mod m, String name, RefRole role) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : itemsNamed(name).getOrDefault(m, List.of())) {
      if (fits(role, h.definition().kind())) {
        out.add(h);
      }
    }
    return out;
  }

  /** The Rust items named {@code name} by module (each module's in the order the workspace lists them). */
  private java.util.Map<Mod, List<DefHit>> itemsNamed(String name) {
    java.util.Map<Mod, List<DefHit>> known = itemsNamed.get(name);
    if (known != null) {
      return known;
    }
    known = new java.util.HashMap<>();
    for (DefHit h : lookup.definitionsNamed(name)) {
      if (lookup.language(h.path()) != Language.RUST) {
        continue;
      }
      List<Definition> defs = lookup.definitionsIn(h.path());
      Definition d = h.definition();
      if (defs == null || !isItem(defs, d)) {
        continue;
      }
      Mod m = moduleAt(h.path(), defs, d.container());
      if (m != null) {
        known.computeIfAbsent(m, k -> new ArrayList<>()).add(h);
      }
    }
    itemsNamed.put(name, known);
    return known;
  }

  /** Whether a declaration of this kind can be what a use of this role names. */
  private static boolean fits(RefRole role, SymbolKind k) {
    if (role == RefRole.TYPE) {
      return k.isType() || k == SymbolKind.MODULE;
    }
    return !((role == RefRole.CALL || role == RefRole.NEW) && k == SymbolKind.MODULE);
  }

  /** What a name in an item position leads to from module {@code m}: a child module, the types so named. */
  private Target step(Mod m, String s) {
    List<DefHit> types = new ArrayList<>();
    boolean module = false;
    for (DefHit h : items(m, s, RefRole.TYPE)) {
      if (h.definition().kind() == SymbolKind.MODULE) {
        module = true;
      } else {
        types.add(h);
      }
    }
    return module ? new Target(m.child(s), null) : types.isEmpty() ? null : new Target(null, types);
  }

  /** Where a path leads from a use in module {@code here} at {@code at}; null when it cannot be told. */
  private Target resolvePath(String path, FileFacts f, List<String> segs, Mod here,
      dev.vcr.kernel.model.Span at, int depth) {
    if (segs.isEmpty() || depth > MAX_DEPTH) {
      return null;
    }
    Target t;
    int i = 0;
    String first = segs.get(0);
    if (first.equals("crate")) {
      t = new Target(new Mod(here.crate(), List.of()), null);
      i = 1;
    } else if (first.equals("self") || first.equals("super")) {
      Mod m = here;
      if (first.equals("self")) {
        i = 1;
      }
      while (i < segs.size() && segs.get(i).equals("super") || i == 0) {
        if (m.segs().isEmpty()) {
          return null;
        }
        m = new Mod(m.crate(), m.segs().subList(0, m.segs().size() - 1));
        i++;
      }
      t = new Target(m, null);
    } else {
      t = step(here, first);
      if (t == null) {
        List<DefHit> bound = bound(path, f, first, RefRole.TYPE, here, at, depth);
        t = bound == null ? null : targetOf(path, bound);
      }
      i = 1;
    }
    for (; t != null && i < segs.size(); i++) {
      t = t.mod() == null ? null : step(t.mod(), segs.get(i));
    }
    return t;
  }

  /** A module definition as the module it declares, or types as themselves; null for anything else. */
  private Target targetOf(String path, List<DefHit> hits) {
    List<DefHit> types = new ArrayList<>();
    for (DefHit h : hits) {
      if (h.definition().kind() == SymbolKind.MODULE) {
        FileFacts hf = lookup.facts(h.path());
        Mod m = hf == null ? null : moduleAt(h.path(), hf, h.definition().container());
        return m == null ? null : new Target(m.child(h.definition().name()), null);
      }
      if (!h.definition().kind().isType()) {
        return null;
      }
      types.add(h);
    }
    return types.isEmpty() ? null : new Target(null, types);
  }

  /**
   * The declarations named {@code name} in a target: items of a module, members of types (declared in them,
   * else methods whose {@code self} has the type).
   */
  private List<DefHit> in(Target t, String name, RefRole role) {
    if (t.mod() != null) {
      List<DefHit> own = items(t.mod(), name, role);
      return own.isEmpty() ? reexported(t.mod(), name, role) : own;
    }
    List<DefHit> out = new ArrayList<>();
    for (DefHit type : t.types()) {
      FileFacts tf = lookup.facts(type.path());
      if (tf == null) {
        continue;
      }
      for (int i : FactsIndex.of(tf).named(name)) {
        if (tf.definitions().get(i).container() == type.ordinal()) {
          out.add(new DefHit(type.path(), i, tf.definitions().get(i)));
        }
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    for (RustMethods.Method m : methods.named(name)) {
      if (m.hit().definition().container() >= 0 || m.selfParamType() == null) {
        continue;
      }
      String selfType = baseName(m.selfParamType());
      for (DefHit type : t.types()) {
        if (type.definition().name().equals(selfType) && sameCrate(type.path(), m.hit().path())) {
          out.add(m.hit());
        }
      }
    }
    return out;
  }

  /**
   * What the module-level {@code use}s of a module bind {@code name} to ({@code pub use inner::Thing;}, and
   * globs), read from the module's files (its own path's, and its parents' for an inline module). Globs are
   * read only for the module asked about, not for the modules a re-export leads through (a chain of globs
   * through globs is left undecided), so what is kept by module and name is a function of them alone: the
   * named re-exports, through {@link CycleMemo} (an answer cut by a cycle or by depth is not kept), and the
   * globs' separately. Keeping whatever a nested lookup found made the links depend on which file a link
   * pass's thread had resolved first (rustc's library/ tree: a different index hash in each 2-thread run).
   */
  private List<DefHit> reexported(Mod m, String name, RefRole role) {
    String key = m + "\0" + name;
    reexporting++;
    try {
      List<DefHit> known = reexports.get(key, () -> List.copyOf(namedReexports(m, name)));
      if (known.isEmpty() && reexporting == 1) {
        known = globReexports.get(key);
        if (known == null) {
          known = List.copyOf(globbedReexports(m, name));
          globReexports.put(key, known);
        }
      }
      List<DefHit> out = new ArrayList<>();
      for (DefHit h : known) {
        if (fits(role, h.definition().kind())) {
          out.add(h);
        }
      }
      return out;
    } finally {
      reexporting--;
    }
  }

  /** {@link #reexported} calls on the stack: only the outermost reads globs. */
  private int reexporting;

  private List<DefHit> namedReexports(Mod m, String name) {
    List<DefHit> out = new ArrayList<>();
    moduleImports(m, imp -> !imp.wildcard() && name.equals(imp.alias() != null ? imp.alias() : imp.name()),
        (file, mf, imp) -> {
          List<DefHit> hits = resolveImport(file, mf, imp, 1);
          out.addAll(hits == null ? List.of() : hits);
        });
    return out;
  }

  private List<DefHit> globbedReexports(Mod m, String name) {
    List<DefHit> out = new ArrayList<>();
    moduleImports(m, Import::wildcard, (file, mf, imp) -> {
      Target t = resolvePath(file, mf, List.of(Words.onColons(imp.module())), m, imp.span(), 1);
      out.addAll(t == null ? List.of() : in(t, name, RefRole.READ));
    });
    return out;
  }

  private interface ImportVisitor {
    void visit(String file, FileFacts facts, Import imp);
  }

  /** Visits the module-level imports of a module that {@code wanted} accepts, in its files' order. */
  private void moduleImports(Mod m, java.util.function.Predicate<Import> wanted, ImportVisitor visitor) {
    for (String file : moduleFiles(m)) {
      FileFacts mf = lookup.facts(file);
      if (mf == null || mf.language() != Language.RUST) {
        continue;
      }
      for (Import imp : mf.imports()) {
        if (wanted.test(imp) && moduleLevel(file, mf, imp, m)) {
          visitor.visit(file, mf, imp);
        }
      }
    }
  }


  /** The files that can hold a module's items: its own ({@code a/b.rs}, {@code a/b/mod.rs}), its parents'. */
  private static List<String> moduleFiles(Mod m) {
    List<String> out = new ArrayList<>();
    String base = (m.crate().isEmpty() ? "" : m.crate() + "/") + "src/";
    for (int n = m.segs().size(); n >= 0; n--) {
      if (n == 0) {
        out.add(base + "lib.rs");
        out.add(base + "main.rs");
      } else {
        String s = String.join("/", m.segs().subList(0, n));
        out.add(base + s + ".rs");
        out.add(base + s + "/mod.rs");
      }
    }
    return out;
  }

  /** Whether an import is written at the top level of module {@code m} (not in a body). */
  private boolean moduleLevel(String path, FileFacts f, Import imp, Mod m) {
    int c = importContainer(f, imp);
    for (int d = c; d >= 0 && f.definitions().get(d).kind() != SymbolKind.MODULE; d = f.definitions().get(d).container()) {
      if (f.definitions().get(d).kind().isCallable()) {
        return false;
      }
    }
    return m.equals(moduleAt(path, f, c));
  }

  private static boolean sameCrate(String a, String b) {
    Mod ma = fileModule(a);
    Mod mb = fileModule(b);
    return ma != null && mb != null && ma.crate().equals(mb.crate());
  }

  /** The base name of a {@code self} parameter's type ({@code &mut a::Cart<T>}: Cart). */
  private static String baseName(String selfParamType) {
    String s = selfParamType.strip();
    int lt = s.indexOf('<');
    s = lt >= 0 ? s.substring(0, lt) : s;
    return s.substring(s.lastIndexOf(':') + 1).replace("&", "").replace("mut ", "").strip();
  }

  /**
   * What a bare name names: a function nested in an enclosing body, an item of the module, what a
   * {@code use} in scope binds, what a glob import brings; null when none of them tells.
   */
  private List<DefHit> bare(String path, FileFacts f, String name, RefRole role, Mod here, Reference ref,
      int depth) {
    List<Definition> defs = f.definitions();
    int best = -1;
    for (int i : FactsIndex.of(f).named(name)) {
      Definition d = defs.get(i);
      if (d.kind() == SymbolKind.FUNCTION && d.container() >= 0 && defs.get(d.container()).kind().isCallable()
          && defs.get(d.container()).span().contains(ref.span())
          && (best < 0 || defs.get(defs.get(best).container()).span().contains(defs.get(d.container()).span()))) {
        best = i;
      }
    }
    if (best >= 0) {
      return List.of(new DefHit(path, best, defs.get(best)));
    }
    List<DefHit> local = bound(path, f, name, role, here, ref.span(), depth, true);
    if (local != null) {
      return local; // a `use` in an enclosing body
    }
    List<DefHit> own = items(here, name, role);
    if (!own.isEmpty()) {
      return own;
    }
    return bound(path, f, name, role, here, ref.span(), depth);
  }

  /** What the {@code use}s in scope at {@code at} bind {@code name} to, explicit ones before globs; or null. */
  private List<DefHit> bound(String path, FileFacts f, String name, RefRole role, Mod here,
      dev.vcr.kernel.model.Span at, int depth) {
    return bound(path, f, name, role, here, at, depth, false);
  }

  private List<DefHit> bound(String path, FileFacts f, String name, RefRole role, Mod here,
      dev.vcr.kernel.model.Span at, int depth, boolean bodyOnly) {
    List<Import> globs = new ArrayList<>();
    for (Import imp : f.imports()) {
      if (!inScope(path, f, imp, here, at, bodyOnly)) {
        continue;
      }
      if (imp.wildcard()) {
        globs.add(imp);
      } else if (name.equals(imp.alias() != null ? imp.alias() : imp.name())) {
        return resolveImport(path, f, imp, depth + 1);
      }
    }
    List<DefHit> out = new ArrayList<>();
    for (Import g : globs) {
      importContainer(f, g);
      Optional<Target> known = globTargets.get(g);
      if (known == null) {
        known = Optional.ofNullable(resolvePath(path, f, List.of(Words.onColons(g.module())), here, g.span(), depth + 1));
        globTargets.put(g, known);
      }
      Target t = known.orElse(null);
      if (t == null) {
        return null; // a glob of another crate may bring the name
      }
      out.addAll(in(t, name, role));
    }
    return out.isEmpty() ? null : out;
  }

  /** What a {@code use} item names ({@code use a::b::N}: the N of a::b); null when it cannot be told. */
  private List<DefHit> resolveImport(String path, FileFacts f, Import imp, int depth) {
    Mod here = moduleAt(path, f, importContainer(f, imp));
    if (here == null || imp.name() == null || depth > MAX_DEPTH) {
      return null;
    }
    if (imp.module().isEmpty()) {
      Target t = step(here, imp.name()); // `use a;` of a child module: the module
      return t == null ? null : t.mod() != null ? items(here, imp.name(), RefRole.READ) : t.types();
    }
    Target t = resolvePath(path, f, List.of(Words.onColons(imp.module())), here, imp.span(), depth);
    List<DefHit> hits = t == null ? null : in(t, imp.name(), RefRole.READ);
    return hits == null || hits.isEmpty() ? null : hits;
  }

  /** Whether an import is written in the module of the use, outside any body or in one enclosing it. */
  private boolean inScope(String path, FileFacts f, Import imp, Mod here, dev.vcr.kernel.model.Span at,
      boolean bodyOnly) {
    int c = importContainer(f, imp);
    if (!here.equals(moduleAt(path, f, c))) {
      return false;
    }
    for (; c >= 0; c = f.definitions().get(c).container()) {
      Definition d = f.definitions().get(c);
      if (d.kind() == SymbolKind.MODULE) {
        return !bodyOnly;
      }
      if (d.kind().isCallable()) {
        return d.span().contains(at);
      }
    }
    return !bodyOnly;
  }

  private int importContainer(FileFacts f, Import imp) {
    if (importContainers.size() > 100_000) {
      importContainers.clear();
      globTargets.clear();
    }
    Integer c = importContainers.get(imp);
    if (c == null) {
      c = containerOf(f, imp.span());
      importContainers.put(imp, c);
    }
    return c;
  }

  @Override
  public void endOfFile() {
    importContainers.clear();
    globTargets.clear();
  }

  /** The innermost non-local definition whose span contains a span, or -1. */
  private static int containerOf(FileFacts f, dev.vcr.kernel.model.Span s) {
    int best = -1;
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (!d.kind().isLocal() && d.span().contains(s) && (best < 0 || defs.get(best).span().contains(d.span()))) {
        best = i;
      }
    }
    return best;
  }

  /** Names inside a {@code use} declaration other than its items: not decided here. */
  private static boolean inUse(FileFacts f, Reference ref) {
    for (Import imp : f.imports()) {
      if (imp.span().startLine() <= ref.span().startLine() && ref.span().startLine() <= imp.span().endLine()) {
        return true;
      }
    }
    return false;
  }
}
