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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Python name resolution from syntax alone, over the index.
 *
 * <p>Unqualified names: parameters and locals are bound by the caller; then the enclosing function scopes
 * (nested {@code def}/{@code class}), the class body when the use is directly in it, the module's
 * top-level names (definitions, module-level assignments in blocks, names bound by imports, {@code from m
 * import *} of workspace modules), then builtins ("not in the workspace"). Attribute accesses {@code a.b.c}
 * are followed segment by segment through modules, classes (members, then bases depth-first), the first
 * parameter of methods ({@code self}/{@code cls}), {@code super()} and declared type annotations.
 * Calling a class names the class and its own {@code __init__} (not one inherited from a base).
 *
 * <p>Modules map to files by path, not by qualified name (Python definitions carry none): {@code a.b} is
 * {@code a/b.py}, {@code a/b/__init__.py} (or {@code .pyi}) under the workspace root, {@code src/}, or any
 * folder above the importing file that is not a package (no {@code __init__.py}), shallowest first; relative imports go up from the importing file's
 * folder. A module found nowhere is outside the workspace, and so is everything reached through it.
 *
 * <p>Answers {@link Optional#empty()} where the syntax cannot decide: a receiver whose value is not a
 * module, a class or an annotated name (a call result, an unannotated variable), a base class that does
 * not resolve, an unbound name. Not thread-safe (caches); one instance per request.
 */
public final class PythonResolver implements LanguageResolver {
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final Set<String> BUILTINS = Set.of((
      "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError "
      + "BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError "
      + "ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning "
      + "EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError "
      + "FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError "
      + "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError "
      + "ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError "
      + "OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError "
      + "ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration "
      + "SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError "
      + "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError "
      + "UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin "
      + "bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr "
      + "dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash "
      + "help hex id input int isinstance issubclass iter len license list locals map max memoryview min "
      + "next object oct open ord pow print property quit range repr reversed round set setattr slice "
      + "sorted staticmethod str sum super tuple type vars zip __name__ __file__ __doc__ __spec__ __loader__ "
      + "__package__ __builtins__ __path__ __debug__ __import__ __build_class__ __annotations__ "
      + "__dict__ __class__ __qualname__ __module__").split(" "));

  private final Lookup lookup;
  private final Map<String, String> moduleFiles = new HashMap<>();
  /**
   * The function each import of a file is made in, by path, with the facts it was worked out from: a
   * function of the facts, so kept across files (bounded); modules imported by many files are asked again
   * and again, and the search is one pass over the file's functions per import.
   */
  private final Map<String, Owners> importOwners = dev.vcr.kernel.memo.Lru.of(4_096);
  private static final int MAX_DEPTH = 40;
  private final CycleMemo<Val> topLevelCache = new CycleMemo<>(MAX_DEPTH);
  private final Set<DefHit> activeInit = new HashSet<>();
  /** Declarations whose written type is being worked out ({@link #declaredValue}). */
  private final Set<DefHit> activeTypes = new HashSet<>();
  private int classDepth;

  /**
   * Module bindings are worked out lazily and kept for one file (a bound on what is kept); only answers that
   * no import cycle cut are kept ({@link CycleMemo}), so a file links the same whatever was resolved before.
   */
  @Override
  public void endOfFile() {
    topLevelCache.clear();
  }

  public PythonResolver(Lookup lookup) {
    this.lookup = lookup;
  }

  // ------------------------------------------------------------------------------------------ values

  /** What a name or expression stands for. */
  sealed interface Val permits Def, Inst, Mod, Ext {}

  /** A workspace definition (a class stands for itself, the class object). */
  record Def(DefHit hit) implements Val {}

  /**
   * An instance of a workspace class ({@code self}, {@code Foo()}, a name annotated {@code Foo}): its
   * attributes are the instance attributes assigned in the methods of the class and its bases, then the
   * class's members (a property, a data descriptor, wins over an instance attribute).
   */
  record Inst(DefHit cls) implements Val {}

  /** A workspace module or package, as a path without extension ({@code pkg/sub}). */
  record Mod(String stem) implements Val {}

  /** Something outside the workspace (a library module, a builtin, their attributes). */
  enum Ext implements Val { VALUE }

  /** Where a name is looked up: a file, the enclosing definition, the position. */
  record Ctx(String path, FileFacts facts, int container, Span at) {}

  // ------------------------------------------------------------------------------------------ entry

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    int container = ref.container();
    if ((ref.role() == RefRole.INHERIT || ref.role() == RefRole.ANNOTATION) && container >= 0) {
      // Base classes and decorators are evaluated in the scope around the class or function.
      container = f.definitions().get(container).container();
    }
    Ctx ctx = new Ctx(path, f, container, ref.span());
    Import inImport = importAt(f, ref.span());
    if (inImport != null) {
      return Optional.of(importRef(ctx, inImport, ref));
    }
    List<Val> vals;
    if (ref.role() == RefRole.SUPER_CALL || (ref.receiver() != null && ref.receiver().startsWith("super("))) {
      vals = superMember(ctx, ref.name());
    } else if (ref.receiver() == null) {
      vals = name(ctx, ref.name());
    } else {
      List<Val> recv = receiver(ctx, ref.receiver());
      vals = recv == null ? null : attribute(recv, ref.name(), true);
    }
    if (vals == null) {
      return Optional.empty();
    }
    boolean instantiates = ref.role() == RefRole.NEW || ref.role() == RefRole.CALL;
    LinkedHashSet<DefHit> out = new LinkedHashSet<>();
    for (Val v : vals) {
      if (v instanceof Def d) {
        if (instantiates && d.hit().definition().kind() == SymbolKind.CLASS) {
          // Foo(...) calls Foo's own __init__; one inherited from a base is not named by the call (as jedi
          // and pyright count references and callers: the site names the class, whose own initializer runs).
          for (Val c : ownMembers(d.hit(), "__init__")) {
            if (c instanceof Def cd && cd.hit().definition().kind() == SymbolKind.CONSTRUCTOR) {
              out.add(cd.hit());
            }
          }
        }
        out.add(d.hit());
      }
    }
    return Optional.of(new ArrayList<>(out));
  }

  /** A reference inside an import statement: the imported name, or a module segment (no definition). */
  private List<DefHit> importRef(Ctx ctx, Import imp, Reference ref) {
    if (imp.name() == null || imp.wildcard() || !ref.name().equals(lastSegment(imp.name()))) {
      return List.of();
    }
    List<Val> vals = fromImport(ctx.path(), imp);
    List<DefHit> out = new ArrayList<>();
    for (Val v : vals) {
      if (v instanceof Def d) {
        out.add(d.hit());
      }
    }
    return out;
  }

  private static Import importAt(FileFacts f, Span at) {
    for (Import imp : f.imports()) {
      if (imp.span().contains(at)) {
        return imp;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------ names

  /** An unqualified name at a position; null when it cannot be decided. */
  private List<Val> name(Ctx ctx, String name) {
    List<Definition> defs = ctx.facts().definitions();
    int later = localDeclaredLater(ctx.facts(), name, ctx.at());
    if (later >= 0) {
      return List.of(new Def(new DefHit(ctx.path(), later, defs.get(later))));
    }
    boolean crossedFunction = false;
    for (int c = ctx.container(); c >= 0; c = defs.get(c).container()) {
      SymbolKind k = defs.get(c).kind();
      if (isFunction(k)) {
        List<Val> nested = nestedNamed(ctx, c, name);
        if (!nested.isEmpty()) {
          return nested;
        }
        crossedFunction = true;
      } else if (k == SymbolKind.CLASS && !crossedFunction) {
        List<Val> members = nestedNamed(ctx, c, name);
        if (!members.isEmpty()) {
          return members;
        }
      }
    }
    List<Val> top = topLevel(ctx.path(), name);
    if (!top.isEmpty()) {
      return top;
    }
    if (BUILTINS.contains(name)) {
      return List.of(Ext.VALUE);
    }
    return null;
  }

  /**
   * A local assigned anywhere in a scope is local to all of it in Python: a comprehension variable used
   * before its {@code for}, a name assigned later in a loop. The innermost such local whose scope (not the
   * whole file) contains the position; -1 when none. (Locals declared before are bound by the caller.)
   */
  private static int localDeclaredLater(FileFacts f, String name, Span at) {
    int best = -1;
    Span bestScope = null;
    List<Definition> defs = f.definitions();
    for (int i : FactsIndex.of(f).named(name)) {
      Definition d = defs.get(i);
      if ((d.kind() == SymbolKind.LOCAL || d.kind() == SymbolKind.PARAMETER) && d.scope() != null
          && d.scope().contains(at) && !moduleLocal(d)
          && (bestScope == null || bestScope.contains(d.scope()))) {
        best = i;
        bestScope = d.scope();
      }
    }
    return best;
  }

  /** Non-local definitions directly inside definition {@code c}, plus imports made inside it when a function. */
  private List<Val> nestedNamed(Ctx ctx, int c, String name) {
    List<Val> out = new ArrayList<>();
    List<Definition> defs = ctx.facts().definitions();
    for (int i : FactsIndex.of(ctx.facts()).named(name)) {
      Definition d = defs.get(i);
      if (i > c && d.container() == c && !d.kind().isLocal() && !isInstanceAttribute(defs, i)) {
        out.add(new Def(new DefHit(ctx.path(), i, d)));
      }
    }
    if (isFunction(defs.get(c).kind())) {
      int[] owners = importOwners(ctx.path(), ctx.facts());
      List<Import> imps = ctx.facts().imports();
      for (int i = 0; i < imps.size(); i++) {
        if (owners[i] == c && name.equals(bindingName(imps.get(i)))) {
          out.addAll(importBinding(ctx.path(), imps.get(i)));
        }
      }
    }
    return out;
  }

  /**
   * The module-level names {@code name} of a file: definitions, assignments in module-level blocks, what
   * module-level imports bind, and the public names of workspace modules star-imported. Empty when none;
   * {@link Ext} when the name may come from a library's star import.
   */
  private List<Val> topLevel(String path, String name) {
    return topLevelCache.get(path + '\0' + name, () -> {
      FileFacts f = lookup.facts(path);
      return f == null ? List.of() : topLevelUncached(path, f, name);
    });
  }

  private List<Val> topLevelUncached(String path, FileFacts f, String name) {
    List<Val> out = new ArrayList<>();
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.container() < 0 && d.name().equals(name) && (!d.kind().isLocal() || moduleLocal(d))) {
        out.add(new Def(new DefHit(path, i, d)));
      }
    }
    int[] owners = importOwners(path, f);
    List<Import> imps = f.imports();
    boolean externalStar = false;
    for (int i = 0; i < imps.size(); i++) {
      Import imp = imps.get(i);
      if (owners[i] >= 0) {
        continue;
      }
      if (imp.wildcard()) {
        if (name.startsWith("_")) {
          continue;
        }
        Val m = module(path, imp.module());
        String file = m instanceof Mod mod ? moduleFile(mod.stem()) : null;
        if (file == null) {
          externalStar = true;
        } else {
          out.addAll(topLevel(file, name));
        }
      } else if (name.equals(bindingName(imp))) {
        out.addAll(importBinding(path, imp));
      }
    }
    if (out.isEmpty() && externalStar) {
      out.add(Ext.VALUE);
    }
    return dedupe(out);
  }

  /** An assignment at module level inside a block ({@code if}, {@code try}, {@code for}): visible file-wide. */
  private static boolean moduleLocal(Definition d) {
    return d.kind() == SymbolKind.LOCAL && d.scope() != null && d.scope().startLine() == 0 && d.scope().startCol() == 0;
  }

  /** For each import of a file, the innermost function that contains it, or -1 at module or class level. */
  private int[] importOwners(String path, FileFacts f) {
    Owners known = importOwners.get(path);
    if (known != null && known.facts().get() == f) {
      return known.owners();
    }
    List<Import> imps = f.imports();
    int[] owners = new int[imps.size()];
    List<Definition> defs = f.definitions();
    int[] functions = java.util.stream.IntStream.range(0, imps.isEmpty() ? 0 : defs.size())
        .filter(j -> isFunction(defs.get(j).kind())).toArray();
    for (int i = 0; i < imps.size(); i++) {
      owners[i] = -1;
      Span best = null;
      for (int j : functions) {
        Definition d = defs.get(j);
        if (d.span().contains(imps.get(i).span()) && (best == null || best.contains(d.span()))) {
          owners[i] = j;
          best = d.span();
        }
      }
    }
    importOwners.put(path, new Owners(new java.lang.ref.WeakReference<>(f), owners));
    return owners;
  }

  /**
   * A file's import owners ({@link #importOwners}) and the facts they were worked out from, held weakly:
   * the memo must not keep thousands of files' facts alive.
   */
  private record Owners(java.lang.ref.WeakReference<FileFacts> facts, int[] owners) {}

  // ------------------------------------------------------------------------------------------ imports

  /** The local name an import binds: {@code import a.b} binds {@code a}; null for a star import. */
  private static String bindingName(Import imp) {
    if (imp.wildcard()) {
      return null;
    }
    if (imp.alias() != null) {
      return imp.alias();
    }
    if (imp.name() != null) {
      return lastSegment(imp.name());
    }
    int dot = imp.module().indexOf('.');
    return dot < 0 ? imp.module() : imp.module().substring(0, dot);
  }

  /** What the name bound by a (non-star) import stands for. */
  private List<Val> importBinding(String path, Import imp) {
    if (imp.name() != null) {
      return fromImport(path, imp);
    }
    if (imp.alias() != null) {
      return List.of(module(path, imp.module()));
    }
    // `import a.b.c` binds `a`: the top package, found where the whole dotted path is.
    String module = imp.module();
    int dot = module.indexOf('.');
    if (dot < 0) {
      return List.of(module(path, module));
    }
    String base = locateBase(path, module);
    return List.of(base == null ? Ext.VALUE : new Mod(base + module.substring(0, dot)));
  }

  /** {@code from m import x}: x in module m, or its submodule x. */
  private List<Val> fromImport(String path, Import imp) {
    String name = imp.name();
    Val m = module(path, imp.module());
    if (m instanceof Ext && !imp.module().startsWith(".")) {
      // m may be a namespace package (no __init__.py) whose submodule is imported.
      String base = locateBase(path, imp.module() + "." + name);
      if (base != null) {
        return List.of(new Mod(base + (imp.module() + "." + name).replace('.', '/')));
      }
    }
    // `name` may itself be dotted in odd code (`from a import b.c` is invalid); use its last segment.
    List<Val> r = moduleAttribute(m, lastSegment(name));
    return r == null ? List.of() : r;
  }

  /** The module a dotted (possibly relative) module name denotes from a file. */
  private Val module(String fromPath, String module) {
    if (module.startsWith(".")) {
      int level = 0;
      while (level < module.length() && module.charAt(level) == '.') {
        level++;
      }
      String dir = parent(fromPath);
      for (int i = 1; i < level && dir != null; i++) {
        dir = parent(dir);
      }
      if (dir == null) {
        return Ext.VALUE;
      }
      String rest = module.substring(level).replace('.', '/');
      String stem = rest.isEmpty() ? dir : (dir.isEmpty() ? rest : dir + "/" + rest);
      return stem.isEmpty() ? Ext.VALUE : new Mod(stem);
    }
    String base = locateBase(fromPath, module);
    return base == null ? Ext.VALUE : new Mod(base + module.replace('.', '/'));
  }

  /**
   * The folder (empty or ending in '/') under which a dotted module is a workspace file: the root,
   * {@code src/}, then every folder above the importing file that is not itself a package, shallowest
   * first. Null when none.
   */
  private String locateBase(String fromPath, String dotted) {
    String rel = dotted.replace('.', '/');
    List<String> bases = new ArrayList<>();
    bases.add("");
    bases.add("src/");
    String dir = parent(fromPath);
    List<String> ancestors = new ArrayList<>();
    while (dir != null && !dir.isEmpty()) {
      // A package folder (with __init__.py) is not an import root: `import x` there is not `./x.py`.
      if (moduleFile(dir + "/__init__") == null) {
        ancestors.add(0, dir + "/");
      }
      dir = parent(dir);
    }
    bases.addAll(ancestors);
    for (String base : bases) {
      if (moduleFile(base + rel) != null) {
        return base;
      }
    }
    return null;
  }

  /** The file of a module stem ({@code a/b.py}, {@code a/b/__init__.py}, stubs), or null. */
  private String moduleFile(String stem) {
    return moduleFiles.computeIfAbsent(stem, s -> {
      for (String candidate : List.of(s + ".py", s + "/__init__.py", s + ".pyi", s + "/__init__.pyi")) {
        if (lookup.facts(candidate) != null) {
          return candidate;
        }
      }
      return "";
    }).transform(v -> v.isEmpty() ? null : v);
  }

  /** Attribute {@code name} of a module: a top-level name of its file, else a submodule; null if unknown. */
  private List<Val> moduleAttribute(Val m, String name) {
    if (!(m instanceof Mod mod)) {
      return List.of(Ext.VALUE);
    }
    String file = moduleFile(mod.stem());
    if (file != null) {
      List<Val> top = topLevel(file, name);
      if (!top.isEmpty()) {
        return top;
      }
    }
    String sub = mod.stem() + "/" + name;
    if (moduleFile(sub) != null) {
      return List.of(new Mod(sub));
    }
    // A workspace module without that name (set dynamically, if at all); or a module outside the workspace.
    return file != null ? List.of() : List.of(Ext.VALUE);
  }

  // ------------------------------------------------------------------------------------------ attributes

  /** The values of a receiver text ({@code self.repo}, {@code os.path}, {@code Order}); null if unknown. */
  private List<Val> receiver(Ctx ctx, String text) {
    String t = text.strip();
    if (isLiteral(t)) {
      return List.of(Ext.VALUE);
    }
    String callee = ScriptSyntax.calleeOf(t);
    if (callee != null) {
      List<Val> c = receiver(ctx, callee);
      return c == null ? null : results(c);
    }
    if (!DOTTED.matcher(t).matches()) {
      return null;
    }
    String[] segs = t.split("\\.");
    List<Val> vals = first(ctx, segs[0]);
    for (int i = 1; i < segs.length && vals != null; i++) {
      vals = attribute(vals, segs[i], false);
    }
    return vals;
  }

  /** The first segment of a receiver: a parameter or local (self/cls, annotated), else a name. */
  private List<Val> first(Ctx ctx, String seg) {
    int local = Scopes.local(ctx.facts(), seg, ctx.at());
    if (local < 0) {
      local = localDeclaredLater(ctx.facts(), seg, ctx.at());
    }
    if (local >= 0) {
      return valueOfLocal(ctx, local);
    }
    List<Val> vals = name(ctx, seg);
    if (vals == null) {
      return null;
    }
    return vals;
  }

  private List<Val> valueOfLocal(Ctx ctx, int local) {
    List<Definition> defs = ctx.facts().definitions();
    Definition d = defs.get(local);
    int owner = d.container();
    if (d.kind() == SymbolKind.PARAMETER && owner >= 0 && isMethodLike(defs.get(owner).kind())
        && defs.get(owner).container() >= 0 && defs.get(defs.get(owner).container()).kind() == SymbolKind.CLASS
        && firstParameter(defs, owner) == local && !decorated(ctx.facts(), owner, "staticmethod")) {
      int cls = defs.get(owner).container();
      DefHit c = new DefHit(ctx.path(), cls, defs.get(cls));
      // the first parameter of a method is the instance; of a classmethod (or __new__), the class
      boolean classObject = decorated(ctx.facts(), owner, "classmethod") || defs.get(owner).name().equals("__new__")
          || defs.get(owner).name().equals("__init_subclass__") || defs.get(owner).name().equals("__class_getitem__");
      return List.of(classObject ? new Def(c) : new Inst(c));
    }
    if (d.type() != null) {
      return declaredValue(new DefHit(ctx.path(), local, d), ctx.facts());
    }
    return d.kind() == SymbolKind.LOCAL ? initializerValue(new DefHit(ctx.path(), local, d)) : null;
  }

  /**
   * The value a declaration's written type (annotation or return type) stands for ({@link #typeValue}); null
   * when unknown, and when the type names the declaration again through others ({@code a: b.T} with
   * {@code b: a.T}), which recursed until the stack overflowed and failed a whole build.
   */
  private List<Val> declaredValue(DefHit d, FileFacts f) {
    if (!activeTypes.add(d)) {
      return null;
    }
    try {
      Definition def = d.definition();
      return typeValue(new Ctx(d.path(), f, def.container(), def.nameSpan()), def.type());
    } finally {
      activeTypes.remove(d);
    }
  }

  /** The value of a variable initialised by a call: {@code x = Foo(...)}, {@code x = make()} (annotated). */
  private List<Val> initializerValue(DefHit d) {
    FileFacts f = lookup.facts(d.path());
    String[] init = f == null ? null : ScriptSyntax.initializerCallee(f, d.ordinal());
    if (init == null || !activeInit.add(d)) {
      return null;
    }
    try {
      Definition def = d.definition();
      List<Val> c = receiver(new Ctx(d.path(), f, def.container(), def.span()), init[0]);
      return c == null ? null : results(c);
    } finally {
      activeInit.remove(d);
    }
  }

  /** What calling the values gives: an instance of a class, a function's annotated return type. */
  private List<Val> results(List<Val> callees) {
    List<Val> out = new ArrayList<>();
    for (Val v : callees) {
      if (v instanceof Ext) {
        out.add(Ext.VALUE);
        continue;
      }
      if (!(v instanceof Def d)) {
        return null;
      }
      Definition def = d.hit().definition();
      if (def.kind() == SymbolKind.CLASS) {
        out.add(new Inst(d.hit()));
      } else if (def.kind().isCallable() && def.type() != null) {
        FileFacts f = lookup.facts(d.hit().path());
        List<Val> r = f == null ? null : declaredValue(d.hit(), f);
        if (r == null) {
          return null;
        }
        out.addAll(r);
      } else {
        return null;
      }
    }
    return out;
  }

  private static int firstParameter(List<Definition> defs, int owner) {
    for (int i = owner + 1; i < defs.size(); i++) {
      if (defs.get(i).container() == owner && defs.get(i).kind() == SymbolKind.PARAMETER) {
        return i;
      }
    }
    return -1;
  }

  private static boolean decorated(FileFacts f, int method, String decorator) {
    for (Reference r : FactsIndex.of(f).annotations()) {
      if (r.container() == method && r.name().equals(decorator)) {
        return true;
      }
    }
    return false;
  }

  /** The class (or library value) a type annotation names: {@code Foo}, {@code "Foo"}, {@code Optional[Foo]}, {@code Foo | None}. */
  private List<Val> typeValue(Ctx ctx, String type) {
    String t = type.strip();
    if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
      t = t.substring(1, t.length() - 1).strip();
    }
    if (t.startsWith("Optional[") && t.endsWith("]")) {
      t = t.substring("Optional[".length(), t.length() - 1).strip();
    }
    if (t.endsWith("| None")) {
      t = t.substring(0, t.length() - "| None".length()).strip();
    }
    if (t.startsWith("None |")) {
      t = t.substring("None |".length()).strip();
    }
    int bracket = t.indexOf('[');
    if (bracket > 0) {
      // A generic: the value is an instance of its origin (List[...] is a library list).
      t = t.substring(0, bracket);
    }
    if (!DOTTED.matcher(t).matches()) {
      return null;
    }
    String[] segs = t.split("\\.");
    List<Val> vals = name(ctx, segs[0]);
    for (int i = 1; i < segs.length && vals != null; i++) {
      vals = attribute(vals, segs[i], false);
    }
    if (vals == null) {
      return null;
    }
    List<Val> out = new ArrayList<>();
    for (Val v : vals) {
      if (v instanceof Def d && d.hit().definition().kind() != SymbolKind.CLASS) {
        return null; // a type alias or a variable: its members are unknown
      }
      out.add(v instanceof Def d ? new Inst(d.hit()) : v);
    }
    return out;
  }

  /**
   * Attribute {@code name} of any of the values. {@code last}: the attribute is the reference itself, so
   * a class whose known hierarchy lacks it answers "nothing" (an instance attribute set at run time, or one
   * inherited from a library base); as a receiver step that is unknown.
   */
  private List<Val> attribute(List<Val> vals, String name, boolean last) {
    List<Val> out = new ArrayList<>();
    for (Val v : vals) {
      List<Val> r = attributeOf(v, name, last);
      if (r == null) {
        return null;
      }
      out.addAll(r);
    }
    return dedupe(out);
  }

  private List<Val> attributeOf(Val v, String name, boolean last) {
    if (v instanceof Ext) {
      return List.of(Ext.VALUE);
    }
    if (v instanceof Mod) {
      List<Val> r = moduleAttribute(v, name);
      return r.isEmpty() && !last ? null : r;
    }
    if (v instanceof Inst inst) {
      return instanceAttribute(inst.cls(), name, last);
    }
    DefHit d = ((Def) v).hit();
    Definition def = d.definition();
    if (def.kind() == SymbolKind.CLASS) {
      Members m = classMember(d, name, new HashSet<>());
      if (!m.found.isEmpty()) {
        return m.found;
      }
      return m.unknown || !last ? null : List.of();
    }
    if (def.type() != null && !def.kind().isCallable()) {
      FileFacts f = lookup.facts(d.path());
      List<Val> type = f == null ? null : declaredValue(d, f);
      return type == null ? null : attribute(type, name, last);
    }
    if (def.kind() == SymbolKind.VARIABLE || def.kind() == SymbolKind.CONSTANT || def.kind() == SymbolKind.LOCAL) {
      List<Val> value = initializerValue(d);
      return value == null ? null : attribute(value, name, last);
    }
    return null;
  }

  /** Members found in a class and its bases (first class that has any, depth-first, left to right). */
  private static final class Members {
    final List<Val> found = new ArrayList<>();
    boolean unknown;
  }

  private Members classMember(DefHit cls, String name, Set<DefHit> visiting) {
    Members out = new Members();
    FileFacts f = lookup.facts(cls.path());
    if (f == null || classDepth > MAX_DEPTH || !visiting.add(cls)) {
      return out;
    }
    classDepth++;
    try {
      return classMemberIn(cls, f, name, visiting, out);
    } finally {
      classDepth--;
    }
  }

  /**
   * Attribute {@code name} of an instance of {@code cls}. Python looks in the instance's dictionary before
   * its class, except for data descriptors: a property found on the class wins; then the instance
   * attributes assigned in the methods of the class and of its bases (depth-first, left to right); then
   * the members of the class and its bases.
   */
  private List<Val> instanceAttribute(DefHit cls, String name, boolean last) {
    Members m = classMember(cls, name, new HashSet<>());
    for (Val v : m.found) {
      if (v instanceof Def d && d.hit().definition().kind() == SymbolKind.PROPERTY) {
        return m.found;
      }
    }
    Members own = instanceMember(cls, name, new HashSet<>());
    if (!own.found.isEmpty()) {
      return own.found;
    }
    if (!m.found.isEmpty()) {
      return m.found;
    }
    return m.unknown || own.unknown || !last ? null : List.of();
  }

  private Members instanceMember(DefHit cls, String name, Set<DefHit> visiting) {
    Members out = new Members();
    FileFacts f = lookup.facts(cls.path());
    if (f == null || classDepth > MAX_DEPTH || !visiting.add(cls)) {
      return out;
    }
    classDepth++;
    try {
      List<Definition> defs = f.definitions();
      for (int i : FactsIndex.of(f).named(name)) {
        if (defs.get(i).container() == cls.ordinal() && isInstanceAttribute(defs, i)) {
          out.found.add(new Def(new DefHit(cls.path(), i, defs.get(i))));
        }
      }
      if (!out.found.isEmpty()) {
        return out;
      }
      return throughBases(cls, f, name, visiting, out, this::instanceMember);
    } finally {
      classDepth--;
    }
  }

  /**
   * Whether definition {@code i} is an instance attribute ({@code self.x = v} in a method, see the
   * extraction query): a field of a class whose declaration lies inside one of the class's functions.
   */
  static boolean isInstanceAttribute(List<Definition> defs, int i) {
    Definition d = defs.get(i);
    int c = d.container();
    if (d.kind() != SymbolKind.FIELD || c < 0 || defs.get(c).kind() != SymbolKind.CLASS) {
      return false;
    }
    for (int j = i - 1; j > c; j--) {
      Definition m = defs.get(j);
      if (m.container() == c && isFunction(m.kind())) {
        return m.span().contains(d.span());
      }
    }
    return false;
  }

  /** The definitions named {@code name} directly in a class body (not inherited). */
  private List<Val> ownMembers(DefHit cls, String name) {
    FileFacts f = lookup.facts(cls.path());
    List<Val> out = new ArrayList<>();
    if (f == null) {
      return out;
    }
    List<Definition> defs = f.definitions();
    for (int i = cls.ordinal() + 1; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.container() == cls.ordinal() && !d.kind().isLocal() && d.name().equals(name)) {
        out.add(new Def(new DefHit(cls.path(), i, d)));
      }
    }
    return out;
  }

  private Members classMemberIn(DefHit cls, FileFacts f, String name, Set<DefHit> visiting, Members out) {
    List<Definition> defs = f.definitions();
    for (int i = cls.ordinal() + 1; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.container() == cls.ordinal() && !d.kind().isLocal() && d.name().equals(name) && !isInstanceAttribute(defs, i)) {
        out.found.add(new Def(new DefHit(cls.path(), i, d)));
      }
    }
    if (!out.found.isEmpty()) {
      return out;
    }
    return throughBases(cls, f, name, visiting, out, this::classMember);
  }

  /** The base classes of a class, each as values (null when a base does not resolve). */
  /** A member lookup on a class's bases, in order: the first base that has it, else {@code out}. */
  private interface MemberLookup {
    Members find(DefHit cls, String name, Set<DefHit> visiting);
  }

  /**
   * {@code out} (nothing found in the class itself) or what the first base that has the member gives;
   * an unresolved base marks the answer unknown.
   */
  private Members throughBases(DefHit cls, FileFacts f, String name, Set<DefHit> visiting, Members out,
      MemberLookup lookup) {
    for (List<Val> base : bases(cls, f)) {
      if (base == null) {
        out.unknown = true;
        continue;
      }
      for (Val b : base) {
        if (b instanceof Def bd && bd.hit().definition().kind() == SymbolKind.CLASS) {
          Members m = lookup.find(bd.hit(), name, visiting);
          if (!m.found.isEmpty()) {
            return m;
          }
          out.unknown |= m.unknown;
        } else if (b instanceof Def) {
          out.unknown = true;
        }
      }
    }
    return out;
  }

  private List<List<Val>> bases(DefHit cls, FileFacts f) {
    List<List<Val>> out = new ArrayList<>();
    Ctx ctx = new Ctx(cls.path(), f, cls.definition().container(), cls.definition().nameSpan());
    for (Reference r : FactsIndex.of(f).inherits()) {
      if (r.container() == cls.ordinal()) {
        if (r.receiver() == null) {
          out.add(name(ctx, r.name()));
        } else {
          List<Val> recv = receiver(ctx, r.receiver());
          out.add(recv == null ? null : attribute(recv, r.name(), false));
        }
      }
    }
    return out;
  }

  /** {@code super().name}: the member in the bases of the enclosing class. */
  private List<Val> superMember(Ctx ctx, String name) {
    List<Definition> defs = ctx.facts().definitions();
    int c = ctx.container();
    while (c >= 0 && defs.get(c).kind() != SymbolKind.CLASS) {
      c = defs.get(c).container();
    }
    if (c < 0) {
      return null;
    }
    DefHit cls = new DefHit(ctx.path(), c, defs.get(c));
    Set<DefHit> visiting = new HashSet<>();
    visiting.add(cls);
    boolean unknown = false;
    for (List<Val> base : bases(cls, ctx.facts())) {
      if (base == null) {
        unknown = true;
        continue;
      }
      for (Val b : base) {
        if (b instanceof Def bd && bd.hit().definition().kind() == SymbolKind.CLASS) {
          Members m = classMember(bd.hit(), name, visiting);
          if (!m.found.isEmpty()) {
            return m.found;
          }
          unknown |= m.unknown;
        } else if (b instanceof Def) {
          unknown = true;
        }
      }
    }
    return unknown ? null : List.of();
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** A str/bytes/f-string, number, list, dict, set or tuple display: a builtin value. */
  private static boolean isLiteral(String t) {
    if (t.isEmpty()) {
      return false;
    }
    char c = t.charAt(0);
    if (c == '"' || c == '\'' || Character.isDigit(c) || c == '[' || c == '{') {
      return true;
    }
    return t.length() > 1 && "bBrRfFuU".indexOf(c) >= 0 && (t.charAt(1) == '"' || t.charAt(1) == '\''
        || (t.length() > 2 && "bBrRfF".indexOf(t.charAt(1)) >= 0 && (t.charAt(2) == '"' || t.charAt(2) == '\'')));
  }

  private static boolean isFunction(SymbolKind k) {
    return k == SymbolKind.FUNCTION || isMethodLike(k);
  }

  private static boolean isMethodLike(SymbolKind k) {
    return k == SymbolKind.METHOD || k == SymbolKind.CONSTRUCTOR || k == SymbolKind.PROPERTY;
  }

  private static String lastSegment(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? dotted : dotted.substring(dot + 1);
  }

  /** The folder of a path ("" at the root), or null above the root. */
  private static String parent(String path) {
    if (path.isEmpty()) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static List<Val> dedupe(List<Val> vals) {
    if (vals.size() < 2) {
      return vals;
    }
    return new ArrayList<>(new LinkedHashSet<>(vals));
  }
}
