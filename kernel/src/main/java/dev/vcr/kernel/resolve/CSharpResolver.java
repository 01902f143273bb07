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
 * C# namespaces and {@code using} directives (issue 12), after {@link SelfMembers}. A name {@code N}, or a
 * qualified {@code R.N} ({@code R} a namespace or type path, {@code global::} dropped), is looked up level by
 * level from the use outwards, as the C# specification's namespace-or-type-name lookup: the enclosing
 * members (a level per enclosing declaration, by qualified name), then each enclosing namespace (the
 * prefixes of the innermost one's name, then the global namespace). At a level {@code L}, the declarations
 * whose qualified name is {@code L.R.N} bind; at a namespace level, then the using directives written in
 * that namespace's declaration (or at the top of the file, for the global level): an alias ({@code using
 * A = X.Y;}) for the name or the first segment of {@code R}; a namespace ({@code using X;}) for a type
 * directly in {@code X} (or for {@code R.N}, a member of the type {@code X.R}); {@code using static X.T;}
 * for the members of {@code T}. The first level with an answer decides.
 *
 * <p>Cannot tell ({@link Optional#empty()}): nothing found at any level (a {@code global using} in another
 * file, a library), a receiver that is a value (a local, an expression), a value or call named inside a type
 * with supertypes (an inherited member), the names in using and namespace directives.
 */
final class CSharpResolver implements LanguageResolver {
  private static final Pattern PATH = Pattern.compile("[\\p{L}_@][\\p{L}\\p{N}_]*(\\.[\\p{L}_@][\\p{L}\\p{N}_]*)*");

  private final Lookup lookup;
  private final SelfMembers self;
  /** For the file last asked about: its namespace declarations, and the one around each import (or -1). */
  private FileFacts cachedFor;
  private int[] namespaces;
  private final java.util.IdentityHashMap<Import, Integer> importNamespace = new java.util.IdentityHashMap<>();

  CSharpResolver(Lookup lookup) {
    this.lookup = lookup;
    this.self = SelfMembers.of(Language.CSHARP, lookup);
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT) {
      return imported(f, ref);
    }
    if (ref.role() == RefRole.SUPER_CALL) {
      return Optional.empty();
    }
    Optional<List<DefHit>> member = self.resolve(path, f, ref);
    if (member.isPresent()) {
      return member;
    }
    String r = ref.receiver() == null ? "" : ref.receiver().replaceAll("\\s+", "");
    if (r.startsWith("global::")) {
      r = r.substring("global::".length());
    }
    if (!r.isEmpty() && !PATH.matcher(r).matches() || inDirective(f, ref)) {
      return Optional.empty();
    }
    String[] segs = r.isEmpty() ? new String[0] : r.split("\\.");
    if (segs.length > 0 && (segs[0].equals("this") || segs[0].equals("base")
        || Scopes.local(f, segs[0], ref.span()) >= 0)) {
      return Optional.empty();
    }
    List<DefHit> candidates = candidates(ref);
    String first = segs.length > 0 ? segs[0] : ref.name();
    if (candidates.isEmpty() && f.imports().stream().noneMatch(i -> first.equals(i.alias()))) {
      return Optional.empty();
    }
    List<Definition> defs = f.definitions();
    String inner = ref.container() >= 0 ? defs.get(ref.container()).qualifiedName() : f.packageName();
    java.util.Map<String, List<DefHit>> byQualifier = new java.util.HashMap<>();
    for (DefHit c : candidates) {
      byQualifier.computeIfAbsent(qualifier(c), k -> new ArrayList<>()).add(c);
    }
    for (String level : levels(inner)) {
      List<DefHit> hits = new ArrayList<>(byQualifier.getOrDefault(join(level, r), List.of()));
      if (hits.isEmpty()) {
        usings(f, ref, level, segs, byQualifier, hits);
      }
      if (!hits.isEmpty()) {
        return Optional.of(withConstructors(ref, hits));
      }
      int type = enclosingTypeNamed(f, ref, level);
      if (type >= 0 && !typeRole(ref.role()) && hasSupertypes(f, type)) {
        return Optional.empty(); // an inherited member may be meant
      }
    }
    return Optional.empty();
  }

  /**
   * The type a using directive names ({@code using A = X.Y;}, {@code using static X.Y;}): the declarations
   * whose qualified name is the one written (using directives are not relative to each other).
   */
  private Optional<List<DefHit>> imported(FileFacts f, Reference ref) {
    for (Import imp : f.imports()) {
      if (!imp.span().contains(ref.span())) {
        continue;
      }
      String written = imp.name() != null ? join(imp.module(), imp.name()) : imp.module();
      List<DefHit> out = new ArrayList<>();
      for (DefHit h : candidates(ref)) {
        if (h.definition().qualifiedName().equals(written) && h.definition().kind().isType()) {
          out.add(h);
        }
      }
      return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }
    return Optional.empty();
  }

  /** The same-named C# declarations a use of this role can name (types only in type positions). */
  private List<DefHit> candidates(Reference ref) {
    List<DefHit> out = new ArrayList<>();
    for (DefHit h : lookup.definitionsNamed(ref.name())) {
      SymbolKind k = h.definition().kind();
      FileFacts hf = lookup.facts(h.path());
      if (hf == null || hf.language() != Language.CSHARP || k.isLocal() || k == SymbolKind.NAMESPACE
          || k == SymbolKind.CONSTRUCTOR || typeRole(ref.role()) && !k.isType()) {
        continue;
      }
      out.add(h);
    }
    return out;
  }

  private static boolean typeRole(RefRole role) {
    return role == RefRole.TYPE || role == RefRole.NEW || role == RefRole.INHERIT || role == RefRole.ANNOTATION;
  }

  /** A qualified name and its prefixes, longest first, then the global namespace "". */
  static List<String> levels(String qualified) {
    List<String> out = new ArrayList<>();
    String q = qualified == null ? "" : qualified;
    while (!q.isEmpty()) {
      out.add(q);
      int dot = q.lastIndexOf('.');
      q = dot < 0 ? "" : q.substring(0, dot);
    }
    out.add("");
    return out;
  }

  static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "." + b;
  }

  /** The qualified name of what declares a definition: its qualified name without its own name. */
  private static String qualifier(DefHit h) {
    String qn = h.definition().qualifiedName();
    String name = h.definition().name();
    if (qn.equals(name)) {
      return "";
    }
    return qn.endsWith("." + name) ? qn.substring(0, qn.length() - name.length() - 1) : "\0";
  }

  /** Adds what the using directives of namespace level {@code level} that are in scope at the use bind. */
  private void usings(FileFacts f, Reference ref, String level, String[] segs,
      java.util.Map<String, List<DefHit>> byQualifier, List<DefHit> hits) {
    String first = segs.length > 0 ? segs[0] : ref.name();
    String rest = segs.length > 0 ? String.join(".", List.of(segs).subList(1, segs.length)) : "";
    for (Import imp : f.imports()) {
      int ns = namespaceOf(f, imp);
      String impLevel = ns < 0 ? "" : f.definitions().get(ns).qualifiedName();
      if (!impLevel.equals(level) || ns >= 0 && !f.definitions().get(ns).span().contains(ref.span())) {
        continue;
      }
      if (imp.alias() != null && imp.alias().equals(first)) {
        String target = join(imp.module(), imp.name() == null ? "" : imp.name());
        if (segs.length == 0) {
          // the alias itself is the name: what it stands for, named differently
          for (DefHit h : lookup.definitionsNamed(imp.name() == null ? "" : imp.name())) {
            FileFacts hf = lookup.facts(h.path());
            if (hf != null && hf.language() == Language.CSHARP && h.definition().kind().isType()
                && h.definition().qualifiedName().equals(target)) {
              hits.add(h);
            }
          }
        } else {
          hits.addAll(byQualifier.getOrDefault(join(target, rest), List.of()));
        }
      } else if (imp.alias() == null && imp.wildcard()) {
        String prefix = join(imp.module(), String.join(".", segs));
        for (DefHit c : byQualifier.getOrDefault(prefix, List.of())) {
          // a namespace brings in its types (their members only through them), a static using a type's members
          if (typesAbove(c, segs.length + (imp.isStatic() ? 1 : 0))) {
            hits.add(c);
          }
        }
      }
    }
  }

  /** Whether the {@code depth} declarations enclosing a candidate are all types (not namespaces). */
  private boolean typesAbove(DefHit c, int depth) {
    FileFacts cf = lookup.facts(c.path());
    int at = c.definition().container();
    for (int i = 0; i < depth; i++) {
      if (cf == null || at < 0 || !cf.definitions().get(at).kind().isType()) {
        return false;
      }
      at = cf.definitions().get(at).container();
    }
    return at < 0 || cf.definitions().get(at).kind() == SymbolKind.NAMESPACE;
  }

  /** The innermost namespace declaration (a block) containing an import, or -1. */
  private int namespaceOf(FileFacts f, Import imp) {
    int[] ns = namespaces(f);
    return importNamespace.computeIfAbsent(imp, i -> {
      int best = -1;
      List<Definition> defs = f.definitions();
      for (int n : ns) {
        if (defs.get(n).span().contains(i.span()) && (best < 0 || defs.get(best).span().contains(defs.get(n).span()))) {
          best = n;
        }
      }
      return best;
    });
  }

  /** The ordinals of a file's namespace declarations. */
  private int[] namespaces(FileFacts f) {
    if (cachedFor != f) {
      cachedFor = f;
      importNamespace.clear();
      List<Definition> defs = f.definitions();
      namespaces = java.util.stream.IntStream.range(0, defs.size())
          .filter(i -> defs.get(i).kind() == SymbolKind.NAMESPACE).toArray();
    }
    return namespaces;
  }

  @Override
  public void endOfFile() {
    cachedFor = null;
    namespaces = null;
    importNamespace.clear();
  }

  /** Names in using directives and namespace declarations are namespaces: not decided here. */
  private boolean inDirective(FileFacts f, Reference ref) {
    for (Import imp : f.imports()) {
      if (imp.span().startLine() <= ref.span().startLine() && ref.span().startLine() <= imp.span().endLine()) {
        return true;
      }
    }
    for (int n : namespaces(f)) {
      if (f.definitions().get(n).nameSpan().contains(ref.span())) {
        return true;
      }
    }
    return ref.container() < 0 && ref.receiver() == null && List.of(f.packageName().split("\\.")).contains(ref.name());
  }

  /** The enclosing type of the use whose qualified name is {@code level}, or -1. */
  private static int enclosingTypeNamed(FileFacts f, Reference ref, String level) {
    for (int c = ref.container(); c >= 0; c = f.definitions().get(c).container()) {
      Definition d = f.definitions().get(c);
      if (d.qualifiedName().equals(level)) {
        return d.kind().isType() ? c : -1;
      }
    }
    return -1;
  }

  private static boolean hasSupertypes(FileFacts f, int type) {
    for (dev.vcr.kernel.model.Reference r : FactsIndex.of(f).inherits()) {
      if (r.container() == type) {
        return true;
      }
    }
    return false;
  }

  /** {@code new T(..)} names the type and its constructors (those of the call's arity, if any has it). */
  private List<DefHit> withConstructors(Reference ref, List<DefHit> hits) {
    LinkedHashSet<DefHit> out = new LinkedHashSet<>(hits);
    if (ref.role() == RefRole.NEW) {
      for (DefHit t : hits) {
        FileFacts tf = lookup.facts(t.path());
        if (tf == null) {
          continue;
        }
        List<DefHit> all = new ArrayList<>();
        List<DefHit> fit = new ArrayList<>();
        for (int i : FactsIndex.of(tf).children(t.ordinal())) {
          Definition d = tf.definitions().get(i);
          if (d.kind() == SymbolKind.CONSTRUCTOR) {
            all.add(new DefHit(t.path(), i, d));
            if (d.arity() == ref.arity()) {
              fit.add(new DefHit(t.path(), i, d));
            }
          }
        }
        out.addAll(fit.isEmpty() ? all : fit);
      }
    }
    return List.copyOf(out);
  }
}
