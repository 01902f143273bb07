package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript, TypeScript and TSX name resolution from syntax alone, over the index.
 *
 * <p>Unqualified names: parameters and locals are bound by the caller; then functions, classes and
 * variables declared in enclosing functions and namespaces, the file's top-level declarations, the names
 * bound by ES imports (named, default, namespace, aliases), {@code import x = require()} and CommonJS
 * {@code require}, then well-known globals ("not in the workspace"). Member accesses {@code a.b.c} are
 * followed through namespace imports and required modules (the target file's top-level names, re-exports
 * and {@code export *}), classes and interfaces (members, then {@code extends}/{@code implements}
 * depth-first), enums, namespaces, object literals, {@code this} (the enclosing class, or the object of an
 * object-literal method), {@code super}, and declared types of parameters, variables and fields.
 * {@code new C()} names C and C's own constructor (not one inherited from a base).
 *
 * <p>Module specifiers: relative ones ({@code ./x}, {@code ../y/z}) resolve to files with the extensions
 * .ts .tsx .d.ts .js .jsx .mjs .cjs .mts .cts, or {@code /index.*}; {@code ./x.js} also finds
 * {@code x.ts}. Other specifiers go through the {@code paths} and {@code baseUrl} of the file's project
 * ({@code tsconfig.json}, {@link ProjectLayout#mapSpecifier}: a pattern's targets, else under
 * {@code baseUrl}); the aliases {@code @/} and {@code ~/}, when the project does not map them, under
 * {@code src/} and the root (unknown when absent); then a package of the workspace by its
 * {@code package.json} name: its entry file or the path in it ({@link ProjectLayout#mapPackage}; unknown
 * when not found). What none of these finds ({@code react}, a pattern's missing target) is outside the
 * workspace, as the compiler looks in {@code node_modules} next. A default import names the target's top-level declaration of the
 * same name (no export markers are extracted), else is unknown; a required module without one is the
 * module object.
 *
 * <p>Answers {@link Optional#empty()} where the syntax cannot decide: an untyped receiver, a call result,
 * a member missing from a hierarchy with an unresolved base, an unbound name. Not thread-safe (caches);
 * one instance per request.
 */
public final class ScriptResolver implements LanguageResolver {
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_$#][A-Za-z0-9_$]*(\\.[A-Za-z_$#][A-Za-z0-9_$]*)*");
  /** A key's receiver in an object literal passed as an argument: {@code callee(#position)} (the extractor's). */
  private static final Pattern ARGUMENT = Pattern.compile("(.+)\\(#(\\d+)\\)");
  private static final Pattern CAST = Pattern.compile("\\(.*\\s+as\\s+([A-Za-z_$][\\w$.]*(<.*>)?)\\)");
  /** A type's text that is no expression: a generic instantiation, or a type with {@code | null}/{@code | undefined}. */
  private static final Pattern TYPE_TEXT = Pattern.compile(
      "[A-Za-z_$][\\w$.]*\\s*<.*>|[A-Za-z_$][\\w$.]*(\\s*\\|\\s*(null|undefined))+");
  private static final List<String> EXTENSIONS =
      List.of(".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts");
  private static final Set<String> PREDEFINED = Set.of(
      "string", "number", "boolean", "bigint", "symbol", "object", "void", "never", "null", "undefined");
  private static final Set<String> GLOBALS = Set.of((
      // ECMAScript
      "globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt decodeURI decodeURIComponent "
      + "encodeURI encodeURIComponent escape unescape Object Function Boolean Symbol Error AggregateError "
      + "EvalError RangeError ReferenceError SyntaxError TypeError URIError Number BigInt Math Date String "
      + "RegExp Array Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array Int32Array Uint32Array "
      + "Float32Array Float64Array BigInt64Array BigUint64Array Map Set WeakMap WeakSet WeakRef "
      + "FinalizationRegistry ArrayBuffer SharedArrayBuffer DataView Atomics JSON Promise Proxy Reflect Intl "
      + "arguments Iterator AsyncIterator Generator AsyncGenerator "
      // hosts: browser, node, timers
      + "window document navigator location history localStorage sessionStorage console fetch Request "
      + "Response Headers URL URLSearchParams FormData Blob File FileReader AbortController AbortSignal Event "
      + "EventTarget CustomEvent HTMLElement Element Node NodeList HTMLInputElement HTMLDivElement "
      + "MouseEvent KeyboardEvent WebSocket Worker XMLHttpRequest TextEncoder TextDecoder crypto performance "
      + "structuredClone queueMicrotask requestAnimationFrame cancelAnimationFrame setTimeout clearTimeout "
      + "setInterval clearInterval setImmediate clearImmediate alert confirm prompt atob btoa self "
      + "process require module exports __dirname __filename Buffer global "
      // TypeScript library types
      + "Partial Required Readonly Record Pick Omit Exclude Extract NonNullable Parameters "
      + "ConstructorParameters ReturnType InstanceType ThisType Awaited Uppercase Lowercase Capitalize "
      + "Uncapitalize ReadonlyArray ReadonlyMap ReadonlySet PromiseLike ArrayLike Iterable IterableIterator "
      + "AsyncIterable AsyncIterableIterator PropertyKey TemplateStringsArray NoInfer ThisParameterType "
      + "OmitThisParameter PropertyDescriptor TypedPropertyDescriptor ArrayBufferLike ArrayBufferView "
      + "ErrorConstructor ObjectConstructor "
      // test frameworks
      + "describe it test expect beforeEach afterEach beforeAll afterAll jest vi "
      // intrinsic JSX elements (lower-case tags)
      + "a abbr address area article aside audio b br button canvas caption code col dd details dialog div "
      + "dl dt em embed fieldset figure footer form h1 h2 h3 h4 h5 h6 header hr i iframe img input label "
      + "legend li link main nav ol optgroup option output p path picture pre progress section select small "
      + "source span strong sub summary sup svg g circle rect line polyline polygon table tbody td textarea "
      + "tfoot th thead time title tr u ul video").split(" "));

  private final Lookup lookup;
  /** The index's project layout (tsconfig paths and baseUrl), read on first use. */
  private ProjectLayout layout;
  private final Map<String, String> files = new HashMap<>();
  private static final int MAX_DEPTH = 40;
  private final CycleMemo<Val> topLevelCache = new CycleMemo<>(MAX_DEPTH);
  private final Set<DefHit> activeInit = new HashSet<>();
  /** Module-level values whose members are being looked up through their initializers (a cycle guard). */
  private final Set<DefHit> activeValue = new HashSet<>();
  private int classDepth;

  /**
   * Module bindings are worked out lazily and kept for one file (a bound on what is kept); only answers that
   * no import cycle cut are kept ({@link CycleMemo}), so a file links the same whatever was resolved before.
   */
  @Override
  public void endOfFile() {
    topLevelCache.clear();
  }

  public ScriptResolver(Lookup lookup) {
    this.lookup = lookup;
  }

  // ------------------------------------------------------------------------------------------ values

  /** What a name or expression stands for. */
  sealed interface Val permits Def, Mod, Default, Ext {}

  /** A workspace definition: a class or namespace stands for itself, a typed variable for its value. */
  record Def(DefHit hit) implements Val {}

  /** A workspace module file (namespace import, required module). */
  record Mod(String file) implements Val {}

  /**
   * A default import without a same-named declaration in its file (no export markers are extracted), or
   * {@code import x = require()}: itself unknown, its members are the file's top-level names.
   */
  record Default(String file) implements Val {}

  /** Something outside the workspace (a package, a global, their members). */
  enum Ext implements Val { VALUE }

  record Ctx(String path, FileFacts facts, int container, Span at) {}

  // ------------------------------------------------------------------------------------------ entry

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    int container = ref.container();
    if ((ref.role() == RefRole.INHERIT || ref.role() == RefRole.ANNOTATION) && container >= 0) {
      // Heritage clauses and decorators are evaluated around the class or member.
      container = f.definitions().get(container).container();
    }
    Ctx ctx = new Ctx(path, f, container, ref.span());
    List<Val> vals;
    if (ref.role() == RefRole.IMPORT) {
      vals = importRef(ctx, ref);
    } else if (ref.role() == RefRole.SUPER_CALL) {
      vals = superMember(ctx, "constructor", true);
    } else if (ref.receiver() == null) {
      vals = name(ctx, ref.name());
    } else {
      String recv = normalize(ref.receiver());
      if (recv.equals("super")) {
        vals = superMember(ctx, ref.name(), false);
      } else {
        List<Val> r = receiver(ctx, recv);
        vals = r == null ? null : attribute(r, ref.name(), true);
        if (vals == null && ref.argumentKey()) {
          // A key of an object literal argument whose parameter type is not known (a union, a type
          // parameter, a library function): no declaration is named, not even by the key's spelling.
          return Optional.of(List.of());
        }
      }
    }
    if (vals == null) {
      return Optional.empty();
    }
    LinkedHashSet<DefHit> out = new LinkedHashSet<>();
    for (Val v : vals) {
      if (v instanceof Default) {
        return Optional.empty();
      }
      if (v instanceof Def d) {
        if (ref.role() == RefRole.NEW && d.hit().definition().kind() == SymbolKind.CLASS) {
          // new C() calls C's own constructor; one inherited from a base is not named by the site (as the
          // TypeScript language service counts references and callers of a constructor).
          for (Val c : directMembers(d.hit(), "constructor")) {
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

  /** An identifier in an import or re-export clause: what the import binds. */
  private List<Val> importRef(Ctx ctx, Reference ref) {
    for (Import imp : ctx.facts().imports()) {
      if (!imp.span().contains(ref.span())) {
        continue;
      }
      boolean named = ref.name().equals(imp.name());
      boolean local = imp.name() == null && ref.name().equals(imp.alias());
      if (named || local) {
        List<Val> v = binding(ctx.path(), ctx.facts(), imp);
        return v == null ? List.of() : v;
      }
    }
    return List.of();
  }

  private static String normalize(String receiver) {
    return receiver.strip().replace("?.", ".").replace("!", "");
  }

  // ------------------------------------------------------------------------------------------ names

  /** An unqualified name: enclosing functions and namespaces, the file, imports, globals; null if unknown. */
  private List<Val> name(Ctx ctx, String name) {
    List<Definition> defs = ctx.facts().definitions();
    for (int c = ctx.container(); c >= 0; c = defs.get(c).container()) {
      SymbolKind k = defs.get(c).kind();
      if (k == SymbolKind.CLASS || k == SymbolKind.INTERFACE || k == SymbolKind.ENUM) {
        continue; // members are reached through `this`/the class, never lexically
      }
      List<Val> nested = new ArrayList<>();
      for (int i = c + 1; i < defs.size(); i++) {
        Definition d = defs.get(i);
        if (d.container() == c && lexical(d.kind()) && d.name().equals(name)) {
          nested.add(new Def(new DefHit(ctx.path(), i, d)));
        }
      }
      if (!nested.isEmpty()) {
        return nested;
      }
    }
    List<Val> top = topLevel(ctx.path(), name);
    if (!top.isEmpty()) {
      return top;
    }
    return GLOBALS.contains(name) ? List.of(Ext.VALUE) : null;
  }

  /** Kinds a declaration binds in its block (not members). */
  private static boolean lexical(SymbolKind k) {
    switch (k) {
      case FUNCTION: case CLASS: case INTERFACE: case ENUM: case TYPE_ALIAS: case MODULE: case NAMESPACE:
      case VARIABLE: case CONSTANT:
        return true;
      default:
        return false;
    }
  }

  /**
   * Top-level names of a file (also what it exports): declarations, import bindings (which cover
   * {@code export {x} from}), and {@code export * from} targets. Empty when none.
   */
  private List<Val> topLevel(String path, String name) {
    return topLevelCache.get(path + '\0' + name, () -> topLevelUncached(path, name));
  }

  private List<Val> topLevelUncached(String path, String name) {
    FileFacts f = lookup.facts(path);
    if (f == null) {
      return List.of();
    }
    List<Val> out = new ArrayList<>();
    List<Definition> defs = f.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.container() < 0 && lexical(d.kind()) && d.name().equals(name)) {
        out.add(new Def(new DefHit(path, i, d)));
      }
    }
    for (Import imp : f.imports()) {
      if (imp.wildcard() && imp.alias() == null) {
        String target = moduleFile(path, imp.module());
        if (target != null && !name.equals("default")) {
          out.addAll(topLevel(target, name));
        }
      } else if (name.equals(bindingName(imp))) {
        List<Val> b = binding(path, f, imp);
        if (b != null) {
          out.addAll(b);
        }
      }
    }
    return dedupe(out);
  }

  // ------------------------------------------------------------------------------------------ imports

  /** The name an import binds in its file, or null ({@code import "m"}, {@code export * from "m"}). */
  private static String bindingName(Import imp) {
    if (imp.alias() != null) {
      return imp.alias();
    }
    return imp.wildcard() ? null : imp.name();
  }

  /** What an import binds; null when unknown (a default import without a same-named declaration). */
  private List<Val> binding(String path, FileFacts f, Import imp) {
    String target = moduleFile(path, imp.module());
    if (target == null) {
      return unresolvedSpecifier(imp.module()) ? null : List.of(Ext.VALUE);
    }
    if (imp.wildcard()) {
      return List.of(new Mod(target)); // import * as ns / export * as ns
    }
    if (imp.name() != null) {
      if (imp.name().equals("default")) {
        return defaultExport(target, imp.alias(), false);
      }
      List<Val> r = topLevel(target, imp.name());
      return r.isEmpty() ? List.of() : r;
    }
    if (imp.alias() == null) {
      return List.of(); // import "m" for its effects
    }
    return defaultExport(target, imp.alias(), isRequire(f, imp));
  }

  /** A default import or a required module: the target's top-level declaration named like the binding. */
  private List<Val> defaultExport(String target, String localName, boolean required) {
    List<Val> same = localName == null ? List.of() : topLevel(target, localName);
    for (Val v : same) {
      if (v instanceof Def) {
        return same;
      }
    }
    return List.of(required ? new Mod(target) : new Default(target));
  }

  /** Whether an import with a local name is {@code const x = require("m")} (a call to require in it). */
  private static boolean isRequire(FileFacts f, Import imp) {
    for (Reference r : f.references()) {
      if (r.role() == RefRole.CALL && r.name().equals("require") && imp.span().contains(r.span())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a specifier not found in the workspace is unknown rather than "outside": a relative one, one
   * naming a package of the workspace (its file may be generated), and the aliases projects commonly map
   * ({@code @/}, {@code ~/}, {@code #}). One that a {@code paths} pattern maps to nothing found is outside,
   * as for the compiler, which looks in {@code node_modules} next.
   */
  private boolean unresolvedSpecifier(String spec) {
    return spec.startsWith("@/") || spec.startsWith("~/") || spec.startsWith("#") || spec.startsWith(".")
        || layout().mapPackage(spec) != null;
  }

  private ProjectLayout layout() {
    if (layout == null) {
      layout = lookup.layout();
    }
    return layout;
  }

  /** The workspace file a module specifier names from a file, or null (a package, or not found). */
  private String moduleFile(String fromPath, String spec) {
    String key = fromPath.substring(0, Math.max(0, fromPath.lastIndexOf('/') + 1)) + '\0' + spec;
    String hit = files.computeIfAbsent(key, k -> {
      String found = locate(fromPath, spec);
      return found == null ? "" : found;
    });
    return hit.isEmpty() ? null : hit;
  }

  private String locate(String fromPath, String spec) {
    List<String> targets = new ArrayList<>();
    if (spec.startsWith("./") || spec.startsWith("../") || spec.equals(".") || spec.equals("..")) {
      String dir = fromPath.lastIndexOf('/') < 0 ? "" : fromPath.substring(0, fromPath.lastIndexOf('/'));
      String joined = normalizePath(dir.isEmpty() ? spec : dir + "/" + spec);
      if (joined != null) {
        targets.add(joined);
      }
    } else {
      // A project's paths and baseUrl first, as the compiler reads them; then the aliases projects
      // commonly map, when the project does not map the specifier.
      ProjectLayout.Mapped m = layout().mapSpecifier(fromPath, spec);
      if (m != null) {
        for (String c : m.candidates()) {
          String n = normalizePath(c);
          if (n != null) {
            targets.add(n);
          }
        }
      }
      if ((m == null || !m.byPattern()) && (spec.startsWith("@/") || spec.startsWith("~/"))) {
        targets.add("src/" + spec.substring(2));
        targets.add(spec.substring(2));
      }
      // then a package of the workspace by its name (the compiler's node_modules step, where a monorepo's
      // package manager links its packages)
      ProjectLayout.Mapped pkg = layout().mapPackage(spec);
      if (pkg != null) {
        targets.addAll(pkg.candidates());
      }
      if (targets.isEmpty()) {
        return null;
      }
    }
    for (String t : targets) {
      String f = probe(t);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private String probe(String target) {
    List<String> candidates = new ArrayList<>();
    candidates.add(target);
    for (String js : List.of(".js", ".jsx", ".mjs", ".cjs")) {
      if (target.endsWith(js)) {
        String stem = target.substring(0, target.length() - js.length());
        String ts = js.equals(".mjs") ? ".mts" : js.equals(".cjs") ? ".cts" : js.equals(".jsx") ? ".tsx" : ".ts";
        candidates.add(stem + ts);
        candidates.add(stem + ".tsx");
        candidates.add(stem + ".d.ts");
      }
    }
    for (String ext : EXTENSIONS) {
      candidates.add(target + ext);
    }
    for (String ext : EXTENSIONS) {
      candidates.add((target.isEmpty() ? "" : target + "/") + "index" + ext);
    }
    for (String c : candidates) {
      if (!c.isEmpty() && lookup.facts(c) != null) {
        return c;
      }
    }
    return null;
  }

  /** Resolves {@code .} and {@code ..} segments; null when the path climbs above the root. */
  private static String normalizePath(String path) {
    List<String> out = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (out.isEmpty()) {
          return null;
        }
        out.remove(out.size() - 1);
      } else {
        out.add(seg);
      }
    }
    return String.join("/", out);
  }

  // ------------------------------------------------------------------------------------------ members

  /** The values of a receiver text ({@code this.repo}, {@code ns.util}, {@code Status}); null if unknown. */
  private List<Val> receiver(Ctx ctx, String text) {
    Matcher argument = ARGUMENT.matcher(text);
    if (argument.matches()) {
      return parameterValue(ctx, argument.group(1), Integer.parseInt(argument.group(2)));
    }
    if (!text.isEmpty() && "\"'`[0123456789".indexOf(text.charAt(0)) >= 0) {
      return List.of(Ext.VALUE); // a string, template, array or number literal
    }
    Matcher cast = CAST.matcher(text);
    if (cast.matches()) {
      return typeValue(ctx, cast.group(1)); // (x as T)
    }
    String t = text.startsWith("new ") ? text.substring(4).strip() : text;
    String callee = ScriptSyntax.calleeOf(t);
    if (callee != null && DOTTED.matcher(callee).matches()) {
      List<Val> c = receiver(ctx, callee);
      return c == null ? null : results(c, text.startsWith("new "));
    }
    if (!DOTTED.matcher(text).matches()) {
      // a declared type as the receiver of an object literal's keys: `Foo<T>`, `Foo | null`
      return TYPE_TEXT.matcher(text).matches() ? typeValue(ctx, text) : null;
    }
    String[] segs = text.split("\\.");
    List<Val> vals;
    int thisParameter = segs[0].equals("this") ? declaredThis(ctx) : -1;
    if (thisParameter >= 0) {
      // function f(this: Ajv, ...): a declared `this`
      vals = valueOf(new DefHit(ctx.path(), thisParameter, ctx.facts().definitions().get(thisParameter)));
    } else if (segs[0].equals("this")) {
      vals = thisValue(ctx);
    } else {
      int local = Scopes.local(ctx.facts(), segs[0], ctx.at());
      vals = local >= 0 ? valueOf(new DefHit(ctx.path(), local, ctx.facts().definitions().get(local))) : name(ctx, segs[0]);
    }
    for (int i = 1; i < segs.length && vals != null; i++) {
      vals = attribute(vals, segs[i], false);
    }
    return vals;
  }

  /**
   * The declared type of parameter {@code position} of what {@code callee} names (a function, a method, a
   * property of function type; a class's constructor), as the contextual type of an object literal passed
   * there. Of several declarations (overloads), those whose parameter has a known type; null if none has.
   */
  private List<Val> parameterValue(Ctx ctx, String callee, int position) {
    if (!DOTTED.matcher(callee).matches()) {
      return null;
    }
    List<Val> callees;
    int dot = callee.lastIndexOf('.');
    if (dot > 0) {
      List<Val> owner = receiver(ctx, callee.substring(0, dot));
      callees = owner == null ? null : attribute(owner, callee.substring(dot + 1), true);
    } else {
      int local = Scopes.local(ctx.facts(), callee, ctx.at());
      callees = local >= 0 ? List.of(new Def(new DefHit(ctx.path(), local, ctx.facts().definitions().get(local))))
          : name(ctx, callee);
    }
    if (callees == null) {
      return null;
    }
    List<Val> out = new ArrayList<>();
    for (Val v : callees) {
      if (!(v instanceof Def d)) {
        continue;
      }
      FileFacts f = lookup.facts(d.hit().path());
      int owner = d.hit().ordinal();
      if (d.hit().definition().kind() == SymbolKind.CLASS) {
        owner = constructorOf(d.hit());
      }
      int param = f == null || owner < 0 ? -1 : parameterAt(f, owner, position);
      if (param < 0) {
        continue;
      }
      Definition p = f.definitions().get(param);
      List<Val> type = typeValue(new Ctx(d.hit().path(), f, owner, p.nameSpan()), p.type());
      if (type != null) {
        out.addAll(type);
      }
    }
    return out.isEmpty() ? null : dedupe(out);
  }

  /** The ordinal of a class's own constructor, or -1. */
  private int constructorOf(DefHit cls) {
    for (Val c : directMembers(cls, "constructor")) {
      if (c instanceof Def cd && cd.hit().definition().kind() == SymbolKind.CONSTRUCTOR) {
        return cd.hit().ordinal();
      }
    }
    return -1;
  }

  /**
   * The ordinal of a callable's typed parameter at {@code position} (a declared {@code this} is not one), or
   * -1. A destructured parameter declares one binding per key, so when the bindings do not number the
   * callable's arity the positions are not known.
   */
  private static int parameterAt(FileFacts f, int owner, int position) {
    List<Definition> defs = f.definitions();
    List<Integer> params = new ArrayList<>();
    for (int i = owner + 1; i < defs.size(); i++) {
      Definition p = defs.get(i);
      if (p.container() == owner && p.kind() == SymbolKind.PARAMETER && !p.name().equals("this")
          && defs.get(owner).span().contains(p.nameSpan())) {
        params.add(i);
      }
    }
    int arity = defs.get(owner).arity();
    if ((arity >= 0 && params.size() != arity) || position >= params.size()) {
      return -1;
    }
    int i = params.get(position);
    return defs.get(i).type() == null ? -1 : i;
  }

  /**
   * The declared {@code this} parameter ({@code function f(this: Foo)}) that {@code this} at the context
   * means, or -1: none, or a class (whose methods have their own {@code this}) lies between the two.
   */
  private static int declaredThis(Ctx ctx) {
    int p = Scopes.local(ctx.facts(), "this", ctx.at());
    if (p < 0) {
      return -1;
    }
    List<Definition> defs = ctx.facts().definitions();
    int owner = defs.get(p).container();
    for (int c = ctx.container(); c >= 0 && c != owner; c = defs.get(c).container()) {
      SymbolKind k = defs.get(c).kind();
      if (k == SymbolKind.CLASS || k == SymbolKind.METHOD || k == SymbolKind.CONSTRUCTOR) {
        return -1;
      }
    }
    return p;
  }

  /** What calling (or {@code new}) the values gives: a class instance, a function's declared return type. */
  private List<Val> results(List<Val> callees, boolean isNew) {
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
      if (isNew && def.kind() == SymbolKind.CLASS) {
        out.add(v);
      } else if (!isNew && def.kind().isCallable() && def.type() != null) {
        FileFacts f = lookup.facts(d.hit().path());
        List<Val> r = f == null ? null : typeValue(new Ctx(d.hit().path(), f, def.container(), def.nameSpan()), def.type());
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

  /** {@code this}: the enclosing class, or the object literal of an object method; null elsewhere. */
  private List<Val> thisValue(Ctx ctx) {
    List<Definition> defs = ctx.facts().definitions();
    for (int c = ctx.container(); c >= 0; c = defs.get(c).container()) {
      Definition d = defs.get(c);
      int owner = d.container();
      if (owner < 0) {
        return null;
      }
      SymbolKind ok = defs.get(owner).kind();
      SymbolKind k = d.kind();
      boolean member = k == SymbolKind.METHOD || k == SymbolKind.CONSTRUCTOR || k == SymbolKind.PROPERTY
          || k == SymbolKind.FIELD;
      if (member && ok == SymbolKind.CLASS) {
        return List.of(new Def(new DefHit(ctx.path(), owner, defs.get(owner))));
      }
      if (k == SymbolKind.METHOD && (ok == SymbolKind.VARIABLE || ok == SymbolKind.CONSTANT)) {
        return List.of(new Def(new DefHit(ctx.path(), owner, defs.get(owner))));
      }
    }
    return null;
  }

  /** The value a definition holds, for member access: itself for types and objects, else its declared type. */
  private List<Val> valueOf(DefHit d) {
    Definition def = d.definition();
    if (def.type() != null && !def.kind().isCallable() && !def.kind().isType()) {
      FileFacts f = lookup.facts(d.path());
      return f == null ? null : typeValue(new Ctx(d.path(), f, def.container(), def.nameSpan()), def.type());
    }
    if (def.kind() == SymbolKind.LOCAL || def.kind() == SymbolKind.VARIABLE || def.kind() == SymbolKind.CONSTANT) {
      FileFacts f = lookup.facts(d.path());
      String[] init = f == null ? null : ScriptSyntax.initializerCallee(f, d.ordinal());
      if (init != null) {
        if (!activeInit.add(d)) {
          return null;
        }
        try {
          Ctx ctx = new Ctx(d.path(), f, def.container(), def.span());
          List<Val> c = receiver(ctx, init[0]);
          return c == null ? null : results(c, init[1] != null);
        } finally {
          activeInit.remove(d);
        }
      }
      // Not a call: a for-of binding's element, or a chain of reads (the declared type was taken above).
      String iterable = f == null ? null : ScriptSyntax.forOfIterable(f, d.ordinal());
      String member = f == null || iterable != null ? null : ScriptSyntax.memberInitializer(f, d.ordinal());
      if ((iterable != null || member != null) && activeInit.add(d)) {
        try {
          Ctx ctx = new Ctx(d.path(), f, def.container(), def.span());
          List<Val> v = iterable != null ? elementsOf(ctx, iterable) : receiver(ctx, member);
          if (v != null) {
            return v;
          }
        } finally {
          activeInit.remove(d);
        }
      }
    }
    if (def.kind().isLocal()) {
      return null;
    }
    return List.of(new Def(d));
  }

  /**
   * What a for-of binding over {@code iterable} holds: the element type of the iterable's declared type
   * ({@code T[]}, {@code Array<T>}, {@code ReadonlyArray<T>}); null when that is not known.
   */
  private List<Val> elementsOf(Ctx ctx, String iterable) {
    List<Val> holders;
    int dot = iterable.lastIndexOf('.');
    if (dot < 0) {
      int local = Scopes.local(ctx.facts(), iterable, ctx.at());
      holders = local >= 0 ? List.of(new Def(new DefHit(ctx.path(), local, ctx.facts().definitions().get(local))))
          : name(ctx, iterable);
    } else {
      List<Val> r = receiver(ctx, iterable.substring(0, dot));
      holders = r == null ? null : attribute(r, iterable.substring(dot + 1), true);
    }
    if (holders == null || holders.isEmpty()) {
      return null;
    }
    List<Val> out = new ArrayList<>();
    for (Val h : holders) {
      if (!(h instanceof Def hd) || hd.hit().definition().type() == null) {
        return null;
      }
      Definition def = hd.hit().definition();
      String element = elementType(def.type());
      FileFacts f = lookup.facts(hd.hit().path());
      List<Val> v = element == null || f == null ? null
          : typeValue(new Ctx(hd.hit().path(), f, def.container(), def.nameSpan()), element);
      if (v == null) {
        return null;
      }
      out.addAll(v);
    }
    return dedupe(out);
  }

  /**
   * A declared type without {@code readonly} and without the {@code null}/{@code undefined} of a union. Of a
   * union with more parts, its one object type when the others are primitives or literals ({@code
   * Annotation | boolean}: a member access needs the object part); null when there is no such single part.
   */
  private static String oneType(String type) {
    String t = type.strip();
    if (t.startsWith("readonly ")) {
      t = t.substring("readonly ".length()).strip();
    }
    if (!t.contains("|")) {
      return t;
    }
    String only = null;
    String object = null;
    int parts = 0;
    int objects = 0;
    for (String part : t.split("\\|")) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("null") || p.equals("undefined")) {
        continue;
      }
      parts++;
      only = p;
      if (!primitive(p)) {
        objects++;
        object = p;
      }
    }
    if (parts == 1) {
      return only;
    }
    return objects == 1 ? object : null;
  }

  /** A primitive type or a literal type: {@code string}, {@code false}, {@code "delete"}, {@code 0}. */
  private static boolean primitive(String part) {
    char c = part.charAt(0);
    return (PREDEFINED.contains(part) && !part.equals("object")) || part.equals("true") || part.equals("false")
        || c == '"' || c == '\'' || c == '`' || c == '-' || Character.isDigit(c);
  }

  /** {@code T} of {@code T[]}, {@code Array<T>} or {@code ReadonlyArray<T>} (also {@code | undefined}); else null. */
  static String elementType(String type) {
    String t = oneType(type);
    if (t == null) {
      return null;
    }
    if (t.endsWith("[]")) {
      String e = t.substring(0, t.length() - 2).strip();
      return e.isEmpty() || e.endsWith(")") ? null : e; // `(A | B)[]`, a function type's array: not followed
    }
    for (String generic : new String[] {"Array<", "ReadonlyArray<"}) {
      if (t.startsWith(generic) && t.endsWith(">")) {
        String e = t.substring(generic.length(), t.length() - 1).strip();
        return e.isEmpty() ? null : e;
      }
    }
    return null;
  }

  /** The type a declared type text names: {@code Foo}, {@code ns.Foo}, {@code Foo<T>}, {@code Foo | undefined}. */
  private List<Val> typeValue(Ctx ctx, String type) {
    String t = oneType(type);
    if (t == null) {
      return null;
    }
    if (t.endsWith("[]")) {
      return List.of(Ext.VALUE); // an array
    }
    int lt = t.indexOf('<');
    if (lt > 0) {
      t = t.substring(0, lt).strip();
    }
    if (PREDEFINED.contains(t)) {
      return List.of(Ext.VALUE);
    }
    if (t.equals("this")) {
      return thisValue(ctx); // `const self = this` (the extractor gives it the type `this`)
    }
    if (t.equals("Promise") || t.equals("PromiseLike")) {
      return null; // usually awaited, and the initializer does not show whether it was
    }
    if (!DOTTED.matcher(t).matches()) {
      return null;
    }
    String[] segs = t.split("\\.");
    if (Scopes.local(ctx.facts(), segs[0], ctx.at()) >= 0) {
      return null; // a type parameter
    }
    List<Val> vals = name(ctx, segs[0]);
    for (int i = 1; i < segs.length && vals != null; i++) {
      vals = attribute(vals, segs[i], false);
    }
    if (vals == null) {
      return null;
    }
    for (Val v : vals) {
      if (v instanceof Def d && !d.hit().definition().kind().isType() && d.hit().definition().kind() != SymbolKind.MODULE) {
        return null;
      }
    }
    return vals;
  }

  /**
   * Member {@code name} of any of the values. {@code last}: the member is the reference itself, so a
   * complete workspace hierarchy without it answers "nothing" (set at run time, or from a library base is
   * ruled out: an unresolved or library base makes it unknown as a receiver step).
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
    if (v instanceof Mod m) {
      List<Val> r = topLevel(m.file(), name);
      return r.isEmpty() && !last ? null : r;
    }
    if (v instanceof Default m) {
      List<Val> r = topLevel(m.file(), name);
      return r.isEmpty() ? null : r;
    }
    DefHit d = ((Def) v).hit();
    SymbolKind k = d.definition().kind();
    if (k == SymbolKind.TYPE_ALIAS && !objectLike(d)) {
      return null; // not an object type (a union, a mapped type): members unknown
    }
    if (k == SymbolKind.CLASS || k == SymbolKind.INTERFACE || k == SymbolKind.TYPE_ALIAS) {
      Members m = classMember(d, name, true, new HashSet<>());
      if (!m.found.isEmpty()) {
        return last ? m.found : valuesOf(m.found);
      }
      return m.unknown || !last ? null : List.of();
    }
    if (k == SymbolKind.ENUM || k == SymbolKind.MODULE || k == SymbolKind.NAMESPACE) {
      List<Val> members = directMembers(d, name);
      if (!members.isEmpty()) {
        return last ? members : valuesOf(members);
      }
      return last ? List.of() : null;
    }
    if (k.isCallable()) {
      return null;
    }
    if (d.definition().type() != null) {
      List<Val> type = valueOf(d);
      return type == null ? null : attribute(type, name, last);
    }
    // An object literal: its function-valued properties are definitions inside it.
    List<Val> members = directMembers(d, name);
    if (!members.isEmpty()) {
      return last ? members : valuesOf(members);
    }
    if ((k == SymbolKind.VARIABLE || k == SymbolKind.CONSTANT) && activeValue.add(d)) {
      // `const ann = createAnnotation(...)` at the top of a module: the value its initializer gives (once
      // per chain: `a = B.b` and `b = A.a` name each other)
      try {
        List<Val> value = valueOf(d);
        if (value != null && !value.equals(List.of(v))) {
          return attribute(value, name, last);
        }
      } finally {
        activeValue.remove(d);
      }
    }
    return null;
  }

  /**
   * Whether a type alias stands for an object type whose members are known: it has members of its own (an
   * object type, or the object-type parts of an intersection) or named bases (the other parts).
   */
  private boolean objectLike(DefHit alias) {
    if (!directMembers(alias, null).isEmpty()) {
      return true;
    }
    FileFacts f = lookup.facts(alias.path());
    if (f == null) {
      return false;
    }
    for (Reference r : FactsIndex.of(f).inherits()) {
      if (r.container() == alias.ordinal()) {
        return true;
      }
    }
    return false;
  }

  /** Members as receivers: each member's value (a nested class itself, a typed field its type). */
  private List<Val> valuesOf(List<Val> members) {
    List<Val> out = new ArrayList<>();
    for (Val m : members) {
      List<Val> v = m instanceof Def d ? valueOf(d.hit()) : List.of(m);
      if (v == null) {
        return null;
      }
      out.addAll(v);
    }
    return out;
  }

  /** Non-local definitions directly inside {@code d} (all of them when {@code name} is null). */
  private List<Val> directMembers(DefHit d, String name) {
    FileFacts f = lookup.facts(d.path());
    List<Val> out = new ArrayList<>();
    if (f == null) {
      return out;
    }
    List<Definition> defs = f.definitions();
    for (int i = d.ordinal() + 1; i < defs.size(); i++) {
      Definition m = defs.get(i);
      if (m.container() == d.ordinal() && !m.kind().isLocal() && (name == null || m.name().equals(name))) {
        out.add(new Def(new DefHit(d.path(), i, m)));
      }
    }
    return out;
  }

  private static final class Members {
    final List<Val> found = new ArrayList<>();
    boolean unknown;
  }

  /** Members of a class or interface, then of its bases (depth-first, in declaration order). */
  private Members classMember(DefHit cls, String name, boolean parameterProperties, Set<DefHit> visiting) {
    Members out = new Members();
    FileFacts f = lookup.facts(cls.path());
    if (f == null || classDepth > MAX_DEPTH || !visiting.add(cls)) {
      return out;
    }
    classDepth++;
    try {
      out.found.addAll(directMembers(cls, name));
      if (out.found.isEmpty() && parameterProperties && cls.definition().kind() == SymbolKind.CLASS
          && f.language() != Language.JAVASCRIPT) {
        out.found.addAll(parameterProperty(cls, f, name));
      }
      if (!out.found.isEmpty()) {
        return out;
      }
      for (List<Val> base : bases(cls, f)) {
        if (base == null) {
          out.unknown = true;
          continue;
        }
        for (Val b : base) {
          SymbolKind bk = b instanceof Def bd0 ? bd0.hit().definition().kind() : null;
          if (bk == SymbolKind.TYPE_ALIAS && !objectLike(((Def) b).hit())) {
            out.unknown = true; // an intersection with a union or mapped type: its members are unknown
          } else if (b instanceof Def bd && (bk == SymbolKind.CLASS || bk == SymbolKind.INTERFACE
              || bk == SymbolKind.TYPE_ALIAS)) {
            Members m = classMember(bd.hit(), name, parameterProperties, visiting);
            if (!m.found.isEmpty()) {
              return m;
            }
            out.unknown |= m.unknown;
          } else if (b instanceof Def) {
            out.unknown = true;
          } else {
            // A library base: the member may be inherited from it.
            out.unknown |= !name.equals("constructor");
          }
        }
      }
      return out;
    } finally {
      classDepth--;
    }
  }

  /** TypeScript parameter properties: {@code constructor(private repo: Repo)} declares {@code this.repo}. */
  private static List<Val> parameterProperty(DefHit cls, FileFacts f, String name) {
    List<Definition> defs = f.definitions();
    for (int i = cls.ordinal() + 1; i < defs.size(); i++) {
      if (defs.get(i).container() == cls.ordinal() && defs.get(i).kind() == SymbolKind.CONSTRUCTOR) {
        for (int j = i + 1; j < defs.size(); j++) {
          Definition p = defs.get(j);
          if (p.container() == i && p.kind() == SymbolKind.PARAMETER && p.name().equals(name)
              && p.scope() != null && p.scope().equals(defs.get(i).span())) {
            return List.of(new Def(new DefHit(cls.path(), j, p)));
          }
        }
      }
    }
    return List.of();
  }

  /** Bases named by {@code extends}/{@code implements} of a class or interface (null: unresolved). */
  private List<List<Val>> bases(DefHit cls, FileFacts f) {
    List<List<Val>> out = new ArrayList<>();
    Ctx ctx = new Ctx(cls.path(), f, cls.definition().container(), cls.definition().nameSpan());
    for (Reference r : f.references()) {
      if (r.role() == RefRole.INHERIT && r.container() == cls.ordinal()) {
        if (r.receiver() == null) {
          out.add(name(ctx, r.name()));
        } else {
          List<Val> recv = receiver(ctx, normalize(r.receiver()));
          out.add(recv == null ? null : attribute(recv, r.name(), false));
        }
      }
    }
    return out;
  }

  /** {@code super.name} or {@code super(...)}: the member in the bases of the enclosing class. */
  private List<Val> superMember(Ctx ctx, String name, boolean constructor) {
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
    for (List<Val> base : bases(cls, ctx.facts())) {
      // the first heritage name is the superclass (`extends` comes before `implements`)
      if (base == null) {
        return null;
      }
      for (Val b : base) {
        if (b instanceof Def bd && bd.hit().definition().kind() == SymbolKind.CLASS) {
          Members m = classMember(bd.hit(), name, !constructor, visiting);
          if (!m.found.isEmpty()) {
            return m.found;
          }
          if (constructor) {
            return m.unknown ? null : List.of(b); // no constructor written: the class itself
          }
          return m.unknown ? null : List.of();
        }
        if (b instanceof Ext) {
          return List.of(Ext.VALUE);
        }
        return null;
      }
      return null;
    }
    return null;
  }

  private static List<Val> dedupe(List<Val> vals) {
    if (vals.size() < 2) {
      return vals;
    }
    return new ArrayList<>(new LinkedHashSet<>(vals));
  }
}
