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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PHP namespaces and {@code use} (issue 12), after {@link SelfMembers}, as PHP resolves names at compile
 * time. A name written {@code \A\B} is fully qualified; {@code A\B} has its first segment replaced by what a
 * {@code use} binds to it ({@code use X\A;}, {@code use X\Y as A;}), else is prefixed with the file's
 * namespace; an unqualified class name ({@code new B}, a type, {@code B::f()}) is what a {@code use} binds,
 * else the namespace's {@code B}; an unqualified function or constant is what a {@code use function} /
 * {@code use const} binds, else the namespace's, else the global one (PHP's fallback). A top-level
 * declaration's fully qualified name is its file's namespace and its name. {@code new B} names the class and
 * its own {@code __construct}; {@code B::m} a member declared in the class B names.
 *
 * <p>Cannot tell ({@link Optional#empty()}): nothing so named in the workspace (a library), a member not
 * declared in the class itself (inherited), a receiver that is an expression, names in {@code use} and
 * {@code namespace} statements. Case is compared as PHP does (insensitively), though lookups are by the
 * name as spelled. A file may declare several namespaces ({@code namespace A; ... namespace B;}, or braced
 * blocks): the PHP query gives each namespace declaration as an import without a name, and a name, a
 * declaration or a {@code use} belongs to the namespace declared last before it; a {@code use} binds only in
 * its namespace's block ({@code namespace { }}, the global block, comes as an import named {@code namespace}).
 */
final class PhpResolver implements LanguageResolver {
  private static final Pattern CLASS_PATH = Pattern.compile("\\\\?[\\p{L}_][\\p{L}\\p{N}_]*(\\\\[\\p{L}_][\\p{L}\\p{N}_]*)*");

  private final Lookup lookup;
  private final SelfMembers self;

  PhpResolver(Lookup lookup) {
    this.lookup = lookup;
    this.self = SelfMembers.of(Language.PHP, lookup);
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT) {
      for (Import imp : f.imports()) {
        if (imp.span().contains(ref.span()) && imp.name() != null
            && (imp.name().equals(ref.name()) || imp.name().endsWith("\\" + ref.name()))) {
          return found(named(ref.name(), full(imp), k -> k.isType() || k == SymbolKind.FUNCTION
              || k == SymbolKind.CONSTANT));
        }
      }
      return Optional.empty();
    }
    if (ref.role() == RefRole.SUPER_CALL) {
      return Optional.empty();
    }
    Optional<List<DefHit>> member = self.resolve(path, f, ref);
    if (member.isPresent()) {
      return member;
    }
    if (inStatement(f, ref)) {
      return Optional.empty();
    }
    String r = ref.receiver() == null ? null : ref.receiver().strip();
    String written;
    if (r == null) {
      written = ref.name();
    } else if (r.equals("\\" + ref.name()) || r.endsWith("\\" + ref.name()) && CLASS_PATH.matcher(r).matches()) {
      written = r;
    } else if (CLASS_PATH.matcher(r).matches() && !isRelative(r)) {
      // B::m, B::CONST: a member declared in the class B names
      return found(members(classes(f, ref.span(), r), ref));
    } else {
      return Optional.empty();
    }
    switch (ref.role()) {
      case TYPE: case NEW: case INHERIT: case ANNOTATION:
        return found(withConstructors(ref, classes(f, ref.span(), written)));
      case CALL:
        return found(functionOrConstant(f, ref.span(), written, SymbolKind.FUNCTION));
      case READ: {
        List<DefHit> out = new ArrayList<>(classes(f, ref.span(), written));
        out.addAll(functionOrConstant(f, ref.span(), written, SymbolKind.CONSTANT));
        return found(out);
      }
      default:
        return Optional.empty();
    }
  }

  private static boolean isRelative(String r) {
    String l = r.toLowerCase(java.util.Locale.ROOT);
    return l.equals("self") || l.equals("static") || l.equals("parent");
  }

  private static Optional<List<DefHit>> found(List<DefHit> hits) {
    return hits.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(new LinkedHashSet<>(hits)));
  }

  /** An import's fully qualified name, without a leading backslash. */
  private static String full(Import imp) {
    String m = imp.module().startsWith("\\") ? imp.module().substring(1) : imp.module();
    String n = imp.name().startsWith("\\") ? imp.name().substring(1) : imp.name();
    return m.isEmpty() ? n : m + "\\" + n;
  }

  /** Whether an import of the PHP query is a namespace declaration (a {@code use} always names something). */
  private static boolean isNamespace(Import imp) {
    return imp.name() == null;
  }

  /** The namespace in effect at {@code at}: the one declared last before it, "" (global) for none. */
  static String namespaceAt(FileFacts f, Span at) {
    String ns = "";
    for (Import imp : f.imports()) { // in source order
      if (isNamespace(imp) && Span.compareStart(imp.span(), at) <= 0) {
        // `namespace { }` (the global block) comes as its keyword
        ns = imp.module().equals("namespace") ? "" : imp.module().startsWith("\\") ? imp.module().substring(1) : imp.module();
      }
    }
    return ns;
  }

  /** Whether {@code imp} is in the namespace block of {@code at} (no namespace declaration between them). */
  private static boolean sameBlock(FileFacts f, Import imp, Span at) {
    Span a = imp.span();
    Span b = at;
    if (Span.compareStart(a, b) > 0) {
      Span t = a;
      a = b;
      b = t;
    }
    for (Import n : f.imports()) {
      if (isNamespace(n) && Span.compareStart(n.span(), a) > 0 && Span.compareStart(n.span(), b) <= 0) {
        return false;
      }
    }
    return true;
  }

  /** The import that binds an unqualified name at {@code at} (its alias, or its last segment), or null. */
  private static Import binding(FileFacts f, Span at, String name) {
    for (Import imp : f.imports()) {
      if (isNamespace(imp) || !sameBlock(f, imp, at)) {
        continue;
      }
      String bound = imp.alias() != null ? imp.alias() : imp.name().substring(imp.name().lastIndexOf('\\') + 1);
      if (bound.equalsIgnoreCase(name)) {
        return imp;
      }
    }
    return null;
  }

  /** The fully qualified name a qualified or class name at {@code at} stands for (PHP's compile-time rules). */
  private static String qualify(FileFacts f, Span at, String written) {
    if (written.startsWith("\\")) {
      return written.substring(1);
    }
    int cut = written.indexOf('\\');
    String first = cut < 0 ? written : written.substring(0, cut);
    Import imp = binding(f, at, first);
    if (imp != null) {
      return full(imp) + (cut < 0 ? "" : written.substring(cut));
    }
    String ns = namespaceAt(f, at);
    return ns.isEmpty() ? written : ns + "\\" + written;
  }

  /** The classes (interfaces, traits, enums) a class name stands for. */
  private List<DefHit> classes(FileFacts f, Span at, String written) {
    String fq = qualify(f, at, written);
    return named(fq.substring(fq.lastIndexOf('\\') + 1), fq, SymbolKind::isType);
  }

  /** A function or constant: what a use binds, else the namespace's, else the global one. */
  private List<DefHit> functionOrConstant(FileFacts f, Span at, String written, SymbolKind kind) {
    String fq = qualify(f, at, written);
    String simple = fq.substring(fq.lastIndexOf('\\') + 1);
    if (written.contains("\\") || binding(f, at, written) != null) {
      return named(simple, fq, k -> k == kind);
    }
    List<DefHit> local = named(simple, fq, k -> k == kind);
    return local.isEmpty() ? named(simple, simple, k -> k == kind) : local;
  }

  /** The top-level PHP declarations named {@code name} whose fully qualified name is {@code fq}. */
  private List<DefHit> named(String name, String fq, java.util.function.Predicate<SymbolKind> kind) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamed(name)) {
      FileFacts hf = lookup.facts(h.path());
      Definition d = h.definition();
      if (hf == null || hf.language() != Language.PHP || d.container() >= 0 || !kind.test(d.kind())) {
        continue;
      }
      String ns = namespaceAt(hf, d.nameSpan());
      String own = ns.isEmpty() ? d.name() : ns + "\\" + d.name();
      if (own.equalsIgnoreCase(fq)) {
        out.add(h);
      }
    }
    return out;
  }

  /** The members named like the use declared in the given classes (a call: methods, else the others). */
  private List<DefHit> members(List<DefHit> classes, Reference ref) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit c : classes) {
      FileFacts cf = lookup.facts(c.path());
      if (cf == null) {
        continue;
      }
      for (int i : FactsIndex.of(cf).named(ref.name())) {
        Definition d = cf.definitions().get(i);
        if (d.container() == c.ordinal() && !d.kind().isLocal() && d.kind().isCallable() == ref.role().isCall()) {
          out.add(new DefHit(c.path(), i, d));
        }
      }
    }
    return out;
  }

  /** {@code new B} names the class and its own constructor. */
  private List<DefHit> withConstructors(Reference ref, List<DefHit> classes) {
    List<DefHit> out = new ArrayList<>(classes);
    if (ref.role() == RefRole.NEW) {
      for (DefHit c : classes) {
        FileFacts cf = lookup.facts(c.path());
        if (cf == null) {
          continue;
        }
        for (int i : FactsIndex.of(cf).children(c.ordinal())) {
          Definition d = cf.definitions().get(i);
          if (d.kind() == SymbolKind.CONSTRUCTOR) {
            out.add(new DefHit(c.path(), i, d));
          }
        }
      }
    }
    return out;
  }

  /** Names in {@code use} and {@code namespace} statements are not decided here. */
  private static boolean inStatement(FileFacts f, Reference ref) {
    for (Import imp : f.imports()) {
      // a namespace declaration's import spans its name (a braced block's code may follow on its line)
      if (isNamespace(imp) ? imp.span().contains(ref.span())
          : imp.span().startLine() <= ref.span().startLine() && ref.span().startLine() <= imp.span().endLine()) {
        return true;
      }
    }
    if (ref.container() >= 0 || ref.receiver() != null || ref.role() != RefRole.READ) {
      return false;
    }
    for (Import imp : f.imports()) {
      if (isNamespace(imp) && List.of(imp.module().split("\\\\")).contains(ref.name())) {
        return true;
      }
    }
    return false;
  }
}
