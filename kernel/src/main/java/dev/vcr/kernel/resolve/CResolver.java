package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * C name resolution from syntax alone, over the index (issue 12).
 *
 * <p><b>What a file sees.</b> A translation unit is a file and the files it includes, transitively. An
 * include names a workspace file relative to the including file's folder, else relative to one of the
 * including file's ancestor folders or their {@code include} folder (the usual {@code -I} layouts: a
 * header {@code tree_sitter/api.h} included from {@code lib/src/parser.c} is
 * {@code lib/include/tree_sitter/api.h}). {@code <system>} headers that are not in the workspace name
 * nothing. So a file-scope {@code static} of another {@code .c} file is never seen.
 *
 * <p><b>Unqualified names.</b> Parameters and locals are bound by the caller. Then the file-scope
 * declarations of the files seen: functions, variables, macros, enumerators, typedef names for values (a
 * typedef name is an ordinary identifier: {@code sizeof(T)} parses as an expression); typedef names for
 * types; {@code struct}/{@code union}/{@code enum} tags for a name after that keyword (the extractor gives a
 * tag its keyword as receiver). A function called without a declaration in the unit (C89's implicit
 * declaration) is the workspace's functions of that name with external linkage, as the linker would
 * choose. Another name found nowhere is outside the workspace (the C library), unless an
 * include of the unit names no workspace file (a {@code "header"} not found: its declarations are
 * unknown), where the name fallback decides.
 *
 * <p><b>One symbol, several declarations.</b> A function or variable with external linkage is one symbol
 * however many times it is declared (prototypes, {@code extern}): a use resolves to its definitions (a
 * function with a body, a variable not {@code extern}) in any file of the workspace that defines it without
 * {@code static}, and to the declarations it sees only when the workspace has no definition. A
 * {@code static} one is defined in its own unit. {@link #declarationGroup} gives all declarations of such
 * a symbol, definitions last, so that references and call hierarchy asked at a prototype are those of
 * the function.
 *
 * <p><b>Members.</b> {@code p->f}, {@code s.f}, {@code a.b.c}, {@code f(x)->g}, {@code ((T *) p)->f},
 * {@code a[i].f}: the receiver's declared type (a parameter's, a local's, a variable's, a field's, a
 * function's result, a cast), through typedefs to the struct or union, then its fields, also those of
 * anonymous nested members. A type the syntax does not give is "cannot tell"; a member not declared in a
 * workspace type that was found (a field declared by a macro) is nothing.
 */
public final class CResolver implements LanguageResolver {
  private static final int MAX_DEPTH = 8;
  private static final Set<String> TAGS = Set.of("struct", "union", "enum");
  private static final Set<String> TYPE_WORDS = Set.of("const", "volatile", "restrict", "static", "extern",
      "inline", "register", "signed", "unsigned", "struct", "union", "enum", "_Atomic", "__restrict");

  private final Lookup lookup;
  private final TranslationUnits units;

  /**
   * The unqualified uses of one file ({@link #memoPath}) resolved, by role and name: a file names {@code
   * NULL} or {@code kfree} dozens of times. Forgotten when another file is asked about.
   */
  private final Map<RefRole, Map<String, Optional<List<DefHit>>>> unqualified = new EnumMap<>(RefRole.class);
  private String memoPath;

  public CResolver(Lookup lookup) {
    this.lookup = lookup;
    this.units = new TranslationUnits(lookup);
  }

  @Override
  public Optional<List<DefHit>> resolve(String path, FileFacts f, Reference ref) {
    if (ref.role() == RefRole.IMPORT) {
      return Optional.of(List.of());
    }
    String recv = ref.receiver();
    if (recv != null && TAGS.contains(recv)) {
      return visibleOr(path, tags(path, ref.name(), recv));
    }
    if (recv == null) {
      // a file's uses of one name in one role resolve alike (the syntax and the unit decide, not the place)
      if (!path.equals(memoPath)) {
        unqualified.clear();
        memoPath = path;
      }
      Map<String, Optional<List<DefHit>>> byName = unqualified.computeIfAbsent(ref.role(), r -> new HashMap<>());
      Optional<List<DefHit>> known = byName.get(ref.name());
      if (known == null) {
        known = unqualified(path, f, ref).map(List::copyOf);
        byName.put(ref.name(), known);
      }
      return known;
    }
    Optional<DefHit> type = expressionType(path, f, ref.span(), recv, 0);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(members(type.get(), ref.name()));
  }

  // ------------------------------------------------------------------------------------- units

  /** {@code dir/rel} with {@code .} and {@code ..} segments folded (also the file graph's, {@code ImportTargets}). */
  public static String join(String dir, String rel) {
    List<String> parts = new ArrayList<>();
    for (String s : (dir.isEmpty() ? rel : dir + "/" + rel).split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(s);
      }
    }
    return String.join("/", parts);
  }

  /**
   * The file-scope definitions named {@code name} of the kinds {@code kinds} accepts in the files {@code
   * path}'s unit sees, in unit order (the kind is tested first: it costs no lookup in the unit).
   */
  private List<DefHit> visible(String path, String name, java.util.function.Predicate<SymbolKind> kinds) {
    return units.visible(path, name, kinds);
  }

  private Optional<List<DefHit>> visibleOr(String path, List<DefHit> found) {
    if (found.isEmpty() && units.incomplete(path)) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  // ---------------------------------------------------------------------------- unqualified names

  private Optional<List<DefHit>> unqualified(String path, FileFacts f, Reference ref) {
    RefRole role = ref.role();
    List<DefHit> fit = visible(path, ref.name(), k -> switch (role) {
      case TYPE -> k == SymbolKind.TYPE_ALIAS;
      case CALL, MACRO -> k == SymbolKind.FUNCTION || k == SymbolKind.MACRO || k == SymbolKind.VARIABLE;
      // typedef names are ordinary identifiers (C11 6.2.3): `sizeof(T)` and `(T)` read as expressions
      default -> k == SymbolKind.FUNCTION || k == SymbolKind.MACRO || k == SymbolKind.VARIABLE
          || k == SymbolKind.ENUM_MEMBER || k == SymbolKind.CONSTANT || k == SymbolKind.TYPE_ALIAS;
    });
    if (fit.isEmpty() && ref.role() == RefRole.TYPE) {
      fit = tags(path, ref.name(), null); // a tag used without its keyword (C++ headers)
    }
    if (fit.isEmpty() && ref.role().isCall()) {
      // a call of a function no declaration in the unit names (C89's implicit declaration): the linker's
      // choice, the workspace's functions of that name with external linkage
      for (DefHit d : lookup.definitionsNamedIn(ref.name(), (p, k) -> k == SymbolKind.FUNCTION)) {
        Definition def = d.definition();
        if (def.container() < 0 && !isStatic(def) && cFamily(d.path())) {
          fit.add(d);
        }
      }
    }
    if (fit.isEmpty()) {
      // a designated initializer's `.field` has no receiver: a field of a type the syntax does not give
      if (units.seesAny(path, ref.name(), k -> k == SymbolKind.FIELD)) {
        return Optional.empty();
      }
      return visibleOr(path, fit);
    }
    return Optional.of(symbols(fit));
  }

  /**
   * The struct, union or enum tags named {@code name} that {@code path} sees ({@code keyword} null: any of the
   * three); when it sees none, those of the workspace's C files: a struct declared but not defined here
   * ({@code typedef struct parser parser_t;} in a header) is completed in the file that defines it.
   */
  private List<DefHit> tags(String path, String name, String keyword) {
    java.util.function.Predicate<SymbolKind> tag = tagKinds(keyword);
    List<DefHit> out = visible(path, name, tag);
    if (out.isEmpty()) {
      out = lookup.definitionsNamedIn(name, (p, k) -> tag.test(k) && cFamily(p));
    }
    return out;
  }

  /** The kinds a tag use names: {@code keyword}'s, or any of the three when null. */
  private static java.util.function.Predicate<SymbolKind> tagKinds(String keyword) {
    if (keyword == null) {
      return k -> k == SymbolKind.STRUCT || k == SymbolKind.UNION || k == SymbolKind.ENUM;
    }
    SymbolKind only = switch (keyword) {
      case "struct" -> SymbolKind.STRUCT;
      case "union" -> SymbolKind.UNION;
      default -> SymbolKind.ENUM;
    };
    return k -> k == only;
  }

  /**
   * The symbols of the declarations a use sees: for functions and variables with external linkage, the
   * workspace's definitions of them (else the declarations seen); a static one's definition in its unit.
   */
  private List<DefHit> symbols(List<DefHit> seen) {
    List<DefHit> out = new ArrayList<>();
    List<DefHit> declarations = new ArrayList<>();
    boolean defined = false;
    boolean external = false;
    for (DefHit d : seen) {
      SymbolKind k = d.definition().kind();
      if (k != SymbolKind.FUNCTION && k != SymbolKind.VARIABLE) {
        out.add(d);
        continue;
      }
      external |= !isStatic(d.definition());
      if (isDefinition(d.definition())) {
        addOnce(out, d);
        defined = true;
      } else {
        declarations.add(d);
      }
    }
    if (external && !declarations.isEmpty()) {
      Definition first = declarations.get(0).definition();
      for (DefHit d : lookup.definitionsNamedIn(first.name(), (p, k) -> k == first.kind())) {
        Definition def = d.definition();
        if (def.container() < 0 && definesIn(d) && !isStatic(def)
            && cFamily(d.path())) {
          addOnce(out, d);
          defined = true;
        }
      }
    }
    if (!defined) {
      out.addAll(declarations);
    }
    return out;
  }

  private static void addOnce(List<DefHit> out, DefHit d) {
    if (!out.contains(d)) {
      out.add(d);
    }
  }

  /** Whether a path is a C or C++ file (by its name). */
  public static boolean cFamily(String path) {
    int slash = path.lastIndexOf('/');
    return Language.forFileName(path.substring(slash + 1)).map(l -> l.family() == Language.C).orElse(false);
  }

  /** Whether a declaration defines (C++ functions too: the C++ query marks bodies as well). */
  private boolean definesIn(DefHit d) {
    return isDefinition(d.definition());
  }

  /** Whether a C declaration defines: a function with a body, a variable not declared {@code extern}. */
  public static boolean isDefinition(Definition d) {
    if (d.kind() == SymbolKind.FUNCTION) {
      return d.scope() != null;
    }
    return d.kind() != SymbolKind.VARIABLE || !hasModifier(d, "extern");
  }

  public static boolean isStatic(Definition d) {
    return hasModifier(d, "static");
  }

  private static boolean hasModifier(Definition d, String word) {
    String t = d.type();
    if (t == null) {
      return false;
    }
    // the words before the type, split at single spaces (read in place: this runs for every candidate)
    for (int from = 0; from <= t.length(); ) {
      int end = t.indexOf(' ', from);
      end = end < 0 ? t.length() : end;
      if (isWord(t, from, end, word)) {
        return true;
      }
      boolean modifier = false;
      for (String m : MODIFIERS) {
        modifier |= isWord(t, from, end, m);
      }
      if (!modifier) {
        return false;
      }
      from = end + 1;
    }
    return false;
  }

  private static final String[] MODIFIERS =
      {"static", "extern", "inline", "register", "thread_local", "_Thread_local", "auto"};

  private static boolean isWord(String s, int from, int end, String word) {
    return end - from == word.length() && s.startsWith(word, from);
  }

  /**
   * All declarations of the symbol {@code d} declares, definitions last: for a function or variable with
   * external linkage, the same-named file-scope ones of the workspace's C files without {@code static};
   * for a static one, those of its file; otherwise {@code d} alone.
   */
  public static List<DefHit> declarationGroup(Lookup lookup, DefHit d) {
    Definition def = d.definition();
    if ((def.kind() != SymbolKind.FUNCTION && def.kind() != SymbolKind.VARIABLE) || def.container() >= 0) {
      return List.of(d);
    }
    boolean stat = isStatic(def);
    List<DefHit> decls = new ArrayList<>();
    List<DefHit> defs = new ArrayList<>();
    for (DefHit o : lookup.definitionsNamedIn(def.name(), (p, k) -> k == def.kind())) {
      Definition od = o.definition();
      if (od.container() >= 0 || isStatic(od) != stat
          || (stat && !o.path().equals(d.path()))) {
        continue;
      }
      Language ol = lookup.language(o.path());
      if (ol == null || ol.family() != Language.C) {
        continue;
      }
      (isDefinition(od) ? defs : decls).add(o);
    }
    if (!decls.contains(d) && !defs.contains(d)) {
      return List.of(d);
    }
    decls.addAll(defs);
    return decls;
  }

  // ------------------------------------------------------------------------------------ members

  /** The fields named {@code name} of a struct, union or typedef of an anonymous body. */
  private List<DefHit> members(DefHit type, String name) {
    FileFacts tf = lookup.facts(type.path());
    List<DefHit> out = new ArrayList<>();
    if (tf == null) {
      return out;
    }
    for (int i : FactsIndex.of(tf).named(name)) {
      Definition d = tf.definitions().get(i);
      if (d.kind() == SymbolKind.FIELD && d.container() == type.ordinal()) {
        out.add(new DefHit(type.path(), i, d));
      }
    }
    return out;
  }

  /**
   * The struct, union or typedef of an anonymous body that an expression's type names; empty when the
   * syntax does not tell.
   */
  private Optional<DefHit> expressionType(String path, FileFacts f, Span at, String expr, int depth) {
    if (depth > MAX_DEPTH) {
      return Optional.empty();
    }
    String e = ReceiverText.stripOuter(expr.trim());
    // a cast: (T *) x, (struct S *) x
    if (e.startsWith("(")) {
      int close = ReceiverText.matching(e, 0);
      if (close > 0 && close + 1 < e.length()) {
        String inner = e.substring(1, close).trim();
        if (looksLikeType(path, inner)) {
          return typeNamed(path, inner, depth + 1);
        }
      }
    }
    if (e.startsWith("&") || e.startsWith("*")) {
      return expressionType(path, f, at, e.substring(1), depth + 1);
    }
    // the last member access splits the expression into a receiver and a field
    int cut = ReceiverText.lastAccess(e);
    if (cut > 0) {
      int len = e.startsWith("->", cut) ? 2 : 1;
      String field = ReceiverText.stripIndex(e.substring(cut + len).trim());
      Optional<DefHit> owner = expressionType(path, f, at, e.substring(0, cut), depth + 1);
      if (owner.isEmpty()) {
        return Optional.empty();
      }
      List<DefHit> fs = members(owner.get(), field);
      return fs.size() == 1 ? declaredType(fs.get(0), depth + 1) : Optional.empty();
    }
    e = ReceiverText.stripIndex(e);
    if (e.endsWith(")")) { // a call f(...)
      int open = e.indexOf('(');
      String callee = e.substring(0, open).trim();
      if (!isIdentifier(callee)) {
        return Optional.empty();
      }
      List<DefHit> fn = visible(path, callee, k -> k == SymbolKind.FUNCTION);
      return fn.isEmpty() ? Optional.empty() : declaredType(fn.get(0), depth + 1);
    }
    if (!isIdentifier(e)) {
      return Optional.empty();
    }
    int local = Scopes.local(f, e, at);
    if (local >= 0) {
      return declaredType(new DefHit(path, local, f.definitions().get(local)), depth + 1);
    }
    List<DefHit> variables = visible(path, e, k -> k == SymbolKind.VARIABLE);
    return variables.isEmpty() ? Optional.empty() : declaredType(variables.get(0), depth + 1);
  }

  /** The struct or union of a declaration's type (a variable's, a parameter's, a field's, a function's result). */
  private Optional<DefHit> declaredType(DefHit d, int depth) {
    String t = d.definition().type();
    if (t == null) {
      return Optional.empty();
    }
    if (d.definition().kind() == SymbolKind.FIELD && (t.contains("{"))) {
      // an anonymous struct or union member: its fields are nested in the field's declaration
      return Optional.of(d);
    }
    return typeNamed(d.path(), t, depth);
  }

  /** The struct, union or anonymous-body typedef a type's text names, seen from {@code path}. */
  private Optional<DefHit> typeNamed(String path, String text, int depth) {
    if (depth > MAX_DEPTH) {
      return Optional.empty();
    }
    String tag = null;
    String name = null;
    for (String w : Words.ofType(text, true)) {
      if (w.isEmpty() || w.startsWith("[")) {
        continue;
      }
      if (TAGS.contains(w)) {
        tag = w;
      } else if (!TYPE_WORDS.contains(w) && isIdentifier(w)) {
        name = w;
        break;
      }
    }
    if (name == null) {
      return Optional.empty();
    }
    if (tag != null) {
      List<DefHit> t = tags(path, name, tag);
      return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
    }
    for (DefHit d : visible(path, name, k -> k == SymbolKind.TYPE_ALIAS)) {
      FileFacts df = lookup.facts(d.path());
      if (df != null && FactsIndex.of(df).children(d.ordinal()).length > 0) {
        return Optional.of(d); // typedef struct { ... } T;
      }
      String target = d.definition().type();
      if (target == null) {
        return Optional.empty();
      }
      if (target.trim().equals(name)) { // typedef struct T {...} T: the tag
        List<DefHit> t = tags(d.path(), name, null);
        return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
      }
      Optional<DefHit> through = typeNamed(d.path(), target, depth + 1);
      if (through.isPresent()) {
        return through;
      }
      // typedef struct list {...} list_t: the type is the tag's name
      List<DefHit> t = tags(d.path(), target.trim(), null);
      return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
    }
    List<DefHit> t = tags(path, name, null);
    return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
  }

  private boolean looksLikeType(String path, String s) {
    for (String w : Words.ofType(s, false)) {
      if (w.isEmpty()) {
        continue;
      }
      if (TAGS.contains(w) || TYPE_WORDS.contains(w)) {
        return true;
      }
      if (!isIdentifier(w)) {
        return false;
      }
      if (units.seesAny(path, w, k -> k == SymbolKind.TYPE_ALIAS)) {
        return true;
      }
      return s.contains("*") || w.endsWith("_t");
    }
    return false;
  }

  private static boolean isIdentifier(String s) {
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

  @Override
  public void endOfFile() {
    units.clear();
    unqualified.clear();
    memoPath = null;
  }
}
