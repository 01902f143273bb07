package dev.vcr.kernel.index;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a change to one file means for the links of other files: the names whose declarations changed
 * shape. A use elsewhere can resolve differently only if it spells one of them, so only the files that
 * reference those names are linked again.
 *
 * <p>A declaration's shape is everything resolution reads from it: kind, qualified name, arity, declared
 * type, parameter types, and for a type its supertypes. A file's imports are shapes too (a module
 * re-exports what it imports). When a type's supertypes change, the members it inherits change, so the
 * names of its members and of every member of its old and new ancestors are affected. A file that appears
 * or disappears also affects its module name (its file name without extension, and its folder's name).
 */
final class InterfaceDelta {
  private static final int MAX_ANCESTOR_DEPTH = 16;

  private InterfaceDelta() {}

  static Set<String> affectedNames(String path, FileFacts before, FileFacts after, IndexReader view) {
    Set<String> out = new TreeSet<>();
    TreeMap<String, List<String>> was = shapes(before);
    TreeMap<String, List<String>> now = shapes(after);
    for (String name : union(was.keySet(), now.keySet())) {
      if (!Objects.equals(was.get(name), now.get(name))) {
        out.add(name);
      }
    }
    TreeMap<String, List<String>> importsWas = imports(before);
    TreeMap<String, List<String>> importsNow = imports(after);
    Set<String> rebound = new TreeSet<>();
    for (String name : union(importsWas.keySet(), importsNow.keySet())) {
      if (!Objects.equals(importsWas.get(name), importsNow.get(name))) {
        out.add(name);
        rebound.add(name);
      }
    }
    TreeMap<String, List<String>> supersWas = supertypes(before);
    TreeMap<String, List<String>> supersNow = supertypes(after);
    for (String type : union(supersWas.keySet(), supersNow.keySet())) {
      if (!Objects.equals(supersWas.get(type), supersNow.get(type))) {
        membersOf(before, type, out);
        membersOf(after, type, out);
        Set<String> ancestors = new TreeSet<>();
        ancestors.addAll(supersWas.getOrDefault(type, List.of()));
        ancestors.addAll(supersNow.getOrDefault(type, List.of()));
        inheritedMembers(ancestors, view, out);
      }
    }
    // A constructor call on a subclass that declares none resolves through its supertypes: a change to a
    // type (or its constructors) affects how its subclasses' names resolve.
    Set<String> types = new TreeSet<>();
    for (String name : out) {
      if (isTypeName(before, name) || isTypeName(after, name)) {
        types.add(name);
      }
    }
    subtypes(types, view, out);
    // A type that appeared or went: the declarations typed by it (a method returning it, a field or variable
    // of it) hold another value, in this file and in the others. A name this file imports from elsewhere
    // now: its own declarations typed by it (imports bind names in their file only).
    typedBy(appearedOrWent(before, after), before, after, view, out);
    for (String t : rebound) {
      mentioning(before, t, out);
      mentioning(after, t, out);
    }
    FileFacts any = after != null ? after : before;
    if (any != null && any.language().family() == Language.JAVASCRIPT) {
      initializedFrom(new TreeSet<>(out), view, out);
    }
    if (before == null || after == null) {
      String file = path.substring(path.lastIndexOf('/') + 1);
      int dot = file.indexOf('.');
      out.add(dot > 0 ? file.substring(0, dot) : file);
      int slash = path.lastIndexOf('/');
      if (slash > 0) {
        out.add(path.substring(path.lastIndexOf('/', slash - 1) + 1, slash));
      }
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  /** Name to the shapes of the file's named declarations so called, in source order. */
  private static TreeMap<String, List<String>> shapes(FileFacts f) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    if (f == null) {
      return out;
    }
    List<Definition> defs = f.definitions();
    List<StringBuilder> params = new ArrayList<>(defs.size());
    for (int i = 0; i < defs.size(); i++) {
      params.add(new StringBuilder());
    }
    for (Definition d : defs) {
      if (d.kind() == SymbolKind.PARAMETER && d.container() >= 0 && d.container() < defs.size()) {
        params.get(d.container()).append(d.type()).append(',');
      }
    }
    boolean php = f.language() == Language.PHP;
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.kind().isNamed()) {
        String shape = d.kind() + "|" + d.qualifiedName() + "|" + d.arity() + "|" + d.type() + "|" + params.get(i)
            + (php ? "|" + phpNamespace(f, d) : "") + initializer(f, i);
        out.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(shape);
        if (d.kind() == SymbolKind.CONSTRUCTOR && d.container() >= 0) {
          // Foo(...) and new Foo() spell the class, not its constructor: the class's name is affected too.
          out.computeIfAbsent(defs.get(d.container()).name(), k -> new ArrayList<>()).add(shape);
        }
      }
    }
    return out;
  }

  /**
   * The namespace a PHP declaration is in: the namespace declaration before it (the PHP query gives each as
   * an import without a name; a file may have several, and the facts' qualified names carry only the last).
   */
  private static String phpNamespace(FileFacts f, Definition d) {
    String ns = "";
    for (Import i : f.imports()) {
      if (i.name() == null && Span.compareStart(i.span(), d.nameSpan()) <= 0) {
        ns = i.module();
      }
    }
    return ns;
  }

  /** Bound name to the imports that bind it. */
  private static TreeMap<String, List<String>> imports(FileFacts f) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    if (f == null) {
      return out;
    }
    for (Import i : f.imports()) {
      String bound = i.alias() != null ? i.alias() : i.name() != null ? i.name() : lastSegment(i.module());
      String shape = i.module() + "|" + i.name() + "|" + i.alias() + "|" + i.isStatic() + "|" + i.wildcard();
      out.computeIfAbsent(bound == null ? "" : bound, k -> new ArrayList<>()).add(shape);
      if (i.name() != null && !i.name().equals(bound)) {
        out.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(shape);
      }
    }
    return out;
  }

  private static String lastSegment(String module) {
    if (module == null) {
      return null;
    }
    int cut = Math.max(module.lastIndexOf('.'), module.lastIndexOf('/'));
    return cut >= 0 && cut < module.length() - 1 ? module.substring(cut + 1) : module;
  }

  /** Type (by qualified name) to its supertype names as written; same-named types share one entry. */
  private static TreeMap<String, List<String>> supertypes(FileFacts f) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    if (f == null) {
      return out;
    }
    for (int i = 0; i < f.definitions().size(); i++) {
      Definition d = f.definitions().get(i);
      if (d.kind().isType() || d.kind() == SymbolKind.ANONYMOUS_CLASS) {
        out.putIfAbsent(key(f, i), new ArrayList<>());
      }
    }
    for (Reference r : f.references()) {
      if (r.role() == RefRole.INHERIT && r.container() >= 0 && r.container() < f.definitions().size()) {
        List<String> supers = out.get(key(f, r.container()));
        if (supers != null) {
          supers.add(r.name());
        }
      }
    }
    return out;
  }

  private static String key(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    return d.qualifiedName() + "#" + d.name(); // not the ordinal: it moves with unrelated edits
  }

  /** Adds the names of the members of the type with this key in a file. */
  private static void membersOf(FileFacts f, String typeKey, Set<String> out) {
    if (f == null) {
      return;
    }
    for (int i = 0; i < f.definitions().size(); i++) {
      if (key(f, i).equals(typeKey)) {
        out.add(f.definitions().get(i).name());
        addMembers(f, i, out);
      }
    }
  }

  private static void addMembers(FileFacts f, int type, Set<String> out) {
    for (Definition m : f.definitions()) {
      if (m.container() == type && m.kind().isNamed()) {
        out.add(m.name());
      }
    }
  }

  private static boolean isTypeName(FileFacts f, String name) {
    if (f != null) {
      for (Definition d : f.definitions()) {
        if (d.kind().isType() && d.name().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Adds the names of the types that name one of {@code typeNames} as a supertype, transitively. */
  private static void subtypes(Set<String> typeNames, IndexReader view, Set<String> out) {
    walk(typeNames, view::filesReferencing, view, (name, f, next) -> {
      for (Reference r : f.references()) {
        if (r.role() == RefRole.INHERIT && r.name().equals(name) && r.container() >= 0
            && r.container() < f.definitions().size()) {
          String sub = f.definitions().get(r.container()).name();
          out.add(sub);
          next.accept(sub);
        }
      }
    });
  }

  /** The names of the types declared before or after, not both, or as another kind (added, deleted, renamed). */
  private static Set<String> appearedOrWent(FileFacts before, FileFacts after) {
    Set<String> was = typeKeys(before);
    Set<String> now = typeKeys(after);
    Set<String> out = new TreeSet<>();
    for (String k : union(was, now)) {
      if (was.contains(k) != now.contains(k)) {
        out.add(k.substring(k.indexOf(' ') + 1));
      }
    }
    return out;
  }

  /** "KIND name" of each type a file declares. */
  private static Set<String> typeKeys(FileFacts f) {
    Set<String> out = new TreeSet<>();
    if (f != null) {
      for (Definition d : f.definitions()) {
        if (d.kind().isType()) {
          out.add(d.kind() + " " + d.name());
        }
      }
    }
    return out;
  }

  /**
   * Adds the names of the declarations whose declared type or parameter types mention one of {@code types}
   * (as a word), in the changed file's old and new facts and in every file that references such a name.
   */
  private static void typedBy(Set<String> types, FileFacts before, FileFacts after, IndexReader view, Set<String> out) {
    if (types.isEmpty()) {
      return;
    }
    for (String t : types) {
      mentioning(before, t, out);
      mentioning(after, t, out);
    }
    for (String t : types) {
      for (String p : view.filesReferencing(t)) {
        byte[] blob = view.encodedFacts(p);
        if (blob != null) {
          mentioning(FactsCodec.decode(blob), t, out);
        }
      }
    }
  }

  private static void mentioning(FileFacts f, String type, Set<String> out) {
    if (f == null) {
      return;
    }
    List<Definition> defs = f.definitions();
    for (Definition d : defs) {
      if (!mentions(d.type(), type)) {
        continue;
      }
      if (d.kind().isNamed()) {
        out.add(d.name());
      } else if (d.kind() == SymbolKind.PARAMETER && d.container() >= 0
          && d.container() < defs.size() && defs.get(d.container()).kind().isNamed()) {
        out.add(defs.get(d.container()).name()); // overloads are told apart by parameter types
      }
    }
  }

  /** Whether a type text names {@code name} as a whole word ({@code Map<K, Item>} names Item). */
  static boolean mentions(String typeText, String name) {
    if (typeText == null || name.isEmpty()) {
      return false;
    }
    for (int i = typeText.indexOf(name); i >= 0; i = typeText.indexOf(name, i + 1)) {
      int end = i + name.length();
      boolean startOk = i == 0 || !Character.isJavaIdentifierPart(typeText.charAt(i - 1));
      boolean endOk = end == typeText.length() || !Character.isJavaIdentifierPart(typeText.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a declaration takes its value from its initializer: a JavaScript/TypeScript module-level (or
   * namespace-level) variable without a declared type ({@code const ann = createAnnotation()}), whose members a use in
   * another file finds through the initializer (ScriptResolver).
   */
  private static boolean inferred(FileFacts f, Definition d) {
    if (f.language().family() != Language.JAVASCRIPT || d.type() != null
        || (d.kind() != SymbolKind.VARIABLE && d.kind() != SymbolKind.CONSTANT)) {
      return false;
    }
    if (d.container() < 0) {
      return true;
    }
    // in a namespace (`namespace N { export const ann = create() }`, used as `N.ann.x` elsewhere)
    SymbolKind owner = f.definitions().get(d.container()).kind();
    return owner == SymbolKind.NAMESPACE || owner == SymbolKind.MODULE;
  }

  /**
   * The uses that make up an inferred declaration's initializer (from its name up to the first declaration
   * inside it), where they stand relative to the name, and where the declaration ends, as part of its
   * shape: another initializer, or the same uses laid out or followed differently (`x.items` and
   * `x.items[0]`), gives its uses elsewhere another meaning.
   */
  private static String initializer(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    if (!inferred(f, d)) {
      return "";
    }
    int line = d.nameSpan().startLine();
    StringBuilder out = new StringBuilder("|=").append(d.span().endLine() - line).append(':')
        .append(d.span().endCol()).append(';');
    for (int i : initializerUses(f, ordinal)) {
      Reference r = f.references().get(i);
      out.append(r.span().startLine() - line).append(':').append(r.span().startCol()).append(' ')
          .append(r.receiver() == null ? "" : r.receiver() + ".").append(r.name()).append(' ').append(r.role())
          .append(',');
    }
    return out.toString();
  }

  /** The references in an inferred declaration's initializer, in source order (references and definitions are). */
  private static List<Integer> initializerUses(FileFacts f, int ordinal) {
    Definition d = f.definitions().get(ordinal);
    Span end = null;
    for (int k = ordinal + 1; k < f.definitions().size(); k++) {
      Span ks = f.definitions().get(k).span();
      if (!d.span().contains(ks)) {
        break;
      }
      if (Span.compareStart(ks, d.nameSpan()) > 0) {
        end = ks;
        break;
      }
    }
    List<Integer> out = new ArrayList<>();
    List<Reference> refs = f.references();
    int lo = 0;
    int hi = refs.size();
    while (lo < hi) { // the first reference after the name
      int mid = (lo + hi) >>> 1;
      if (Span.compareStart(refs.get(mid).span(), d.nameSpan()) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    for (int i = lo; i < refs.size(); i++) {
      Span rs = refs.get(i).span();
      if (!d.span().contains(rs) || (end != null && Span.compareStart(rs, end) >= 0)) {
        break;
      }
      out.add(i);
    }
    return out;
  }

  /**
   * Adds the inferred declarations whose initializers spell an affected name, and theirs in turn: their
   * values may have changed with it, and a use elsewhere that spells only them must be linked again.
   */
  private static void initializedFrom(Set<String> names, IndexReader view, Set<String> out) {
    walk(names, view::filesReferencing, view, (name, f, next) -> {
      if (f.language().family() != Language.JAVASCRIPT) {
        return;
      }
      for (int k = 0; k < f.definitions().size(); k++) {
        Definition d = f.definitions().get(k);
        if (!inferred(f, d)) {
          continue;
        }
        for (int i : initializerUses(f, k)) {
          Reference r = f.references().get(i);
          if (r.name().equals(name) || mentions(r.receiver(), name)) {
            out.add(d.name());
            next.accept(d.name());
            break;
          }
        }
      }
    });
  }

  /** Adds the member names of the named types and of all their ancestors found in the index. */
  private static void inheritedMembers(Set<String> typeNames, IndexReader view, Set<String> out) {
    walk(typeNames, view::filesDefining, view, (name, f, next) -> {
      for (int i = 0; i < f.definitions().size(); i++) {
        Definition d = f.definitions().get(i);
        if (d.name().equals(name) && d.kind().isType()) {
          addMembers(f, i, out);
          for (Reference r : f.references()) {
            if (r.role() == RefRole.INHERIT && r.container() == i) {
              next.accept(r.name());
            }
          }
        }
      }
    });
  }

  /** What a walk does with one file found for a name; {@code next} queues a name one level further. */
  private interface Step {
    void visit(String name, FileFacts facts, Consumer<String> next);
  }

  /**
   * Breadth-first over type names, at most {@link #MAX_ANCESTOR_DEPTH} levels, each name once: every file
   * {@code filesOf} gives for a name is decoded and handed to {@code step}.
   */
  private static void walk(Set<String> start, Function<String, List<String>> filesOf, IndexReader view, Step step) {
    Set<String> seen = new TreeSet<>();
    Deque<Map.Entry<String, Integer>> todo = new ArrayDeque<>();
    for (String t : start) {
      todo.add(Map.entry(t, 0));
    }
    while (!todo.isEmpty()) {
      Map.Entry<String, Integer> next = todo.poll();
      String name = next.getKey();
      int depth = next.getValue();
      if (!seen.add(name) || depth > MAX_ANCESTOR_DEPTH) {
        continue;
      }
      for (String p : filesOf.apply(name)) {
        byte[] blob = view.encodedFacts(p);
        if (blob != null) {
          step.visit(name, FactsCodec.decode(blob), n -> todo.add(Map.entry(n, depth + 1)));
        }
      }
    }
  }
}
