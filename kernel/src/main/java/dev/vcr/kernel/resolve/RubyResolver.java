package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ruby constants through {@code module}/{@code class} nesting (issue 12), after {@link SelfMembers}. A
 * module, class or constant has a constant path: its name after those of the modules and classes around it
 * ({@code class A::B} inside {@code module X}: {@code X::A::B}; the Ruby query keeps a compact definition's
 * scope as its type text). A bare constant is looked up lexically, as Ruby does: in each enclosing module or
 * class from the innermost out (the compact form opens only its own path), then, when no definition of the
 * innermost one has a superclass or mixin (an ancestor could hold it), at the top level. {@code A::B} is the
 * B directly in what {@code A} resolves to ({@code ::A} from the top); {@code A.new} names the class and its
 * own {@code initialize}; {@code A.m} a method declared in A. Every definition of a path answers (modules
 * and classes are reopened across files). {@code require} binds no names in Ruby, so it is not read here.
 *
 * <p>Cannot tell ({@link Optional#empty()}): nothing found, a constant an ancestor may hold, a receiver
 * that is not a constant path, methods called without a constant receiver (beyond {@link SelfMembers}).
 */
final class RubyResolver implements LanguageResolver {
  private static final Pattern CONST_PATH = Pattern.compile("(::)?[A-Z]\\w*(::[A-Z]\\w*)*");

  private final Lookup lookup;
  private final SelfMembers self;

  RubyResolver(Lookup lookup) {
    this.lookup = lookup;
    this.self = SelfMembers.of(Language.RUBY, lookup);
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT || ref.role() == RefRole.SUPER_CALL) {
      return Optional.empty();
    }
    Optional<List<DefHit>> member = self.resolve(path, f, ref);
    if (member.isPresent()) {
      return member;
    }
    String r = ref.receiver() == null ? null : ref.receiver().replaceAll("\\s+", "");
    boolean constant = Character.isUpperCase(ref.name().charAt(0));
    if (r != null && !CONST_PATH.matcher(r).matches()) {
      return Optional.empty();
    }
    if (constant && ref.role() != RefRole.CALL) {
      int at = ref.container();
      if (ref.role() == RefRole.INHERIT && at >= 0 && f.definitions().get(at).kind() == SymbolKind.CLASS
          && f.definitions().get(at).nameSpan().startLine() == ref.span().startLine()) {
        at = f.definitions().get(at).container(); // a superclass is written outside the class's body
      }
      String cpath = r == null ? lexical(f, ref.name(), at) : qualified(f, r, at);
      if (cpath == null || r != null && cpath.isEmpty()) {
        return Optional.empty();
      }
      String full = r == null ? cpath : cpath + "::" + ref.name();
      List<DefHit> hits = withPath(ref.name(), full);
      if (ref.role() == RefRole.NEW) {
        hits.addAll(members(hits, "initialize", true));
      }
      return found(hits);
    }
    if (r != null && (ref.role() == RefRole.CALL || ref.role() == RefRole.READ)) {
      // Const.m: a method declared in the module or class
      String owner = qualified(f, r, ref.container());
      if (owner == null || owner.isEmpty()) {
        return Optional.empty();
      }
      String simple = owner.substring(owner.lastIndexOf(':') + 1);
      return found(members(withPath(simple, owner), ref.name(), false));
    }
    return Optional.empty();
  }

  private static Optional<List<DefHit>> found(List<DefHit> hits) {
    return hits.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(new LinkedHashSet<>(hits)));
  }

  private static boolean isNamespace(SymbolKind k) {
    return k == SymbolKind.MODULE || k == SymbolKind.CLASS;
  }

  /** The constant path of a module, class or constant definition. */
  static String constPath(FileFacts f, int ordinal) {
    StringBuilder out = new StringBuilder();
    List<Definition> defs = f.definitions();
    for (int c = ordinal; c >= 0; c = defs.get(c).container()) {
      Definition d = defs.get(c);
      if (c != ordinal && !isNamespace(d.kind())) {
        continue;
      }
      String seg = d.name();
      if (isNamespace(d.kind()) && d.type() != null && !d.type().isBlank()) {
        seg = d.type().strip() + "::" + seg;
      }
      out.insert(0, out.length() == 0 ? seg : seg + "::");
      if (seg.startsWith("::")) {
        return out.substring(2);
      }
    }
    return out.toString();
  }

  /** The definitions (modules, classes, constants) named {@code name} whose constant path is {@code full}. */
  private List<DefHit> withPath(String name, String full) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamed(name)) {
      FileFacts hf = lookup.facts(h.path());
      SymbolKind k = h.definition().kind();
      if (hf != null && hf.language() == Language.RUBY && (isNamespace(k) || k == SymbolKind.CONSTANT)
          && constPath(hf, h.ordinal()).equals(full)) {
        out.add(h);
      }
    }
    return out;
  }

  /** The modules and classes around a definition, innermost first. */
  private static List<Integer> crefs(FileFacts f, int container) {
    List<Integer> out = new ArrayList<>();
    for (int c = container; c >= 0; c = f.definitions().get(c).container()) {
      if (isNamespace(f.definitions().get(c).kind())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The constant path a bare constant stands for at a place, or null when it cannot be told. */
  private String lexical(FileFacts f, String name, int container) {
    List<Integer> crefs = crefs(f, container);
    for (int c : crefs) {
      String full = constPath(f, c) + "::" + name;
      if (!withPath(name, full).isEmpty()) {
        return full;
      }
    }
    if (!crefs.isEmpty() && hasAncestors(f, crefs.get(0))) {
      return null;
    }
    return withPath(name, name).isEmpty() ? null : name;
  }

  /** The constant path of a written path ({@code A::B}, {@code ::A}), its first segment found lexically. */
  private String qualified(FileFacts f, String written, int container) {
    if (written.startsWith("::")) {
      return written.substring(2);
    }
    int cut = written.indexOf("::");
    String first = cut < 0 ? written : written.substring(0, cut);
    String base = lexical(f, first, container);
    return base == null ? null : base + (cut < 0 ? "" : written.substring(cut));
  }

  /** Whether any definition of a module or class (it may be reopened elsewhere) names a superclass or mixin. */
  private boolean hasAncestors(FileFacts f, int cref) {
    String full = constPath(f, cref);
    for (DefHit h : withPath(f.definitions().get(cref).name(), full)) {
      FileFacts hf = lookup.facts(h.path());
      for (dev.vcr.kernel.model.Reference r : FactsIndex.of(hf).inherits()) {
        if (r.container() == h.ordinal()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The methods named {@code name} declared in the given modules or classes (constructors: initialize). */
  private List<DefHit> members(List<DefHit> owners, String name, boolean constructors) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit o : owners) {
      if (!isNamespace(o.definition().kind())) {
        continue;
      }
      FileFacts of = lookup.facts(o.path());
      for (int i : FactsIndex.of(of).named(name)) {
        Definition d = of.definitions().get(i);
        boolean kind = constructors ? d.kind() == SymbolKind.CONSTRUCTOR : d.kind() == SymbolKind.METHOD;
        if (d.container() == o.ordinal() && kind) {
          out.add(new DefHit(o.path(), i, d));
        }
      }
    }
    return out;
  }
}
