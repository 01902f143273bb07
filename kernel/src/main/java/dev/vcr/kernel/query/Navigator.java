package dev.vcr.kernel.query;

import dev.vcr.kernel.index.DefEntry;
import dev.vcr.kernel.index.Hits.CallSite;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.index.Hits.RefHit;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.Location;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.query.Results.SymbolTree;
import static dev.vcr.kernel.model.Confidence.EXACT;
import static dev.vcr.kernel.model.Confidence.INFERRED;
import static dev.vcr.kernel.model.Confidence.NAME;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Answers navigation questions over a {@link SymbolSource}: what is at a position, its definition, its
 * references, its callers and callees, workspace symbols and a file's outline.
 *
 * <p>Resolution: parameters and locals bind by scope first and never match workspace symbols; then the
 * file's language resolver ({@code resolve/Resolvers}: Java, Python, JavaScript/TypeScript, Go; self members
 * in Rust, C#, Ruby and PHP) decides.
 * Where it cannot tell, references and call hierarchy give nothing for Java, while definition (and every
 * request in the dynamic languages) falls back to same-named definitions that fit the use: calls to
 * callables of the same arity, type uses to types, {@code new} to constructors or the class. In Python,
 * references and call hierarchy take an undecided attribute ({@code x.name}, {@code x} untyped) by name
 * only when one declaration fits. Measured on the kit's Python corpus (issue 12), against keeping every
 * candidate: references P/R 96.0/98.9 to 98.7/97.2, incoming calls 90.4/98.6 to 98.9/96.2, outgoing calls
 * 69.8/95.7 to 91.8/95.7; no fallback at all for attributes scored the same but outgoing recall 94.3.
 * TypeScript follows the same rule since its resolver types most receivers (session 14; on an earlier
 * resolver it cost more recall than it bought, references 80.9/94.8 to 83.7/91.0): on the gated corpus
 * references 96.2/96.9 to 98.2/95.7, the rest unchanged; on the mobx holdout, whose code is typed {@code any}
 * in many places, references 90.1/97.0 to 97.1/95.7, incoming calls 79.1/91.5 to 93.7/85.4, outgoing
 * 80.5/95.9 to 98.5/89.0, definition unchanged. JavaScript, with no corpus to measure it on, keeps every
 * candidate.
 *
 * <p>One instance per request: it caches the facts and definitions it reads, so it answers from one
 * consistent view. Its methods synchronise on it; it is thread-safe if the source is.
 */
public final class Navigator implements dev.vcr.kernel.resolve.Lookup {
  private final SymbolSource source;
  private final Map<String, Optional<FileFacts>> factsCache;
  private final Map<String, List<DefHit>> defsCache;
  private final Map<String, List<DefEntry>> entriesCache;
  private final dev.vcr.kernel.resolve.Resolvers resolvers = new dev.vcr.kernel.resolve.Resolvers(this);

  private final boolean requestCaches;

  public Navigator(SymbolSource source) {
    this(source, true);
  }

  /**
   * A navigator; with {@code requestCaches} false its own caches of facts and by-name lists are small and
   * least-recently-used, so it can live across a whole resolution pass (whose source caches more, bounded).
   */
  public Navigator(SymbolSource source, boolean requestCaches) {
    this.source = source;
    this.requestCaches = requestCaches;
    this.factsCache = requestCaches ? new HashMap<>() : dev.vcr.kernel.memo.Lru.of(512);
    this.definitionsCache = requestCaches ? new HashMap<>() : dev.vcr.kernel.memo.Lru.of(512);
    this.defsCache = requestCaches ? new HashMap<>() : dev.vcr.kernel.memo.Lru.of(4096);
    this.entriesCache = requestCaches ? new HashMap<>() : dev.vcr.kernel.memo.Lru.of(16_384);
    this.fallbacks = requestCaches ? new HashMap<>() : dev.vcr.kernel.memo.Lru.of(65_536);
  }

  /** Forgets the resolvers' memos of one file's expressions (see {@code LanguageResolver#endOfFile}). */
  public synchronized void endOfFile() {
    for (dev.vcr.kernel.lang.Language l : dev.vcr.kernel.lang.Language.values()) {
      dev.vcr.kernel.resolve.LanguageResolver r = resolvers.made(l);
      if (r != null) {
        r.endOfFile();
      }
    }
    idsCache.clear();
    singleIds.clear();
  }

  // ---------------------------------------------------------------------------------- what is here

  /** What a position points at: a definition (def != null) or a reference (ref != null). */
  public record Target(String path, FileFacts facts, int defOrdinal, Definition def, int refOrdinal, Reference ref) {}

  @Override
  public synchronized FileFacts facts(String path) {
    // get, then put: a lambda per call is an invokedynamic a first-tier build calls without inlining
    Optional<FileFacts> f = factsCache.get(path);
    if (f == null) {
      f = Optional.ofNullable(source.facts(path));
      factsCache.put(path, f);
    }
    return f.orElse(null);
  }

  /** The definitions of a file, without its references when they are not decoded already; null if unknown. */
  @Override
  public synchronized List<Definition> definitionsIn(String path) {
    Optional<FileFacts> f = factsCache.get(path);
    if (f != null) {
      return f.map(FileFacts::definitions).orElse(null);
    }
    Optional<List<Definition>> d = definitionsCache.get(path);
    if (d == null) {
      d = Optional.ofNullable(source.definitionsIn(path));
      definitionsCache.put(path, d);
    }
    return d.orElse(null);
  }

  private final Map<String, Optional<List<Definition>>> definitionsCache;

  public Optional<Target> targetAt(FilePosition pos) {
    FileFacts f = facts(pos.path());
    if (f == null) {
      return Optional.empty();
    }
    List<Reference> refs = f.references();
    List<Definition> defs = f.definitions();
    for (int i = 0; i < refs.size(); i++) {
      if (covers(refs.get(i).span(), pos)) {
        // a name that is both (Go's embedded field, also a use of its type) is asked about as the definition
        for (int d : dev.vcr.kernel.resolve.FactsIndex.of(f).named(refs.get(i).name())) {
          if (defs.get(d).nameSpan().equals(refs.get(i).span())) {
            return Optional.of(new Target(pos.path(), f, d, defs.get(d), -1, null));
          }
        }
        return Optional.of(new Target(pos.path(), f, -1, null, i, refs.get(i)));
      }
    }
    for (int i = 0; i < defs.size(); i++) {
      if (covers(defs.get(i).nameSpan(), pos)) {
        return Optional.of(new Target(pos.path(), f, i, defs.get(i), -1, null));
      }
    }
    return Optional.empty();
  }

  /**
   * A definition's name that is also a use (Go's embedded field {@code struct{ T }} uses the type T) as that
   * use: go-to-definition goes to the type, references and the call hierarchy are the field's.
   */
  private static Target asUse(Target t) {
    if (t.def() == null) {
      return t;
    }
    List<Reference> refs = t.facts().references();
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).span().equals(t.def().nameSpan())) {
        return new Target(t.path(), t.facts(), -1, null, i, refs.get(i));
      }
    }
    return t;
  }

  private static boolean covers(Span s, FilePosition p) {
    return p.utf16() ? s.containsUtf16Col(p.line(), p.character()) : s.containsByteCol(p.line(), p.character());
  }

  // ---------------------------------------------------------------------------------- definition

  public List<Location> definition(FilePosition pos) {
    List<Location> out = new ArrayList<>();
    Optional<Target> t = targetAt(pos);
    if (t.isEmpty()) {
      return out;
    }
    for (DefHit d : declarationsLenient(t.get())) {
      if (t.get().def() != null && t.get().facts().language().family() == dev.vcr.kernel.lang.Language.C) {
        d = overloadImplementation(d); // at a C prototype (a C++ member's declaration): its definition
      }
      out.add(new Location(d.path(), d.definition().nameSpan()));
    }
    return out;
  }

  /**
   * The definitions a target stands for: itself for a definition, the resolved candidates for a reference.
   * At a method reference to an overloaded method, the overloads (asked from there, any of them is meant).
   */
  public List<DefHit> declarationsOf(Target t) {
    if (t.def() != null) {
      return List.of(new DefHit(t.path(), t.defOrdinal(), t.def()));
    }
    List<DefHit> found = resolve(t.path(), t.facts(), t.ref());
    if (!found.isEmpty() || !isMethodReference(t.facts(), t.ref())) {
      return found;
    }
    synchronized (this) {
      return resolvers.forLanguage(t.facts().language()).resolve(t.path(), t.facts(), t.ref()).orElse(found);
    }
  }

  /**
   * What go-to-definition answers for a target: like {@link #declarationsOf}, but where resolution cannot
   * decide, the same-named definitions that fit the use (see {@link #resolveLenient}).
   */
  public List<DefHit> declarationsLenient(Target t) {
    Target use = asUse(t);
    if (use.def() != null) {
      return List.of(new DefHit(use.path(), use.defOrdinal(), use.def()));
    }
    return resolveLenient(use.path(), use.facts(), use.ref());
  }

  /** The definitions a reference names; nothing when Java resolution cannot decide (see {@link #resolveLenient}). */
  public List<DefHit> resolve(String path, FileFacts f, Reference ref) {
    return resolve(path, f, ref, true);
  }

  /**
   * Like {@link #resolve}, but where Java resolution cannot decide (an untyped lambda parameter, a member
   * of a library type's result) it falls back to same-named definitions that fit the use. Measured on the
   * accuracy kit, that fallback adds almost no recall to references and call hierarchy while costing 3 to
   * 27 points of precision, so only go-to-definition, where a ranked guess beats an empty answer, uses it.
   */
  public List<DefHit> resolveLenient(String path, FileFacts f, Reference ref) {
    return resolve(path, f, ref, false);
  }

  private List<DefHit> resolve(String path, FileFacts f, Reference ref, boolean strict) {
    return resolution(path, f, ref, strict).targets();
  }

  /** What a reference resolves to, and how: {@code local} when it binds to a parameter or local of its file. */
  public record Resolution(List<DefHit> targets, dev.vcr.kernel.model.Confidence how, boolean local) {}

  /** The strict resolution of a reference, as references and call hierarchy use it and the index stores it. */
  public Resolution resolution(String path, FileFacts f, Reference ref) {
    return resolution(path, f, ref, true);
  }

  private Resolution resolution(String path, FileFacts f, Reference ref, boolean strict) {
    Found found = found(path, f, ref, strict);
    return found.named() == null ? new Resolution(found.hits(), found.how(), found.local())
        : new Resolution(materialise(found.named(), ref.name()), NAME, false);
  }

  /**
   * A resolution as found: the declarations a resolver or scope named ({@code hits}), or the candidates of
   * the name fallback as the name table knows them ({@code named}, facts not read).
   */
  private record Found(List<DefHit> hits, List<DefEntry> named, dev.vcr.kernel.model.Confidence how, boolean local,
      dev.vcr.kernel.resolve.LanguageResolver.Unresolved unresolved) {
    static Found of(List<DefHit> hits, boolean local) {
      return new Found(hits, null, EXACT, local, null);
    }
  }

  private Found found(String path, FileFacts f, Reference ref, boolean strict) {
    int local = localBinding(f, ref);
    if (local >= 0) {
      return Found.of(List.of(new DefHit(path, local, f.definitions().get(local))), true);
    }
    dev.vcr.kernel.resolve.LanguageResolver lr;
    synchronized (this) {
      lr = resolvers.forLanguage(f.language());
    }
    if (lr != null) {
      synchronized (this) {
        Optional<List<DefHit>> exact = lr.resolve(path, f, ref);
        if (exact.isPresent() && strict && exact.get().size() > 1 && isMethodReference(f, ref)) {
          return Found.of(List.of(), false);
        }
        if (exact.isPresent() && exact.get().isEmpty()) {
          // Nothing in the workspace, because of the receiver's type: a library member, or a member a
          // workspace type lacks.
          dev.vcr.kernel.resolve.LanguageResolver.Unresolved why = lr.unresolvedMember(path, f, ref);
          if (why != null) {
            return new Found(List.of(), null, EXACT, false, why);
          }
        }
        if (exact.isPresent()) {
          return Found.of(exact.get(), false);
        }
        if (strict && f.language() == dev.vcr.kernel.lang.Language.JAVA) {
          // Measured on Java (typed receivers): the name fallback costs far more precision than it adds
          // recall. In Python and JavaScript untyped receivers are the norm, so the fallback stays.
          return Found.of(List.of(), false);
        }
      }
    } else if (ref.role() == RefRole.SUPER_CALL) {
      return Found.of(chainedConstructors(path, f, ref), false);
    }
    // The name fallback: same-named declarations of this language's family only (a Go use never names a
    // TypeScript declaration). It depends on the name, role, arity and family alone: memoised.
    String key = f.language().family().id() + '\0' + ref.role().ordinal() + '\0' + ref.arity() + '\0' + ref.name();
    List<DefEntry> known;
    synchronized (this) {
      known = fallbacks.get(key);
    }
    if (known == null) {
      known = nameFallback(path, f, ref);
      synchronized (this) {
        fallbacks.put(key, known);
      }
    }
    if (strict && known.size() > 1 && ref.receiver() != null && UNIQUE_MEMBER_FALLBACK.contains(f.language())) {
      // An attribute of a receiver whose value resolution cannot tell (an untyped parameter, a loop
      // variable): the name names it when one declaration fits, and is left out of references and the call
      // hierarchy when several do (see the class comment for the measurement).
      return Found.of(List.of(), false);
    }
    return new Found(null, known, NAME, false, null);
  }

  private static final java.util.Set<dev.vcr.kernel.lang.Language> UNIQUE_MEMBER_FALLBACK =
      java.util.EnumSet.of(dev.vcr.kernel.lang.Language.PYTHON, dev.vcr.kernel.lang.Language.GO,
          dev.vcr.kernel.lang.Language.C, dev.vcr.kernel.lang.Language.TYPESCRIPT,
          dev.vcr.kernel.lang.Language.TSX);

  private final Map<String, List<DefEntry>> fallbacks;

  private List<DefEntry> nameFallback(String path, FileFacts f, Reference ref) {
    List<DefEntry> all = new ArrayList<>();
    for (DefEntry d : entriesNamed(ref.name())) {
      dev.vcr.kernel.lang.Language dl = languageOf(d.path(), path, f);
      if (dl != null && f.language().interoperatesWith(dl)) {
        all.add(d);
      }
    }
    List<DefEntry> fit = new ArrayList<>();
    for (DefEntry d : all) {
      if (roleFits(ref.role(), d.kind())) {
        fit.add(d);
      }
    }
    if (ref.role() == RefRole.NEW) {
      List<DefEntry> ctors = new ArrayList<>();
      for (DefEntry d : fit) {
        if (d.kind() == SymbolKind.CONSTRUCTOR) {
          ctors.add(d);
        }
      }
      if (!ctors.isEmpty()) {
        fit = dev.vcr.kernel.resolve.JavaResolver.byArity(ctors, DefEntry::arity, ref.arity());
      }
    } else if (ref.role().isCall()) {
      fit = dev.vcr.kernel.resolve.JavaResolver.byArity(fit, DefEntry::arity, ref.arity());
    }
    return List.copyOf(fit.isEmpty() ? all : fit);
  }

  /** The definitions of name-table entries, read from their files' facts (an entry whose file changed since is left out). */
  private List<DefHit> materialise(List<DefEntry> entries, String name) {
    List<DefHit> out = new ArrayList<>(entries.size());
    for (DefEntry e : entries) {
      FileFacts df = facts(e.path());
      Definition d = df == null || e.ordinal() >= df.definitions().size() ? null : df.definitions().get(e.ordinal());
      if (d != null && d.kind() == e.kind() && d.name().equals(name)) {
        out.add(new DefHit(e.path(), e.ordinal(), d));
      }
    }
    return out;
  }

  /** Whether a reference resolves (strictly) to {@code d}, without reading the facts of name-fallback candidates. */
  private boolean resolvesTo(String path, FileFacts f, Reference ref, DefHit d) {
    Found found = found(path, f, ref, true);
    if (found.named() == null) {
      return found.hits().contains(d);
    }
    for (DefEntry e : found.named()) {
      if (e.ordinal() == d.ordinal() && e.path().equals(d.path())) {
        return true;
      }
    }
    return false;
  }

  /** What the resolution pass stores for a reference: the ids it resolves to, and how; null when nothing or a local. */
  public record Link(long[] ids, dev.vcr.kernel.model.Confidence how) {}

  /**
   * The link of a reference: its strict resolution as symbol ids ({@code idOf} gives a declaration's); a
   * name-fallback use with more than {@code maxNamed} candidates links to its name
   * ({@link dev.vcr.kernel.index.SymbolIds#nameId}) and is resolved again when one of them is asked for.
   */
  public Link link(String path, FileFacts f, Reference ref, java.util.function.ToLongFunction<DefHit> idOf,
      int maxNamed) {
    Found found = found(path, f, ref, true);
    if (found.local()) {
      return null;
    }
    long[] ids;
    int n = 0;
    if (found.named() != null) {
      if (found.named().size() > maxNamed) {
        return new Link(new long[] {dev.vcr.kernel.index.SymbolIds.nameId(f.language(), ref.name())}, NAME);
      }
      ids = new long[found.named().size()];
      for (DefEntry e : found.named()) {
        ids[n++] = e.id();
      }
    } else if (found.unresolved() != null) {
      // A library member's use links to the member's external id; it and a use of a member that a
      // workspace type lacks also carry the type name's dependency id, so a declaration of that name
      // appearing or going links this file again (SymbolStore.relink).
      long dependency = dev.vcr.kernel.index.SymbolIds.typeDependencyId(found.unresolved().type());
      long external = externalId(f, ref, found.unresolved());
      return new Link(external == 0 ? new long[] {dependency} : new long[] {external, dependency}, INFERRED);
    } else {
      ids = new long[found.hits().size()];
      for (DefHit d : found.hits()) {
        ids[n++] = d.definition().kind().isLocal() ? 0 : idOf.applyAsLong(d);
      }
    }
    n = distinct(ids, n);
    return n == 0 ? null : new Link(java.util.Arrays.copyOf(ids, n), found.how());
  }

  /** The external id of a library member's use, or 0 when the use names no library member. */
  private static long externalId(FileFacts f, Reference ref, dev.vcr.kernel.resolve.LanguageResolver.Unresolved why) {
    return why == null || !why.external() ? 0 : dev.vcr.kernel.index.SymbolIds.externalId(f.language(), why.type(),
        ref.name(), ref.role().isCall() ? ref.arity() : -1);
  }

  /** The external id a use links to (a library member as its receiver's type names it), or 0. */
  public long externalId(String path, FileFacts f, Reference ref) {
    Results.ExternalMember m = externalMember(path, f, ref);
    return m == null ? 0 : m.id();
  }

  /** The library member a use names (its receiver's type is a library type), or null. */
  public Results.ExternalMember externalMember(String path, FileFacts f, Reference ref) {
    Found found = found(path, f, ref, true);
    if (found.local() || found.named() != null) {
      return null;
    }
    long id = externalId(f, ref, found.unresolved());
    return id == 0 ? null : new Results.ExternalMember(id, found.unresolved().type(), ref.name(), ref.span());
  }

  /**
   * The uses of a library member ({@link #externalId}): its stored links, plus, in files the source
   * shadows (a session's unsaved documents), the same-named uses resolved now. In path and position order.
   */
  public List<RefHit> referencesToExternal(long id, String name) {
    List<RefHit> out = new ArrayList<>(source.linkedReferences(id));
    for (String p : source.shadowed()) {
      FileFacts f = facts(p);
      if (f == null) {
        continue;
      }
      for (int i = 0; i < f.references().size(); i++) {
        Reference r = f.references().get(i);
        if (r.name().equals(name) && externalId(p, f, r) == id) {
          out.add(new RefHit(p, i, r));
        }
      }
    }
    out.sort(Comparator.comparing(RefHit::path).thenComparingInt(RefHit::ordinal));
    return out;
  }

  /**
   * Keeps the first of each distinct non-zero id among {@code a[0..n)}, in their order, at the front of
   * {@code a}; returns how many. A use of an unknown receiver's method can have hundreds of candidates, so
   * beyond a few it looks ids up in a sorted copy instead of comparing each with those kept.
   */
  static int distinct(long[] a, int n) {
    if (n <= 16) {
      int kept = 0;
      next:
      for (int i = 0; i < n; i++) {
        long v = a[i];
        if (v == 0) {
          continue;
        }
        for (int j = 0; j < kept; j++) {
          if (a[j] == v) {
            continue next;
          }
        }
        a[kept++] = v;
      }
      return kept;
    }
    long[] sorted = java.util.Arrays.copyOf(a, n);
    java.util.Arrays.sort(sorted);
    boolean[] taken = new boolean[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      long v = a[i];
      if (v == 0) {
        continue;
      }
      int at = java.util.Arrays.binarySearch(sorted, v);
      while (at > 0 && sorted[at - 1] == v) {
        at--; // the first of its run: one flag per distinct id
      }
      if (!taken[at]) {
        taken[at] = true;
        a[kept++] = v;
      }
    }
    return kept;
  }

  /**
   * A Java method reference ({@code this::print}: a call without an argument list). When it names an
   * overloaded method, which overload it means depends on the functional interface it is converted to,
   * which is not resolved: definition offers the overloads, while references and call hierarchy, which
   * attribute each use to one declaration, do not count it.
   */
  private static boolean isMethodReference(FileFacts f, Reference ref) {
    return f.language() == dev.vcr.kernel.lang.Language.JAVA && ref.role() == RefRole.CALL && ref.arity() < 0;
  }

  /** A file's language: from its name when that tells (no need to read its facts), else from its facts. */
  private dev.vcr.kernel.lang.Language languageOf(String path, String usePath, FileFacts useFacts) {
    if (path.equals(usePath)) {
      return useFacts.language();
    }
    int slash = path.lastIndexOf('/');
    java.util.Optional<dev.vcr.kernel.lang.Language> byName =
        dev.vcr.kernel.lang.Language.forFileName(path.substring(slash + 1));
    if (byName.isPresent()) {
      return byName.get();
    }
    FileFacts df = facts(path);
    return df == null ? null : df.language();
  }

  static boolean roleFits(RefRole role, SymbolKind kind) {
    switch (role) {
      case CALL:
      case SUPER_CALL:
      case MACRO:
        return kind.isCallable() || kind == SymbolKind.FIELD || kind == SymbolKind.VARIABLE
            || kind == SymbolKind.CONSTANT || kind == SymbolKind.PROPERTY || kind.isType();
      case NEW:
        return kind.isType() || kind == SymbolKind.CONSTRUCTOR;
      case TYPE:
      case INHERIT:
      case ANNOTATION:
        return kind.isType() || kind == SymbolKind.MODULE || kind == SymbolKind.NAMESPACE
            || kind == SymbolKind.FUNCTION;
      case IMPORT:
        return true;
      case READ:
      case WRITE:
      default:
        return kind != SymbolKind.CONSTRUCTOR;
    }
  }

  /**
   * The parameter or local a reference binds to: one with the same name, declared before the reference,
   * whose scope contains it; the innermost wins. -1 when none.
   */
  static int localBinding(FileFacts f, Reference ref) {
    if (ref.receiver() != null || ref.role() == RefRole.SUPER_CALL) {
      return -1;
    }
    return dev.vcr.kernel.resolve.Scopes.local(f, ref.name(), ref.span());
  }

  /** {@code this(...)}: constructors of the enclosing class; {@code super(...)}: of its superclass. */
  private List<DefHit> chainedConstructors(String path, FileFacts f, Reference ref) {
    int cls = enclosingType(f, ref.container());
    if (cls < 0) {
      return List.of();
    }
    List<DefHit> out = new ArrayList<>();
    if (ref.name().equals("this")) {
      List<Definition> defs = f.definitions();
      for (int i = 0; i < defs.size(); i++) {
        if (defs.get(i).kind() == SymbolKind.CONSTRUCTOR && defs.get(i).container() == cls) {
          out.add(new DefHit(path, i, defs.get(i)));
        }
      }
    } else {
      for (Reference r : f.references()) {
        if (r.role() == RefRole.INHERIT && r.container() == cls) {
          for (DefHit d : definitionsNamed(r.name())) {
            if (d.definition().kind() == SymbolKind.CONSTRUCTOR) {
              out.add(d);
            }
          }
          break; // the first inherited name is the superclass
        }
      }
    }
    return dev.vcr.kernel.resolve.JavaResolver.byArity(out, ref.arity());
  }

  @Override
  public synchronized dev.vcr.kernel.lang.Language language(String path) {
    Optional<FileFacts> f = factsCache.get(path);
    if (f != null) {
      return f.map(FileFacts::language).orElse(null);
    }
    return source.language(path);
  }

  @Override
  public dev.vcr.kernel.resolve.IncludeEdges sharedIncludes() {
    return source.sharedIncludes();
  }

  @Override
  public dev.vcr.kernel.resolve.ProjectLayout layout() {
    return source.layout();
  }

  @Override
  public boolean unsaved(String path) {
    return source.shadowed().contains(path);
  }

  @Override
  public synchronized List<DefHit> definitionsNamedIn(String name,
      java.util.function.BiPredicate<String, SymbolKind> among) {
    List<DefHit> out = new ArrayList<>();
    namedIn(name, among, out, Integer.MAX_VALUE);
    return out;
  }

  @Override
  public synchronized boolean definesAnyIn(String name,
      java.util.function.BiPredicate<String, SymbolKind> among) {
    List<DefHit> first = new ArrayList<>(1);
    namedIn(name, among, first, 1);
    return !first.isEmpty();
  }

  /**
   * Adds to {@code out}, up to {@code limit}, the non-local definitions named {@code name} that {@code among}
   * accepts: from the cached definitions of the name, else from its name-table entries, reading only the
   * files of accepted entries.
   */
  private void namedIn(String name, java.util.function.BiPredicate<String, SymbolKind> among, List<DefHit> out,
      int limit) {
    List<DefHit> all = defsCache.get(name);
    if (all != null) {
      for (int i = 0; i < all.size() && out.size() < limit; i++) {
        DefHit d = all.get(i);
        if (!d.definition().kind().isLocal() && among.test(d.path(), d.definition().kind())) {
          out.add(d);
        }
      }
      return;
    }
    List<DefEntry> entries = entriesNamed(name);
    for (int i = 0; i < entries.size() && out.size() < limit; i++) {
      DefEntry e = entries.get(i);
      if (!e.kind().isLocal() && among.test(e.path(), e.kind())) {
        List<Definition> defs = definitionsIn(e.path());
        if (defs != null && e.ordinal() < defs.size()) {
          out.add(new DefHit(e.path(), e.ordinal(), defs.get(e.ordinal())));
        }
      }
    }
  }

  @Override
  public synchronized List<DefHit> definitionsNamed(String name) {
    List<DefHit> d = defsCache.get(name);
    if (d == null) {
      d = source.definitions(name);
      defsCache.put(name, d);
    }
    return d;
  }

  @Override
  public synchronized List<String> pathsDefining(String name) {
    if (defsCache.get(name) != null) {
      return dev.vcr.kernel.resolve.Lookup.super.pathsDefining(name);
    }
    List<DefEntry> entries = entriesNamed(name);
    List<String> out = new ArrayList<>(entries.size());
    for (DefEntry e : entries) {
      out.add(e.path());
    }
    return out;
  }

  /** The name table's entries for a name (see {@link SymbolSource#definitionEntries}). */
  public synchronized List<DefEntry> entriesNamed(String name) {
    List<DefEntry> e = entriesCache.get(name);
    if (e == null) {
      e = source.definitionEntries(name);
      entriesCache.put(name, e);
    }
    return e;
  }

  private static int enclosingType(FileFacts f, int ordinal) {
    int i = ordinal;
    while (i >= 0 && !f.definitions().get(i).kind().isType()) {
      i = f.definitions().get(i).container();
    }
    return i;
  }

  // ---------------------------------------------------------------------------------- references

  /**
   * The occurrences, in the position's file, of what the position names: its declarations there and the
   * references there that resolve to it (only this file's references are resolved, so a popular symbol
   * costs no more than a rare one). A name nothing declares highlights its same-spelled occurrences.
   */
  public List<Results.Highlight> highlights(FilePosition pos) {
    Optional<Target> t = targetAt(pos);
    if (t.isEmpty()) {
      return List.of();
    }
    String path = pos.path();
    FileFacts f = t.get().facts();
    List<DefHit> decls = declarationsOf(t.get());
    String name = t.get().ref() != null ? t.get().ref().name() : t.get().def().name();
    TreeMap<Span, Boolean> out = new TreeMap<>(Span::compareStart);
    for (DefHit d : decls) {
      if (d.path().equals(path)) {
        out.put(d.definition().nameSpan(), true);
      }
    }
    List<Reference> refs = f.references();
    long external = decls.isEmpty() && t.get().ref() != null ? externalId(path, f, t.get().ref()) : 0;
    for (int i = 0; i < refs.size(); i++) {
      Reference r = refs.get(i);
      if (!r.name().equals(name)) {
        continue;
      }
      boolean match = external != 0 ? externalId(path, f, r) == external
          : decls.isEmpty() ? t.get().ref() != null : anyResolvesTo(path, f, r, decls);
      if (match) {
        out.merge(r.span(), r.role() == RefRole.WRITE, Boolean::logicalOr);
      }
    }
    List<Results.Highlight> list = new ArrayList<>();
    out.forEach((span, write) -> list.add(new Results.Highlight(span, write)));
    return list;
  }

  private boolean anyResolvesTo(String path, FileFacts f, Reference r, List<DefHit> decls) {
    for (DefHit d : decls) {
      if (resolvesTo(path, f, r, d)) {
        return true;
      }
    }
    return false;
  }

  public List<Location> references(FilePosition pos, boolean includeDeclaration) {
    Optional<Target> t = targetAt(pos);
    if (t.isEmpty()) {
      return List.of();
    }
    List<DefHit> decls = declarationsOf(t.get());
    if (t.get().def() != null) {
      decls = overloadGroup(decls.get(0)); // asked at one overload signature: the whole symbol
    }
    if (decls.isEmpty() && t.get().ref() != null && !t.get().ref().argumentKey()) {
      // Nothing in the workspace declares it. A library member whose receiver's type is known: its uses,
      // as linked. Otherwise (the receiver's type is unknown): every same-named occurrence. Not for a key
      // of an object literal argument whose parameter type is unknown: the key names no declaration.
      Reference ref = t.get().ref();
      long external = externalId(pos.path(), t.get().facts(), ref);
      List<RefHit> uses = external != 0 ? referencesToExternal(external, ref.name()) : source.references(ref.name());
      List<Location> out = new ArrayList<>();
      for (RefHit h : uses) {
        out.add(new Location(h.path(), h.reference().span()));
      }
      return out;
    }
    return referencesOf(decls, includeDeclaration);
  }

  /** References to any of the given definitions (typically one), in path and position order. */
  public List<Location> referencesOf(List<DefHit> decls, boolean includeDeclaration) {
    TreeMap<String, List<Span>> byPath = new TreeMap<>();
    for (DefHit d : decls) {
      if (includeDeclaration) {
        byPath.computeIfAbsent(d.path(), k -> new ArrayList<>()).add(d.definition().nameSpan());
      }
      for (RefHit h : referencesTo(d)) {
        byPath.computeIfAbsent(h.path(), k -> new ArrayList<>()).add(h.reference().span());
      }
    }
    List<Location> out = new ArrayList<>();
    for (Map.Entry<String, List<Span>> e : byPath.entrySet()) {
      e.getValue().sort(Span::compareStart);
      Span last = null;
      for (Span s : e.getValue()) {
        if (!s.equals(last)) {
          out.add(new Location(e.getKey(), s));
        }
        last = s;
      }
    }
    return out;
  }

  /**
   * The references that resolve to one definition: for a parameter or local, found in its file; otherwise
   * the stored links to its id ({@link dev.vcr.kernel.index.SymbolIds}), plus, in files the source
   * shadows (a session's unsaved documents), the uses resolved now.
   */
  public List<RefHit> referencesTo(DefHit d) {
    List<RefHit> out = new ArrayList<>();
    if (referencesTo(d, out::addAll)) {
      out.sort(Comparator.comparing(RefHit::path).thenComparingInt(RefHit::ordinal));
    }
    return out;
  }

  /**
   * As {@link #referencesTo(DefHit)}, handed over file by file as they are read (each list one file's, in
   * position order): first the stored links, in path order, then the uses linked only to the name and
   * those in shadowed files, which may name a file again. Returns whether any of those later ones came.
   */
  private boolean referencesTo(DefHit d, java.util.function.Consumer<List<RefHit>> perFile) {
    Definition def = d.definition();
    if (def.kind().isLocal()) {
      List<RefHit> out = new ArrayList<>();
      FileFacts f = facts(d.path());
      List<Reference> refs = f.references();
      for (int i = 0; i < refs.size(); i++) {
        if (refs.get(i).name().equals(def.name()) && localBinding(f, refs.get(i)) == d.ordinal()) {
          out.add(new RefHit(d.path(), i, refs.get(i)));
        }
      }
      dev.vcr.kernel.index.Hits.byFile(out, perFile);
      return false;
    }
    long id = idOf(d);
    if (id == 0) {
      return false;
    }
    // A C static declaration's uses are in the files that may see it, whatever a name fallback linked.
    java.util.Set<String> maySee = InternalLinkage.filesThatMaySee(source, d);
    source.linkedReferences(id, maySee, perFile);
    return laterReferences(d, maySee, perFile);
  }

  /**
   * The references to {@code d} that its stored links do not give, handed over file by file: uses linked
   * only to its name (resolved again) and those in shadowed files. Returns whether any came.
   */
  private boolean laterReferences(DefHit d, java.util.Set<String> maySee,
      java.util.function.Consumer<List<RefHit>> perFile) {
    Definition def = d.definition();
    List<RefHit> more = new ArrayList<>();
    FileFacts df = facts(d.path());
    if (df != null) {
      // Uses linked only to the name (an ambiguous name fallback): resolve them again, keep those that name d.
      long nameId = dev.vcr.kernel.index.SymbolIds.nameId(df.language(), def.name());
      for (RefHit h : source.linkedReferences(nameId, maySee)) {
        FileFacts hf = facts(h.path());
        if (hf != null && resolvesTo(h.path(), hf, h.reference(), d)) {
          more.add(h);
        }
      }
    }
    java.util.Set<String> shadowed = source.shadowed();
    if (!shadowed.isEmpty()) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      names.add(def.name());
      if (def.kind() == SymbolKind.CONSTRUCTOR) {
        names.add("this");
        names.add("super");
      }
      for (String p : shadowed) {
        FileFacts f = facts(p);
        if (f == null) {
          continue;
        }
        for (int i = 0; i < f.references().size(); i++) {
          Reference r = f.references().get(i);
          if (names.contains(r.name()) && resolvesTo(p, f, r, d)) {
            more.add(new RefHit(p, i, r));
          }
        }
      }
    }
    more.sort(Comparator.comparing(RefHit::path).thenComparingInt(RefHit::ordinal));
    dev.vcr.kernel.index.Hits.byFile(more, perFile);
    return !more.isEmpty();
  }

  /** The stable id of a definition, read from its file's facts as this navigator sees them; 0 if unknown. */
  public synchronized long idOf(DefHit d) {
    long[] ids = idsCache.get(d.path());
    if (ids == null && singleIds.merge(d.path(), 1, Integer::sum) == 1) {
      // The first id asked of a file is computed alone (a request about one declaration of a large file
      // need not hash all its declarations); a second one computes, and keeps, all of them.
      FileFacts f = facts(d.path());
      return f == null ? 0 : dev.vcr.kernel.index.SymbolIds.idOf(d.path(), f, d.ordinal());
    }
    if (ids == null) {
      FileFacts f = facts(d.path());
      ids = f == null ? new long[0] : dev.vcr.kernel.index.SymbolIds.of(d.path(), f);
      idsCache.put(d.path(), ids);
    }
    return d.ordinal() >= 0 && d.ordinal() < ids.length ? ids[d.ordinal()] : 0;
  }

  private final Map<String, long[]> idsCache = new HashMap<>();
  private final Map<String, Integer> singleIds = new HashMap<>();

  // ---------------------------------------------------------------------------------- call hierarchy

  /**
   * The callables at a position: the one declared there, or those a call there resolves to; for a call of
   * a library member (nothing in the workspace declares it, its receiver's type is known), that member.
   */
  public List<CallItem> prepareCallHierarchy(FilePosition pos) {
    Optional<Target> t = targetAt(pos);
    List<CallItem> out = new ArrayList<>();
    if (t.isEmpty()) {
      return out;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<DefHit> decls = declarationsOf(t.get());
    for (DefHit found : decls) {
      DefHit d = overloadImplementation(found);
      if ((d.definition().kind().isCallable() || d.definition().kind().isType()) && seen.add(d.path() + "#" + d.ordinal())) {
        out.add(new CallItem(d.path(), d.ordinal(), d.definition()));
      }
    }
    Reference ref = t.get().ref();
    if (decls.isEmpty() && ref != null && ref.role().isCall()) {
      Results.ExternalMember m = externalMember(pos.path(), t.get().facts(), ref);
      if (m != null) {
        out.add(new CallItem(pos.path(), -1, null, m));
      }
    }
    return out;
  }

  /**
   * TypeScript overloads: a function's, method's or constructor's signatures and its implementation are one
   * symbol. The group of a callable declaration is the same-named declarations of its kind directly in its
   * container and adjacent to it there (TypeScript requires overloads to be adjacent). In C, a function's
   * or variable's prototypes and {@code extern} declarations with its definitions, definitions last
   * ({@code CResolver.declarationGroup}); in C++ also a member function's declaration in its class with its
   * out-of-line definitions ({@code CppResolver.declarationGroup}). In other languages, and for anything else, the declaration alone.
   */
  public List<DefHit> overloadGroup(DefHit d) {
    Definition def = d.definition();
    FileFacts f = facts(d.path());
    if (f != null && f.language() == dev.vcr.kernel.lang.Language.C) {
      // a C function's or variable's prototypes and `extern` declarations are one symbol with its definition
      return dev.vcr.kernel.resolve.CResolver.declarationGroup(this, d);
    }
    if (f != null && f.language() == dev.vcr.kernel.lang.Language.CPP) {
      // a C++ function's prototypes and definitions, a member function's declaration and out-of-line definitions
      return dev.vcr.kernel.resolve.CppResolver.declarationGroup(this, d);
    }
    if (!def.kind().isCallable()) {
      return List.of(d);
    }
    if (f == null || (f.language() != dev.vcr.kernel.lang.Language.TYPESCRIPT
        && f.language() != dev.vcr.kernel.lang.Language.TSX)) {
      return List.of(d);
    }
    int[] siblings = dev.vcr.kernel.resolve.FactsIndex.of(f).children(def.container());
    int at = java.util.Arrays.binarySearch(siblings, d.ordinal());
    if (at < 0) {
      return List.of(d);
    }
    int from = at;
    int to = at;
    while (from > 0 && sameOverload(f.definitions().get(siblings[from - 1]), def)) {
      from--;
    }
    while (to + 1 < siblings.length && sameOverload(f.definitions().get(siblings[to + 1]), def)) {
      to++;
    }
    if (from == to) {
      return List.of(d);
    }
    List<DefHit> out = new ArrayList<>(to - from + 1);
    for (int i = from; i <= to; i++) {
      out.add(new DefHit(d.path(), siblings[i], f.definitions().get(siblings[i])));
    }
    return out;
  }

  private static boolean sameOverload(Definition a, Definition b) {
    return a.kind() == b.kind() && a.name().equals(b.name());
  }

  /**
   * The declaration that stands for an overloaded symbol in the call hierarchy, as the TypeScript language
   * service has it: the implementation, which follows its signatures in a class, namespace or module (in
   * an interface or a declaration file there is none, and the last signature stands for them).
   */
  public DefHit overloadImplementation(DefHit d) {
    List<DefHit> group = overloadGroup(d);
    return group.get(group.size() - 1);
  }

  /**
   * The callers of an item and their call sites: of a declaration (with its overload group), the calls
   * linked to it; of a library member, the calls linked to its external id.
   */
  public List<IncomingCall> incomingCalls(CallItem item) {
    if (item.isFileLevel()) {
      return List.of();
    }
    // Each file's calls are taken to their callers as the file is read (its block is then in the store's
    // cache, however many files the answer spans), and their sites kept by caller.
    Map<InFile, CallItem> callers = new HashMap<>();
    Map<InFile, List<CallSite>> sites = new HashMap<>();
    if (item.external() != null) {
      List<RefHit> uses = referencesToExternal(item.external().id(), item.external().member());
      dev.vcr.kernel.index.Hits.byFile(uses, hits -> addCalls(dev.vcr.kernel.index.Hits.calls(hits), callers, sites,
          null));
    } else {
      DefHit target = new DefHit(item.path(), item.ordinal(), item.definition());
      List<DefHit> group = overloadGroup(target);
      java.util.Set<InFile> seenUses = group.size() > 1 ? new java.util.HashSet<>() : null;
      for (DefHit declaration : group) {
        Map<InFile, List<CallSite>> own = new HashMap<>();
        if (callsTo(declaration, calls -> addCalls(calls, callers, own, seenUses))) {
          // uses linked to the name or in unsaved documents came after the stored links: in position order
          own.values().forEach(l -> l.sort(Comparator.comparingInt(CallSite::ordinal)));
        }
        own.forEach((k, l) -> sites.computeIfAbsent(k, x -> new ArrayList<>()).addAll(l));
      }
    }
    List<IncomingCall> out = new ArrayList<>(sites.size());
    sites.forEach((k, calls) -> {
      List<Span> spans = new ArrayList<>(calls.size());
      for (CallSite c : calls) {
        spans.add(c.span());
      }
      out.add(new IncomingCall(callers.get(k), spans));
    });
    out.sort(Comparator.comparing((IncomingCall c) -> c.from().path()).thenComparingInt(c -> c.from().ordinal()));
    return out;
  }

  /**
   * The calls among the references to a declaration ({@link #referencesTo(DefHit, java.util.function.Consumer)}),
   * handed over file by file; the stored links' are read as call sites alone ({@link SymbolSource#linkedCalls}).
   */
  private boolean callsTo(DefHit d, java.util.function.Consumer<List<CallSite>> perFile) {
    java.util.function.Consumer<List<RefHit>> asCalls = hits -> {
      List<CallSite> calls = dev.vcr.kernel.index.Hits.calls(hits);
      if (!calls.isEmpty()) {
        perFile.accept(calls);
      }
    };
    if (d.definition().kind().isLocal()) {
      return referencesTo(d, asCalls);
    }
    long id = idOf(d);
    if (id == 0) {
      return false;
    }
    java.util.Set<String> maySee = InternalLinkage.filesThatMaySee(source, d);
    source.linkedCalls(id, maySee, perFile);
    return laterReferences(d, maySee, asCalls);
  }

  /**
   * Adds one file's calls (those not in {@code seen}, when given) to their callers' sites, finding the
   * callers ({@link #callersIn}) that {@code callers} does not hold yet.
   */
  private void addCalls(List<CallSite> fileCalls, Map<InFile, CallItem> callers, Map<InFile, List<CallSite>> sites,
      java.util.Set<InFile> seen) {
    List<CallSite> calls = fileCalls;
    if (seen != null) {
      calls = new ArrayList<>();
      for (CallSite c : fileCalls) {
        if (seen.add(new InFile(c.path(), c.ordinal()))) {
          calls.add(c);
        }
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    String path = calls.get(0).path();
    Map<Integer, CallItem> byContainer = callersIn(path, calls);
    if (byContainer == null) {
      return; // the file is gone
    }
    for (CallSite call : calls) {
      CallItem from = byContainer.get(call.container());
      InFile key = new InFile(path, from.ordinal());
      callers.putIfAbsent(key, from);
      sites.computeIfAbsent(key, k -> new ArrayList<>()).add(call);
    }
  }

  /**
   * The caller of each of the calls' containers in a file, by container: the definition a call is made in
   * or, past anonymous classes, the member that holds it ({@link FileFacts#callerOf}); the file itself
   * for a call at top level. Null when the file is unknown. Only the definitions needed are decoded.
   */
  private Map<Integer, CallItem> callersIn(String path, List<CallSite> calls) {
    int[] containers = new int[calls.size()];
    int distinct = 0;
    for (CallSite c : calls) {
      int container = c.container();
      boolean seen = false;
      for (int i = 0; i < distinct && !seen; i++) {
        seen = containers[i] == container;
      }
      if (!seen) {
        containers[distinct++] = container;
      }
    }
    containers = java.util.Arrays.copyOf(containers, distinct);
    int[] at = containers.clone(); // where each container's caller search stands
    Definition[] defs = definitionsAt(path, at);
    if (defs == null) {
      return null;
    }
    for (int round = 0; round < 64; round++) {
      int up = 0; // the searches standing on an anonymous class go up to its container
      int[] which = new int[at.length];
      for (int i = 0; i < at.length; i++) {
        if (defs[i] != null && defs[i].kind() == SymbolKind.ANONYMOUS_CLASS) {
          which[up++] = i;
        }
      }
      if (up == 0) {
        break;
      }
      int[] next = new int[up];
      for (int i = 0; i < up; i++) {
        next[i] = at[which[i]] = defs[which[i]].container();
      }
      Definition[] more = definitionsAt(path, next);
      for (int i = 0; i < up; i++) {
        defs[which[i]] = more == null ? null : more[i];
      }
    }
    Map<Integer, CallItem> byOrdinal = new HashMap<>();
    Map<Integer, CallItem> out = new HashMap<>();
    for (int i = 0; i < containers.length; i++) {
      Definition d = defs[i];
      int ordinal = d == null ? -1 : at[i];
      out.put(containers[i], byOrdinal.computeIfAbsent(ordinal, o -> new CallItem(path, o, d)));
    }
    return out;
  }

  /** Definitions of a file by ordinal: from this request's decoded ones, else decoded alone by the source. */
  private Definition[] definitionsAt(String path, int[] ordinals) {
    synchronized (this) {
      Optional<FileFacts> f = factsCache.get(path);
      Optional<List<Definition>> d = f == null ? definitionsCache.get(path) : f.map(FileFacts::definitions);
      if (d != null) {
        return d.map(defs -> SymbolSource.pick(defs, ordinals)).orElse(null);
      }
    }
    return source.definitionsAt(path, ordinals);
  }

  /** A place in a file: a reference's or a definition's ordinal (a map key without string concatenation). */
  private record InFile(String path, int ordinal) {}

  public List<OutgoingCall> outgoingCalls(CallItem asked) {
    FileFacts f = facts(asked.path());
    if (f == null || asked.external() != null) {
      return List.of(); // a library member's body is not in the workspace
    }
    CallItem item = asked;
    if (!asked.isFileLevel()) {
      // an overload signature has no body: its symbol's calls are its implementation's
      DefHit impl = overloadImplementation(new DefHit(asked.path(), asked.ordinal(), asked.definition()));
      item = new CallItem(impl.path(), impl.ordinal(), impl.definition());
      f = facts(item.path()); // a C prototype's definition is in another file
      if (f == null) {
        return List.of();
      }
    }
    List<RefHit> calls = item.isFileLevel() ? fileLevelCalls(item.path(), f) : source.callsFrom(item.path(), item.ordinal());
    LinkedHashMap<String, List<Span>> sites = new LinkedHashMap<>();
    Map<String, CallItem> callees = new HashMap<>();
    for (RefHit h : calls) {
      for (DefHit resolved : resolve(item.path(), f, h.reference())) {
        if (!resolved.definition().kind().isCallable() && resolved.definition().kind() != SymbolKind.CONSTRUCTOR) {
          continue;
        }
        if (objectLikeMacro(resolved)) {
          continue; // `ts_malloc(n)` with `#define ts_malloc ts_current_malloc` calls what the macro stands for
        }
        DefHit d = overloadImplementation(resolved);
        String key = d.path() + "#" + d.ordinal();
        callees.putIfAbsent(key, new CallItem(d.path(), d.ordinal(), d.definition()));
        sites.computeIfAbsent(key, k -> new ArrayList<>()).add(h.reference().span());
      }
    }
    List<OutgoingCall> out = new ArrayList<>();
    for (Map.Entry<String, List<Span>> e : sites.entrySet()) {
      out.add(new OutgoingCall(callees.get(e.getKey()), e.getValue()));
    }
    out.sort(Comparator.comparing((OutgoingCall c) -> c.to().path()).thenComparingInt(c -> c.to().ordinal()));
    return out;
  }

  /** A C macro without parameters (the C query gives it its replacement text as type). */
  private boolean objectLikeMacro(DefHit d) {
    if (d.definition().kind() != SymbolKind.MACRO || d.definition().type() == null) {
      return false;
    }
    FileFacts df = facts(d.path());
    return df != null && df.language() == dev.vcr.kernel.lang.Language.C;
  }

  private static List<RefHit> fileLevelCalls(String path, FileFacts f) {
    List<RefHit> out = new ArrayList<>();
    for (int i = 0; i < f.references().size(); i++) {
      Reference r = f.references().get(i);
      if (r.role().isCall() && f.callerOf(r.container()) < 0) {
        out.add(new RefHit(path, i, r));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- symbols

  /** Workspace symbols for a query, best first (see {@link WorkspaceSymbols}). At most {@code limit}. */
  public List<SymbolMatch> workspaceSymbols(String query, int limit) {
    return new WorkspaceSymbols(source).search(query, limit);
  }

  /** The outline of a file: non-local definitions nested by container. */
  public List<SymbolTree> documentSymbols(String path) {
    FileFacts f = facts(path);
    return f == null ? List.of() : symbolTrees(f);
  }

  /** The definitions of a file's facts as an outline (containers with their members), in source order. */
  public static List<SymbolTree> symbolTrees(FileFacts f) {
    List<Definition> defs = f.definitions();
    List<List<SymbolTree>> children = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      children.add(new ArrayList<>());
    }
    List<SymbolTree> roots = new ArrayList<>();
    // Definitions are in source order with containers before their members, so build bottom-up.
    SymbolTree[] nodes = new SymbolTree[defs.size()];
    for (int i = 0; i < defs.size(); i++) {
      if (defs.get(i).kind().isNamed()) {
        nodes[i] = new SymbolTree(i, defs.get(i), children.get(i));
      }
    }
    for (int i = 0; i < defs.size(); i++) {
      if (nodes[i] == null) {
        continue;
      }
      int c = defs.get(i).container();
      while (c >= 0 && nodes[c] == null) {
        c = defs.get(c).container();
      }
      if (c >= 0) {
        children.get(c).add(nodes[i]);
      } else {
        roots.add(nodes[i]);
      }
    }
    return roots;
  }
}
