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
import java.util.Set;

/**
 * The one rule Rust, C#, Ruby and PHP share before their name fallback (issue 12): a member named through
 * the object itself ({@code self.x}, {@code Self::f}, {@code this.x}, {@code $this->x}, {@code self::f},
 * {@code static::f}) is a member of the enclosing type, then of its supertypes (their inheritance clauses
 * resolved by name); in C# and Ruby, where a bare name inside a class can name one of its members
 * ({@code count} for {@code this.count}, a Ruby method called without a receiver), a bare name that is no
 * parameter or local is the enclosing type's member when it has one. Parameters and locals are bound by
 * scope before any resolver is asked (see {@code Navigator}), in every language.
 *
 * <p>The enclosing type is the nearest enclosing class, struct, interface, trait or enum; for a Rust method
 * it is its {@code impl} block's type, which the Rust query keeps as the type of the method's {@code self}
 * parameter, so a type's methods are those whose {@code self} has that type (Rust methods have no
 * container). Anything else answers "cannot tell" ({@link Optional#empty()}): the name fallback decides, as
 * before.
 */
public final class SelfMembers implements LanguageResolver {
  private static final int MAX_DEPTH = 8;

  private final Lookup lookup;
  private final Set<String> selfWords;
  private final boolean bareMembers;
  /** Rust's methods by name, with their self types (shared with the Rust resolver); null in other languages. */
  private final RustMethods rustMethods;

  private SelfMembers(Lookup lookup, Set<String> selfWords, boolean bareMembers, RustMethods rustMethods) {
    this.lookup = lookup;
    this.selfWords = selfWords;
    this.bareMembers = bareMembers;
    this.rustMethods = rustMethods;
  }

  /** Rust's rule, reading the methods of a name through {@code methods}. */
  static SelfMembers forRust(Lookup lookup, RustMethods methods) {
    return new SelfMembers(lookup, Set.of("self", "Self"), false, methods);
  }

  /** The rule for one language; null when the language has no self members here. */
  public static SelfMembers of(Language language, Lookup lookup) {
    switch (language) {
      case RUST:
        return forRust(lookup, new RustMethods(lookup));
      case CSHARP:
        return new SelfMembers(lookup, Set.of("this"), true, null);
      case RUBY:
        return new SelfMembers(lookup, Set.of("self"), true, null);
      case PHP:
        return new SelfMembers(lookup, Set.of("$this", "this", "self", "static"), false, null);
      default:
        return null;
    }
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT || ref.role() == RefRole.SUPER_CALL) {
      return Optional.empty();
    }
    boolean self = ref.receiver() != null && selfWords.contains(ref.receiver().strip());
    // a bare name is a member only where a value or a call is (never a type: `Cart` in class Cart is the
    // class, not its constructor)
    boolean bare = bareMembers && ref.receiver() == null
        && (ref.role() == RefRole.READ || ref.role() == RefRole.WRITE || ref.role() == RefRole.CALL);
    if (!self && !bare) {
      return Optional.empty();
    }
    DefHit type = enclosingType(path, f, ref.container());
    if (type == null) {
      return Optional.empty();
    }
    List<DefHit> found = new ArrayList<>();
    members(type, ref.name(), 0, found);
    // a field and a method may share a name (Rust, PHP): a call names the method, any other use the field
    List<DefHit> fit = new ArrayList<>();
    for (DefHit h : found) {
      if (h.definition().kind().isCallable() == ref.role().isCall()) {
        fit.add(h);
      }
    }
    List<DefHit> out = fit.isEmpty() ? found : fit;
    return out.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(new LinkedHashSet<>(out)));
  }

  /** The nearest enclosing type of a container, or of a Rust method, its {@code self} parameter's type. */
  private DefHit enclosingType(String path, FileFacts f, int container) {
    List<Definition> defs = f.definitions();
    for (int c = container; c >= 0; c = defs.get(c).container()) {
      Definition d = defs.get(c);
      if (d.kind().isType()) {
        return new DefHit(path, c, d);
      }
      if (d.kind() == SymbolKind.METHOD && f.language() == Language.RUST) {
        String selfType = selfType(f, c);
        if (selfType != null) {
          return typeNamed(path, selfType);
        }
      }
    }
    return null;
  }

  /** The base name of a Rust method's {@code self} type ({@code impl<T> Cart<T>}: Cart), or null. */
  private static String selfType(FileFacts f, int method) {
    for (int i : FactsIndex.of(f).children(method)) {
      Definition p = f.definitions().get(i);
      if (p.kind() == SymbolKind.PARAMETER && p.name().equals("self") && p.type() != null) {
        return baseName(p.type());
      }
    }
    return null;
  }

  /** {@code a::b::Cart<T>}, {@code &mut Cart}: Cart. */
  private static String baseName(String type) {
    String s = type.strip();
    int lt = s.indexOf('<');
    if (lt >= 0) {
      s = s.substring(0, lt);
    }
    s = s.substring(s.lastIndexOf(':') + 1).replace("&", "").replace("mut ", "").strip();
    int dot = s.lastIndexOf('.');
    return dot >= 0 ? s.substring(dot + 1) : s;
  }

  /** The type declared as {@code name}: in the same file if it is there, else the only one of the language. */
  private DefHit typeNamed(String path, String name) {
    DefHit elsewhere = null;
    int count = 0;
    for (DefHit h : lookup.definitionsNamed(name)) {
      if (!h.definition().kind().isType()) {
        continue;
      }
      if (h.path().equals(path)) {
        return h;
      }
      FileFacts hf = lookup.facts(h.path());
      FileFacts pf = lookup.facts(path);
      if (hf != null && pf != null && hf.language().interoperatesWith(pf.language())) {
        elsewhere = h;
        count++;
      }
    }
    return count == 1 ? elsewhere : null;
  }

  /**
   * Adds the members named {@code name} of a type: those declared in it (in Rust, also the methods whose
   * {@code self} has its type), else those of its supertypes.
   */
  private void members(DefHit type, String name, int depth, List<DefHit> out) {
    FileFacts tf = lookup.facts(type.path());
    if (tf == null || depth > MAX_DEPTH) {
      return;
    }
    int before = out.size();
    for (int i : FactsIndex.of(tf).named(name)) {
      Definition d = tf.definitions().get(i);
      if (d.container() == type.ordinal() && !d.kind().isLocal() && d.kind() != SymbolKind.CONSTRUCTOR) {
        out.add(new DefHit(type.path(), i, d));
      }
    }
    if (rustMethods != null && tf.language() == Language.RUST) {
      for (RustMethods.Method m : rustMethods.named(name)) {
        if (m.selfParamType() != null && type.definition().name().equals(baseName(m.selfParamType()))) {
          out.add(m.hit());
        }
      }
    }
    if (out.size() > before) {
      return;
    }
    for (Reference e : FactsIndex.of(tf).inherits()) {
      if (type.definition().span().contains(e.span()) && e.container() == type.ordinal()) {
        DefHit sup = typeNamed(type.path(), e.name());
        if (sup != null && !sup.equals(type)) {
          members(sup, name, depth + 1, out);
        }
      }
    }
  }
}
